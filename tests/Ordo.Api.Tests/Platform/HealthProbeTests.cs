using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// <c>health-probe</c>: the container image has no shell and no curl, so its HEALTHCHECK (deploy/Dockerfile) runs the
/// service's own entry point, as a real process here.
/// </summary>
public sealed class HealthProbeTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-probe-").FullName;

    [Fact]
    public async Task The_health_probe_exits_0_while_the_service_answers_health_live_and_1_when_nothing_does()
    {
        var development = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Seed__OnEmptyDatabase"] = "false" };
        Uri live;
        await using (var service = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0"))
        {
            var address = await service.WaitUntilListeningAsync();
            live = new Uri(address, "/health/live");

            Assert.Equal(0, await ProbeAsync([], live.ToString()));
            // Without a URL: /health/live on loopback at the first port of ASPNETCORE_HTTP_PORTS, as in the image.
            Assert.Equal(0, await ProbeAsync([("ASPNETCORE_HTTP_PORTS", $"{address.Port};9")]));
            Assert.Equal(1, await ProbeAsync([], new Uri(address, "/no-such-path").ToString()));
        }

        Assert.Equal(1, await ProbeAsync([], live.ToString()));
    }

    private async Task<int> ProbeAsync(IEnumerable<(string Key, string Value)> environment, params string[] url)
    {
        await using var probe = ServiceProcess.Start(_workingDirectory, environment.ToDictionary(pair => pair.Key, pair => pair.Value), ["health-probe", .. url]);
        return await probe.WaitForExitAsync();
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);
}
