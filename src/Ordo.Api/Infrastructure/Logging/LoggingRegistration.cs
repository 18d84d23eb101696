using Microsoft.Extensions.Compliance.Redaction;
using Ordo.Api.Infrastructure.Configuration;

namespace Ordo.Api.Infrastructure.Logging;

/// <summary>
/// Console logs: one readable line per record in Development, JSON elsewhere; both carry the trace and span ids of
/// the current activity (as a scope), and parameters classified in <see cref="DataClassifications"/> are erased
/// before any provider sees them. OpenIddict's protocol messages are redacted by <see cref="OpenIddictLogRedaction"/>.
/// </summary>
public static class LoggingRegistration
{
    public static WebApplicationBuilder AddOrdoLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logging = builder.Logging;
        logging.ClearProviders();
        logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (builder.Environment.IsDevelopment())
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        else
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
            redaction.SetRedactor<ErasingRedactor>(DataClassifications.Personal, DataClassifications.Secret));
        ConfigurationErrorLogFilter.Install(builder.Services);
        // After EnableRedaction: it wraps the logger factory that redacts.
        builder.Services.AddOpenIddictLogRedaction();
        return builder;
    }
}
