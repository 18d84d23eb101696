using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Events;

/// <summary>docs/events.md: one section with a JSON example per published type (the suites compare real events to them).</summary>
public static partial class EventCatalogue
{
    public static IReadOnlyDictionary<string, PublishedEvent> Examples { get; } = Read();

    /// <summary>The data fields the documented example of <paramref name="type"/> shows, in order.</summary>
    public static IReadOnlyList<string> ExampleFields(string type) => [.. Examples[type].Data.EnumerateObject().Select(p => p.Name)];

    public static IReadOnlyList<string> Fields(PublishedEvent published) => [.. published.Data.EnumerateObject().Select(p => p.Name)];

    private static Dictionary<string, PublishedEvent> Read()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "events.md"));
        return Section().Matches(text).ToDictionary(m => m.Groups["type"].Value, m => PublishedEvent.Parse(m.Groups["json"].Value));
    }

    [GeneratedRegex(@"^### (?<type>[a-z_.]+)\n```json\n(?<json>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();
}

public sealed class EventCatalogueTests
{
    [Fact]
    public void Every_published_type_has_an_example_in_docs_events_md_with_the_envelope_of_its_type()
    {
        Assert.Equal(DomainEvents.Types.Order(StringComparer.Ordinal), EventCatalogue.Examples.Keys.Order(StringComparer.Ordinal));
        Assert.All(EventCatalogue.Examples, example =>
        {
            Assert.Equal(example.Key, example.Value.Type);
            Assert.Equal(DomainEvents.ApiVersion, example.Value.ApiVersion);
            Assert.Equal(JsonValueKind.Object, example.Value.Data.ValueKind);
        });
    }
}
