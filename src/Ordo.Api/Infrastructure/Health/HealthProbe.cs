using System.Globalization;
using System.Net;

namespace Ordo.Api.Infrastructure.Health;

/// <summary>
/// <c>Ordo.Api health-probe [url]</c>: one GET, exit code 0 when it answers 200 and 1 otherwise. The container image has
/// no shell and no curl, so its <c>HEALTHCHECK</c> runs the service's own entry point. It runs before the host is built:
/// it reads no settings and connects to nothing but the URL. Without a URL it asks <c>/health/live</c> on loopback at
/// the first port of <c>ASPNETCORE_HTTP_PORTS</c> (8080 in the image).
/// </summary>
public static class HealthProbe
{
    public const string Command = "health-probe";
    public const int Healthy = 0;
    public const int Unhealthy = 1;
    public const int Usage = 64;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static bool IsRequested(IReadOnlyList<string> args) => Positional(args) is [Command, ..];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var positional = Positional(args);
        var target = positional.Count > 1 ? positional[1] : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        if (positional.Count > 2 || !Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"Usage: {Command} [http://127.0.0.1:8080/health/live]");
            return Usage;
        }

        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return Healthy;
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{uri} answered {(int)response.StatusCode}."));
            return Unhealthy;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{uri} did not answer: {exception.Message}");
            return Unhealthy;
        }
    }

    /// <summary>The arguments that are neither options (<c>--key value</c>, <c>--key=value</c>) nor their values, as the other commands read them.</summary>
    private static List<string> Positional(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                positional.Add(args[i]);
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                i++; // skip the option's value
            }
        }

        return positional;
    }

    /// <summary><c>ASPNETCORE_HTTP_PORTS</c> is a list separated by semicolons; the probe takes its first port.</summary>
    internal static string DefaultUrl(string? httpPorts)
    {
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 8080;
        return string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/health/live");
    }
}
