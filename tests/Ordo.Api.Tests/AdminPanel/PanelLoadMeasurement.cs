using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// A measurement, not a test of speed (timings belong to benchmarks): how long the panel's first load takes in a cold
/// browser and how many bytes it transfers. Explicit: run it on a quiet machine with
/// <c>dotnet tests/Ordo.Api.Tests/bin/Debug/net10.0/Ordo.Api.Tests.dll -method "*First_load_of_the_panel*" -explicit only</c>;
/// it writes artifacts/admin-panel/first-load.json.
/// </summary>
public sealed class PanelLoadMeasurement(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The test host serves the panel as built (Debug or Release, untrimmed); <c>ORDO_PANEL_URL</c> points the
    /// measurement at a running published host instead (trimmed, precompressed: what production serves).
    /// </summary>
    private static string Target => Environment.GetEnvironmentVariable("ORDO_PANEL_URL") ?? "admin/orders";

    [Fact(Explicit = true)]
    public async Task First_load_of_the_panel_in_a_cold_browser()
    {
        fixture.SkipWhenUnavailable();
        var runs = new List<JsonElement>();
        for (var run = 0; run < 5; run++)
        {
            await using var context = await fixture.NewContextAsync(); // a new context: nothing cached
            var page = await PanelFixture.NewPageAsync(context);
            var finished = new List<IRequest>(); // sizes are read once the page is ready: what went over the wire, compressed or not
            page.RequestFinished += (_, request) =>
            {
                lock (finished)
                {
                    finished.Add(request);
                }
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await page.GotoAsync(Target);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
            var signInOfferedMs = clock.ElapsedMilliseconds; // from the first request, through the silent sign-in's round trip
            long wireBytes = 0;
            List<IRequest> requests;
            lock (finished)
            {
                requests = [.. finished];
            }

            foreach (var request in requests)
            {
                var sizes = await request.SizesAsync();
                wireBytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            }

            var timings = await page.EvaluateAsync<JsonElement>("""
                () => {
                    const paint = performance.getEntriesByName('first-contentful-paint')[0];
                    const resources = performance.getEntriesByType('resource');
                    const navigation = performance.getEntriesByType('navigation')[0];
                    return {
                        firstContentfulPaintMs: paint ? Math.round(paint.startTime) : null,
                        decodedBytes: navigation.decodedBodySize + resources.reduce((sum, r) => sum + r.decodedBodySize, 0),
                        requests: resources.length + 1,
                    };
                }
                """);
            runs.Add(JsonSerializer.SerializeToElement(new
            {
                firstContentfulPaintMs = timings.GetProperty("firstContentfulPaintMs"),
                signInOfferedMs,
                wireBytes,
                decodedBytes = timings.GetProperty("decodedBytes"),
                requests = timings.GetProperty("requests"),
            }));
        }

        var report = JsonSerializer.Serialize(runs, Indented);
        await File.WriteAllTextAsync(Artifact("first-load.json"), report, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.All(runs, r => Assert.True(r.GetProperty("wireBytes").GetInt64() > 0, "no bytes measured"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median sign-in offered after {runs.Select(r => r.GetProperty("signInOfferedMs").GetInt64()).Order().ElementAt(2)} ms"));
    }
}
