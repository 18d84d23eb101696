using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Infrastructure.Contract;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// One catalogue of error codes (<see cref="ErrorCatalogue"/>), listed by the OpenAPI document's problem schema and by
/// <c>docs/api.md</c>'s error table; the contract check refuses any problem whose code it lacks. Refresh the table
/// with <c>ORDO_UPDATE_SNAPSHOTS=1</c>.
/// </summary>
public sealed partial class ErrorCatalogueTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private const string DocumentPath = "docs/api.md";

    [Fact]
    public void Every_code_is_declared_once_well_formed_and_explained()
    {
        var codes = ErrorCatalogue.All;

        Assert.True(codes.Count >= 25, $"only {codes.Count} codes found: the lookup is broken");
        Assert.Equal(codes.Count, codes.Select(entry => entry.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(codes.Select(entry => entry.Code).Order(StringComparer.Ordinal), codes.Select(entry => entry.Code));
        Assert.All(codes, entry =>
        {
            Assert.Matches(WellFormedCode(), entry.Code);
            Assert.True(entry.Meaning.Length > 10 && entry.Meaning.EndsWith('.'), $"{entry.Code}: the meaning is one plain sentence.");
        });
        Assert.Contains(codes, entry => entry.Code == "invalid_*");
    }

    [Fact]
    public void A_family_lists_its_members_and_nothing_else()
    {
        Assert.True(ErrorCatalogue.Lists("invalid_currency"));
        Assert.True(ErrorCatalogue.Lists("http_408"));
        Assert.True(ErrorCatalogue.Lists("not_found"));
        Assert.False(ErrorCatalogue.Lists("invalid_"));
        Assert.False(ErrorCatalogue.Lists("not_found_anywhere"));
        Assert.False(ErrorCatalogue.Lists("http"));
    }

    [Fact]
    public void The_error_table_of_docs_api_md_is_rendered_from_the_catalogue()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryFiles.Root, DocumentPath)).ReplaceLineEndings("\n");
        var region = Region().Match(document);
        Assert.True(region.Success, $"{DocumentPath} lacks the <!-- generated:errors --> … <!-- /generated:errors --> markers.");

        RepositoryFiles.AssertMatches(
            DocumentPath,
            Region().Replace(document, match => match.Groups[1].Value + ErrorCatalogue.Table() + match.Groups[3].Value, 1));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_code_with_its_status()
    {
        var code = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", Cancellation)).RootElement
            .GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails")
            .GetProperty("properties").GetProperty("code").GetProperty("description").GetString()!;

        Assert.All(ErrorCatalogue.All, entry =>
            Assert.Contains($"| `{entry.Code}` | {Http.DomainProblems.StatusOf(entry.Kind)} |", code, StringComparison.Ordinal));
    }

    [Fact]
    public void The_contract_check_refuses_a_problem_whose_code_no_catalogue_lists()
    {
        var contract = ApiContract.For(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "openapi.json")));

        var violations = contract.Check(Problem("made_up_code"));

        Assert.Contains(violations, violation => violation.Contains("'made_up_code', which no error catalogue lists", StringComparison.Ordinal));
        Assert.DoesNotContain(contract.Check(Problem("not_found")), violation => violation.Contains("catalogue", StringComparison.Ordinal));
    }

    private static Exchange Problem(string code) => new(
        "GET",
        "/no/such/path",
        "",
        new Dictionary<string, string>(),
        null,
        null,
        404,
        new Dictionary<string, string> { ["Content-Type"] = "application/problem+json" },
        "application/problem+json",
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = Problems.TypeFor(code),
            ["title"] = "Not Found",
            ["status"] = 404,
            ["detail"] = "No resource matches this path.",
            ["code"] = code,
            ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
        }),
        true);

    [GeneratedRegex(@"^[a-z][a-z0-9_]*\*?$")]
    private static partial Regex WellFormedCode();

    [GeneratedRegex("(<!-- generated:errors -->\n)(.*?)(<!-- /generated:errors -->)", RegexOptions.Singleline)]
    private static partial Regex Region();
}
