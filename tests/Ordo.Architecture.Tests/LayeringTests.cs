using NetArchTest.Rules;
using Ordo.Domain.Common;

namespace Ordo.Architecture.Tests;

public sealed class LayeringTests
{
    private static readonly System.Reflection.Assembly Domain = typeof(Money).Assembly;

    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.Extensions")]
    [InlineData("Npgsql")]
    [InlineData("Ordo.Api")]
    [InlineData("Ordo.Persistence")]
    public void The_domain_depends_on_no_framework_or_infrastructure(string forbidden)
    {
        var result = Types.InAssembly(Domain).ShouldNot().HaveDependencyOn(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"Domain types depending on {forbidden}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_domain_assembly_references_only_the_base_library()
    {
        var references = Domain.GetReferencedAssemblies().Select(reference => reference.Name!).ToList();

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"Ordo.Domain references {name}"));
    }

    /// <summary>The context lists its configurations rather than scanning for them, so a new one must be listed too.</summary>
    [Fact]
    public void Every_entity_configuration_is_applied_by_the_context()
    {
        var persistence = typeof(Ordo.Persistence.OrdoDbContext).Assembly;
        var configurations = persistence.GetTypes()
            .Where(type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<>)))
            .ToList();

        Assert.NotEmpty(configurations);
        Assert.All(configurations, configuration => Assert.True(
            Types.InAssembly(persistence).That().HaveName(nameof(Ordo.Persistence.OrdoDbContext)).Should().HaveDependencyOn(configuration.FullName).GetResult().IsSuccessful,
            $"{configuration.Name} is not applied in OrdoDbContext.OnModelCreating"));
    }

    [Fact]
    public void Persistence_does_not_depend_on_the_web_host()
    {
        var result = Types.InAssembly(typeof(Ordo.Persistence.OrdoDbContext).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Authentication")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
