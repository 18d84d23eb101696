using System.ComponentModel.DataAnnotations;

namespace Ordo.Api.Infrastructure.Telemetry;

/// <summary>The management listener: a port of its own on which only <c>/metrics</c> answers (ADR 0025).</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// Port of the management listener (Prometheus text at <c>/metrics</c>); unset: no listener and no
    /// <c>/metrics</c> (OTLP still exports when configured). Never published through the proxy or the ingress.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Management:Port must be between 1 and 65535.")]
    public int? Port { get; set; }
}

/// <summary>OTLP export (traces and metrics): nothing is exported, and nothing connects, when neither setting is present.</summary>
public static class OtlpSettings
{
    /// <summary>Collector address, e.g. <c>http://otel-collector:4317</c> (gRPC; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> chooses HTTP).</summary>
    public const string Endpoint = "OpenTelemetry:Otlp:Endpoint";

    /// <summary>The standard variable, honoured when <see cref="Endpoint"/> is not set.</summary>
    public const string StandardVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
}
