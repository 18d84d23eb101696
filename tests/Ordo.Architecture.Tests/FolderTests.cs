using NetArchTest.Rules;

namespace Ordo.Architecture.Tests;

/// <summary>
/// The folder rules of the host (docs/decisions/0020): features stand alone, so a feature is added in its own folder
/// (plus the domain, persistence and the permission catalogue) without an edit to shared code. Only the composition
/// root (<c>OrdoHost</c>, <c>OrdoCommands</c>) wires features in.
/// </summary>
public sealed class FolderTests
{
    private const string Features = "Ordo.Api.Features";
    private static readonly System.Reflection.Assembly Api = typeof(Ordo.Api.OrdoHost).Assembly;

    private static readonly string[] Areas =
    [
        "Ordo.Api.Features.Audit",
        "Ordo.Api.Features.Orders",
        "Ordo.Api.Features.Products",
        "Ordo.Api.Features.Customers",
        "Ordo.Api.Features.Identity.Account",
        "Ordo.Api.Features.Identity.Auth",
        "Ordo.Api.Features.Identity.Users",
        "Ordo.Api.Features.Identity.Roles",
        "Ordo.Api.Features.Identity.Clients",
        "Ordo.Api.Features.Identity.Administration",
        "Ordo.Api.Features.Jobs",
        "Ordo.Api.Features.Reports",
        "Ordo.Api.Features.Webhooks",
    ];

    [Theory]
    [InlineData("Ordo.Api.Infrastructure")]
    [InlineData("Ordo.Api.Http")]
    [InlineData("Ordo.Api.Seeding")]
    public void Shared_code_never_references_a_feature(string shared)
    {
        var result = Types.InAssembly(Api).That().ResideInNamespace(shared).ShouldNot().HaveDependencyOn(Features).GetResult();

        Assert.True(result.IsSuccessful, $"{shared} types depending on {Features}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Every_type_of_the_host_lives_in_a_known_room()
    {
        string[] rooms = [Features, "Ordo.Api.Http", "Ordo.Api.Infrastructure", "Ordo.Api.Seeding"];
        string[] compositionRoot = ["Ordo.Api.OrdoHost", "Ordo.Api.OrdoCommands", "Program"];

        var strays = Api.GetTypes()
            .Where(type => !type.IsNested && type.Namespace is not null && !type.Namespace.StartsWith("Microsoft", StringComparison.Ordinal)
                && !type.Namespace.StartsWith("System", StringComparison.Ordinal)
                // Under coverage (tools/test-report, .ci/run) coverlet adds its hit tracker to the instrumented assembly.
                && !type.Namespace.StartsWith("Coverlet.Core.Instrumentation", StringComparison.Ordinal))
            .Where(type => !compositionRoot.Contains(type.FullName) && !rooms.Any(room => type.Namespace == room || type.Namespace!.StartsWith(room + ".", StringComparison.Ordinal)))
            .Where(type => !type.Name.StartsWith('<'))
            .Select(type => type.FullName)
            .ToList();

        Assert.True(strays.Count == 0, $"Types outside Features/, Http/, Infrastructure/ and Seeding/: {string.Join(", ", strays)}");
    }

    public static TheoryData<string, string> AreaPairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var one in Areas)
        {
            foreach (var other in Areas.Where(other => string.CompareOrdinal(one, other) < 0))
            {
                pairs.Add(one, other);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(AreaPairs))]
    public void Feature_areas_do_not_depend_on_each_other_both_ways(string one, string other)
    {
        Assert.False(
            DependsAtAll(one, other) && DependsAtAll(other, one),
            $"{one} and {other} depend on each other: a cycle (move the shared piece down to where both can use it).");
    }

    [Fact]
    public void Every_feature_area_is_listed()
    {
        var areas = Api.GetTypes()
            .Select(type => type.Namespace)
            .Where(name => name is not null && name.StartsWith(Features + ".", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.All(areas, area => Assert.Contains(area, Areas));
    }

    /// <summary>Whether any type of one namespace uses the other.</summary>
    private static bool DependsAtAll(string from, string to) =>
        !Types.InAssembly(Api).That().ResideInNamespace(from).ShouldNot().HaveDependencyOn(to).GetResult().IsSuccessful;
}
