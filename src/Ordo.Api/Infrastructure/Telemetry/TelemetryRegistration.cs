using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for the service (ADR 0025): traces of requests, outgoing HTTP, EF Core commands and RabbitMQ
/// publishes; metrics of the HTTP server, the runtime, Npgsql's connection pool and <see cref="OrdoMetrics"/>.
/// Metrics are read as Prometheus text at <c>/metrics</c> on the management port; both signals go over OTLP when an
/// endpoint is configured.
/// </summary>
public static class TelemetryRegistration
{
    public const string ServiceName = "ordo-api";
    public const string MetricsPath = "/metrics";

    /// <summary>Activity sources beyond the instrumentation packages': RabbitMQ.Client 7 traces its own publishes.</summary>
    public static readonly IReadOnlyList<string> TraceSources = ["RabbitMQ.Client.Publisher"];

    /// <summary>Meters beyond the instrumentation packages': Npgsql's own (connection pool, command durations) and Ordo's.</summary>
    public static readonly IReadOnlyList<string> Meters = ["Npgsql", OrdoMetrics.MeterName];

    public static WebApplicationBuilder AddOrdoTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrdoMetrics>();
        services.AddSingleton<CommittedOrderMetrics>();
        ListenOnManagementPort(builder);

        var otlp = builder.Configuration.GetValue<Uri?>(OtlpSettings.Endpoint);
        var exportOtlp = otlp is not null || !string.IsNullOrWhiteSpace(builder.Configuration[OtlpSettings.StandardVariable]);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddSource([.. TraceSources]);
                if (exportOtlp)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlp ?? exporter.Endpoint);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter([.. Meters])
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (exportOtlp)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlp ?? exporter.Endpoint);
                }
            });
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));
        return builder;
    }

    /// <summary>
    /// Meters made by another host's <see cref="IMeterFactory"/> (several hosts in one process: the tests) are not
    /// this service's, though they carry the same names; the SDK listens by name, so they are dropped here.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>
    /// First in the pipeline: a request that arrived on the management port gets <c>/metrics</c> or 404, nothing else;
    /// requests on the other ports never reach <c>/metrics</c> (the API has no such route).
    /// </summary>
    public static WebApplication UseOrdoManagementPort(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<OrdoMetrics>();
        var keys = app.Services.GetRequiredService<TokenKeyRing>();
        metrics.ObserveSigningKeyExpiry(() => keys.SigningKeyExpiry);
        if (app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value.Port is not { } port)
        {
            return app;
        }

        app.MapWhen(http => http.Connection.LocalPort == port, management =>
        {
            management.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
            management.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    /// <summary>
    /// Adds the management port to the addresses the server listens on (whatever set them: <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c> or the default), rather than listening in code, which would replace them.
    /// Endpoints configured under <c>Kestrel:Endpoints</c> replace both; add the management port there too then.
    /// </summary>
    private static void ListenOnManagementPort(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int?>($"{ManagementOptions.Section}:Port") is not { } port)
        {
            return;
        }

        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrWhiteSpace(urls))
        {
            var fromPorts = Ports(builder.WebHost.GetSetting(WebHostDefaults.HttpPortsKey)).Select(p => $"http://*:{p}")
                .Concat(Ports(builder.WebHost.GetSetting(WebHostDefaults.HttpsPortsKey)).Select(p => $"https://*:{p}"))
                .ToList();
            urls = fromPorts.Count > 0 ? string.Join(';', fromPorts) : "http://localhost:5000";
        }

        builder.WebHost.UseUrls($"{urls};http://*:{port}");
    }

    private static string[] Ports(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
