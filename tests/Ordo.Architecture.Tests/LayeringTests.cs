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

    [Fact]
    public void Persistence_does_not_depend_on_the_web_host()
    {
        var result = Types.InAssembly(typeof(Ordo.Persistence.OrdoDbContext).Assembly)
            .ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Authentication")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
