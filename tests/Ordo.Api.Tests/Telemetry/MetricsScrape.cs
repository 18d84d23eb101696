using System.Globalization;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Telemetry;

/// <summary>
/// One Prometheus text exposition, parsed into samples: <c>name{label="value",…} number</c> lines (comments and
/// <c># TYPE</c> lines skipped).
/// </summary>
public sealed class MetricsScrape
{
    public const int ManagementPort = 9464;

    private MetricsScrape(string text, IReadOnlyList<Sample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>
    /// <c>GET /metrics</c> as it arrives on the management port (the in-memory server has no sockets: the request's
    /// local port is set to the one the service was told to listen on).
    /// </summary>
    public static async Task<MetricsScrape> OnManagementPortAsync(OrdoApiFactory factory, CancellationToken cancellationToken)
    {
        var context = await factory.Server.SendAsync(
            http =>
            {
                http.Request.Method = "GET";
                http.Request.Path = "/metrics";
                http.Connection.LocalPort = ManagementPort;
            },
            cancellationToken);
        Assert.Equal(200, context.Response.StatusCode);
        using var reader = new StreamReader(context.Response.Body);
        return Parse(await reader.ReadToEndAsync(cancellationToken));
    }

    public static MetricsScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var labelsStart = line.IndexOf('{', StringComparison.Ordinal);
            var labelsEnd = line.LastIndexOf('}');
            var name = labelsStart < 0 ? line[..line.IndexOf(' ', StringComparison.Ordinal)] : line[..labelsStart];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (labelsStart >= 0)
            {
                foreach (var pair in line[(labelsStart + 1)..labelsEnd].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..equals]] = pair[(equals + 1)..].Trim('"');
                }
            }

            var rest = line[((labelsEnd < 0 ? name.Length : labelsEnd + 1))..].Trim().Split(' ');
            samples.Add(new Sample(name, labels, double.Parse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new MetricsScrape(text, samples);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
