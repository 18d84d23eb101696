using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// <c>docs/states.md</c> against the code: every closed set of the OpenAPI document is listed there with exactly its
/// values, and the allowed actions of each order state are rendered from <see cref="OrderStateMachine"/>. Refresh
/// the rendered parts with <c>ORDO_UPDATE_SNAPSHOTS=1</c>.
/// </summary>
public sealed partial class StatesDocumentTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private const string DocumentPath = "docs/states.md";

    private static string Document => File.ReadAllText(Path.Combine(RepositoryFiles.Root, DocumentPath)).ReplaceLineEndings("\n");

    [Fact]
    public void The_allowed_actions_of_each_order_state_and_the_permissions_are_rendered_from_the_code()
    {
        var document = Document;

        document = ReplaceRegion(document, "allowed-actions", AllowedActionsTable(document));
        document = ReplaceRegion(document, "permissions", PermissionTable());

        RepositoryFiles.AssertMatches(DocumentPath, document);
    }

    [Fact]
    public async Task Every_closed_set_of_the_OpenAPI_document_is_listed_with_exactly_its_values()
    {
        var schemas = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", Cancellation)).RootElement
            .GetProperty("components").GetProperty("schemas");
        var document = Document;
        var sets = schemas.EnumerateObject()
            .Where(schema => schema.Value.TryGetProperty("enum", out _)
                && schema.Value.TryGetProperty("description", out var description)
                && description.GetString()!.Contains(DocumentPath, StringComparison.Ordinal))
            .ToList();

        Assert.True(sets.Count >= 10, $"only {sets.Count} closed sets found in the OpenAPI document: the lookup is broken");
        foreach (var set in sets)
        {
            var values = set.Value.GetProperty("enum").EnumerateArray().Select(value => value.GetString()!).ToList();
            Assert.Equal(values, ListedValues(document, set.Name));
        }
    }

    [Fact]
    public void Every_order_state_in_the_table_exists_and_appears_once()
    {
        var states = StatesIn(Document);

        Assert.NotEmpty(states);
        Assert.Equal(states.Count, states.Distinct().Count());
        // Each axis shows every one of its values somewhere.
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), states.Select(state => state.Status).Distinct().Order());
        Assert.Equal(Enum.GetValues<PaymentStatus>().Order(), states.Select(state => state.Payment).Distinct().Order());
        Assert.Equal(Enum.GetValues<FulfilmentStatus>().Order(), states.Select(state => state.Fulfilment).Distinct().Order());
    }

    /// <summary>The first column's values (in backticks) of the table under <c>### name</c>, up to the next heading.</summary>
    private static List<string> ListedValues(string document, string name)
    {
        var start = document.IndexOf($"\n### {name}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{DocumentPath} has no section '### {name}' for the closed set {name} of the OpenAPI document.");
        var section = document[(start + 1)..];
        var end = section.IndexOf("\n#", 1, StringComparison.Ordinal);
        section = end < 0 ? section : section[..end];
        return [.. TableValue().Matches(section).Select(match => match.Groups[1].Value)];
    }

    private static List<(OrderStatus Status, PaymentStatus Payment, FulfilmentStatus Fulfilment)> StatesIn(string document)
    {
        var region = Region(document, "allowed-actions");
        return
        [
            .. StateRow().Matches(region).Select(match => (
                Parse<OrderStatus>(match.Groups[1].Value), Parse<PaymentStatus>(match.Groups[2].Value), Parse<FulfilmentStatus>(match.Groups[3].Value))),
        ];
    }

    private static string AllowedActionsTable(string document)
    {
        var table = new StringBuilder("| status | paymentStatus | fulfilmentStatus | allowedActions |\n|---|---|---|---|\n");
        foreach (var (status, payment, fulfilment) in StatesIn(document))
        {
            var actions = ClientActions.Of(OrderStateMachine.AllowedActions(status, payment, fulfilment));
            table.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"| `{StateNames.Of(status)}` | `{StateNames.Of(payment)}` | `{StateNames.Of(fulfilment)}` | {(actions.Count == 0 ? "none" : string.Join(", ", actions.Select(action => $"`{action}`")))} |\n");
        }

        return table.ToString();
    }

    private static string PermissionTable()
    {
        var table = new StringBuilder("| value | meaning |\n|---|---|\n");
        foreach (var permission in Permissions.Catalogue)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{permission}` | {Permissions.Descriptions[permission]} |\n");
        }

        return table.ToString();
    }

    private static TEnum Parse<TEnum>(string name)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().SingleOrDefault(value => StateNames.Of(value) == name) is var found && StateNames.Of(found) == name
            ? found
            : throw new Xunit.Sdk.XunitException($"{DocumentPath} names '{name}', which is no {typeof(TEnum).Name}.");

    private static string Region(string document, string name)
    {
        var match = RegionOf(name).Match(document);
        Assert.True(match.Success, $"{DocumentPath} lacks the <!-- generated:{name} --> … <!-- /generated:{name} --> markers.");
        return match.Groups[2].Value;
    }

    private static string ReplaceRegion(string document, string name, string content)
    {
        Region(document, name);
        return RegionOf(name).Replace(document, match => match.Groups[1].Value + content + match.Groups[3].Value, 1);
    }

    private static Regex RegionOf(string name) =>
        new($"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)", RegexOptions.Singleline);

    [GeneratedRegex(@"^\| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableValue();

    [GeneratedRegex(@"^\| `([a-z_]+)` \| `([a-z_]+)` \| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex StateRow();
}
