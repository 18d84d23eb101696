using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard and the alert rules query only metrics the service exports: every metric name in their
/// PromQL is one a scrape of the service (on PostgreSQL, after some traffic) shows, one of Ordo's own documented in
/// docs/observability.md (counters appear after their first measurement), or Prometheus' own <c>up</c>.
/// </summary>
public sealed partial class DashboardMetricsTests(TelemetryOnPostgres.PostgresTelemetry fixture) : IClassFixture<TelemetryOnPostgres.PostgresTelemetry>
{
    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_query_is_one_the_service_exports()
    {
        fixture.SkipWhenUnavailable();
        using var client = fixture.CreateClient();
        using var products = await client.GetAsync(new Uri("/api/v1/products?limit=1", UriKind.Relative), TestContext.Current.CancellationToken);
        var scrape = await MetricsScrape.OnManagementPortAsync(fixture.Factory, TestContext.Current.CancellationToken);
        var documented = OrdoMetricNames().ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ordo_orders_placed_total", documented);
        var known = scrape.Samples.Select(s => s.Name).Concat(documented).Append("up").ToHashSet(StringComparer.Ordinal);

        var queries = DashboardQueries().Concat(AlertQueries()).ToList();
        Assert.NotEmpty(queries);
        var unknown = queries.SelectMany(query => MetricNames(query).Where(name => !known.Contains(name)).Select(name => $"{name} in {query}")).ToList();
        Assert.True(unknown.Count == 0, string.Join(Environment.NewLine, [.. unknown, "Exported: " + string.Join(' ', known.Order(StringComparer.Ordinal))]));
    }

    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "deploy", "grafana", "dashboards", "ordo.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
    }

    private static IEnumerable<string> AlertQueries()
    {
        // expr: one line, or a block scalar (|) whose indented lines follow.
        var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "deploy", "prometheus", "alerts.yml"));
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed["expr:".Length..].Trim();
            if (value != "|")
            {
                yield return value;
                continue;
            }

            var indent = lines[i].IndexOf('e', StringComparison.Ordinal);
            var block = lines.Skip(i + 1).TakeWhile(line => line.Length - line.TrimStart().Length > indent).Select(line => line.Trim());
            yield return string.Join(' ', block);
        }
    }

    /// <summary>Ordo's own names, from the first column of the table in docs/observability.md (histograms with their series).</summary>
    private static IEnumerable<string> OrdoMetricNames()
    {
        foreach (Match row in DocumentedName().Matches(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "observability.md"))))
        {
            var name = row.Groups["name"].Value;
            yield return name;
            if (row.Groups["type"].Value == "histogram")
            {
                yield return name + "_bucket";
                yield return name + "_count";
                yield return name + "_sum";
            }
        }
    }

    /// <summary>Metric names in a PromQL expression: identifiers that are not functions, keywords, label names or label values.</summary>
    private static IEnumerable<string> MetricNames(string query)
    {
        var stripped = Grouping().Replace(LabelMatchers().Replace(Quoted().Replace(query, "\"\""), "{}"), "");
        return Identifier().Matches(stripped).Select(m => m.Value)
            .Where(name => !PromQlWords.Contains(name))
            .Distinct(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> PromQlWords = new(
        ["sum", "min", "max", "avg", "count", "rate", "increase", "irate", "histogram_quantile", "time", "by", "without", "and", "or", "unless", "on", "ignoring", "le", "bool"],
        StringComparer.Ordinal);

    [GeneratedRegex(@"^\| `(?<name>ordo_[a-z0-9_]+)` \| (?<type>counter|histogram|gauge) ", RegexOptions.Multiline)]
    private static partial Regex DocumentedName();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b[a-zA-Z_][a-zA-Z0-9_]*\b(?!\s*\()")]
    private static partial Regex Identifier();
}
