using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Section <c>Proxy</c>: the reverse proxies (load balancers, TLS terminators) in front of Ordo whose
/// <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are believed. Empty by default:
/// nothing is trusted, and the headers are ignored.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

}

/// <summary>Names each entry that is not an address or a network, so the process stops with one line that says which.</summary>
internal sealed class ProxyOptionsValidation : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = options.KnownProxies.Where(address => !IPAddress.TryParse(address, out _))
            .Select(address => $"Proxy:KnownProxies must list IP addresses ('{address}' is not one).")
            .Concat(options.KnownNetworks.Where(network => !System.Net.IPNetwork.TryParse(network, out _))
                .Select(network => $"Proxy:KnownNetworks must list networks in CIDR notation, e.g. 10.0.0.0/24 ('{network}' is not one)."))
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// What the service believes about the connection: the client's address, scheme and host from a known proxy's
/// forwarded headers (before anything else runs, so rate limits, the token server's HTTPS check, cookies and
/// redirects all see the client); <c>Secure</c> cookies outside Development; HSTS outside Development.
/// </summary>
public static class TransportSecurity
{
    public static IServiceCollection AddOrdoTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidation>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; Ordo trusts only what is configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // Walk back through every known proxy in the chain and stop at the first address that is not one: that
            // is the client, whatever the client itself put into X-Forwarded-For.
            forwarded.ForwardLimit = null;
        });
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>First in the pipeline: forwarded headers (only when a proxy is configured) and HSTS.</summary>
    public static WebApplication UseOrdoTransportSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // With no known proxy the middleware would believe every peer, so it is not added at all.
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }

    /// <summary>Cookies (sign-in, antiforgery) are <c>Secure</c> everywhere but in Development, whatever <c>Auth:RequireHttps</c> says.</summary>
    public static CookieSecurePolicy CookiePolicy(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }
}
