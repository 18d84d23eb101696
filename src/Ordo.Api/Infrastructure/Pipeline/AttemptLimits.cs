using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Domain.Customers;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>One limit: so many attempts per window for one account, and for one client IP address.</summary>
public sealed class AttemptLimit
{
    /// <summary>
    /// Attempts per window for one account (the submitted email or username) on <c>Token</c>, <c>SignIn</c> and
    /// <c>Account</c>; for one caller (user or integration client) on <c>PlaceOrder</c> and <c>Api</c>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 10;

    /// <summary>Attempts per window from one client IP address, whatever the account (on <c>Api</c>: requests without a valid token).</summary>
    [Range(1, 1_000_000)]
    public int IpPermitLimit { get; set; } = 30;

    /// <summary>The window the limits count in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Section <c>RateLimits</c>: guessing passwords, codes and accounts is slowed per IP and per account, placing
/// orders (each of which holds stock until paid) per caller and per IP, and every API request per caller (user or
/// integration client) or, before sign-in, per IP. With Redis (<c>ConnectionStrings:Redis</c>) the counts are shared by
/// every instance; without it, or while Redis is down, each instance counts alone.
/// </summary>
public sealed class AttemptLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary><c>POST /connect/token</c>.</summary>
    [Required]
    public AttemptLimit Token { get; set; } = new();

    /// <summary>The sign-in page's form posts.</summary>
    [Required]
    public AttemptLimit SignIn { get; set; } = new();

    /// <summary>Registration, forgot-password and reset-password.</summary>
    [Required]
    public AttemptLimit Account { get; set; } = new() { PermitLimit = 5 };

    /// <summary>Placing orders: <c>PermitLimit</c> per caller (user or client), <c>IpPermitLimit</c> per address.</summary>
    [Required]
    public AttemptLimit PlaceOrder { get; set; } = new() { PermitLimit = 10, IpPermitLimit = 60 };

    /// <summary>
    /// Every request under <c>/api</c>: <c>PermitLimit</c> per authenticated caller, <c>IpPermitLimit</c> per address for
    /// requests without a valid token (an address stands for many callers behind a shared proxy, so signed-in callers
    /// are counted by who they are).
    /// </summary>
    [Required]
    public AttemptLimit Api { get; set; } = new() { PermitLimit = 1_200, IpPermitLimit = 1_200 };
}

/// <summary>
/// Rate limits. On the endpoints that check secrets or reveal nothing but cost something, the per-IP limit runs
/// before authentication (before the token server even reads the request) and the per-account limit is an endpoint
/// filter, since the account is only known once the body has been read. All reject with 429, a <c>Retry-After</c>
/// header, <c>RateLimit-Policy</c> / <c>RateLimit</c> headers (draft-ietf-httpapi-ratelimit-headers) and a
/// <c>rate_limited</c> problem.
/// </summary>
public static class AttemptLimits
{
    public const string Token = "token";
    public const string SignIn = "sign-in";
    public const string Account = "account";
    public const string PlaceOrder = "place-order";

    public static IServiceCollection AddOrdoAttemptLimits(this IServiceCollection services)
    {
        services.AddOptions<AttemptLimitOptions>().BindConfiguration(AttemptLimitOptions.Section).ValidateDataAnnotations()
            .Validate(
                options => Named(options).Append((Name: "api", Limit: options.Api)).All(named => Validator.TryValidateObject(named.Limit, new ValidationContext(named.Limit), null, validateAllProperties: true)),
                "RateLimits: every PermitLimit and IpPermitLimit must be 1 to 1,000,000 and every Window 1 s to 1 day.")
            .ValidateOnStart();
        services.AddSingleton<WindowCounters>();
        return services;
    }

    /// <summary>Per-IP attempt limits of the endpoint being called; after routing, before authentication.</summary>
    public static IApplicationBuilder UseAttemptIpLimits(this IApplicationBuilder app) => app.Use(async (HttpContext http, RequestDelegate next) =>
    {
        if ((http.GetEndpoint()?.Metadata.GetMetadata<AttemptLimitPolicy>() ?? TokenServerPolicy(http.Request.Path)) is { } policy)
        {
            var limit = Limit(http, policy.Name);
            var hit = await Counters(http).HitAsync($"{policy.Name}:ip:{AddressKey(http.Connection.RemoteIpAddress)}", limit.IpPermitLimit, limit.Window, http.RequestAborted);
            if (!hit.Allowed)
            {
                await WriteRejectionAsync(http, policy.Name + "-ip", hit, limit.Window);
                return;
            }
        }

        await next(http);
    });

    /// <summary>
    /// The token server answers revocation and introspection itself, without an endpoint to carry metadata; they cost
    /// a token lookup each (and a revocation drops cached access decisions), so they share the token endpoint's budget.
    /// </summary>
    private static AttemptLimitPolicy? TokenServerPolicy(PathString path) =>
        path.Equals("/connect/revoke", StringComparison.OrdinalIgnoreCase) || path.Equals("/connect/introspect", StringComparison.OrdinalIgnoreCase)
            ? new AttemptLimitPolicy(Token)
            : null;

    /// <summary>
    /// Limits the endpoint per client IP and per account; <paramref name="accountOf"/> reads the account from the
    /// bound arguments or the (already read, cached) form, or returns null when the request names none.
    /// </summary>
    public static TBuilder RequireAttemptLimits<TBuilder>(
        this TBuilder builder, string policy, Func<EndpointFilterInvocationContext, ValueTask<string?>> accountOf)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(accountOf);
        builder.WithMetadata(new AttemptLimitPolicy(policy));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var account = await accountOf(context);
            if (account is not null)
            {
                var http = context.HttpContext;
                var limit = Limit(http, policy);
                var hit = await Counters(http).HitAsync($"{policy}:account:{AccountKey(account)}", limit.PermitLimit, limit.Window, http.RequestAborted);
                if (!hit.Allowed)
                {
                    return RateLimited(http, policy, hit, limit.Window);
                }
            }

            return await next(context);
        });
        return builder;
    }

    /// <summary>The account named in a form field (the token endpoint's <c>username</c>, the sign-in page's <c>email</c>).</summary>
    public static Func<EndpointFilterInvocationContext, ValueTask<string?>> FormField(string name) => async context =>
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType)
        {
            return null;
        }

        // The form is read once and cached on the request: the endpoint (and OpenIddict) read the same copy.
        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        var value = form[name].ToString();
        return value.Length == 0 ? null : value;
    };

    /// <summary>The authenticated caller (user or integration client), for limits on what a caller may do rather than guess.</summary>
    public static ValueTask<string?> CallerOf(EndpointFilterInvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<string?>(Caller.Id(context.HttpContext));
    }

    /// <summary>The account named by a bound request argument of type <typeparamref name="T"/>.</summary>
    public static Func<EndpointFilterInvocationContext, ValueTask<string?>> Argument<T>(Func<T, string?> select) => context =>
        ValueTask.FromResult(context.Arguments.OfType<T>().Select(select).FirstOrDefault());

    /// <summary>Describes a counted request's limit on the response (draft-ietf-httpapi-ratelimit-headers).</summary>
    public static void Describe(HttpResponse response, string policy, WindowHit hit, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Append("RateLimit-Policy", FormattableString.Invariant($"\"{policy}\";q={hit.Limit};w={Seconds(window)}"));
        response.Headers.Append("RateLimit", FormattableString.Invariant($"\"{policy}\";r={hit.Remaining};t={Seconds(hit.ResetAfter)}"));
    }

    internal static IResult RateLimited(HttpContext http, string policy, WindowHit hit, TimeSpan window)
    {
        DescribeRejection(http, policy, hit, window);
        return DomainProblems.Problem(HttpErrors.RateLimited, Detail(hit.ResetAfter));
    }

    internal static async Task WriteRejectionAsync(HttpContext http, string policy, WindowHit hit, TimeSpan window)
    {
        DescribeRejection(http, policy, hit, window);
        await Problems.WriteAsync(http, HttpErrors.RateLimited, Detail(hit.ResetAfter));
    }

    private static void DescribeRejection(HttpContext http, string policy, WindowHit hit, TimeSpan window)
    {
        http.RequestServices.GetRequiredService<Telemetry.OrdoMetrics>().RateLimited(policy);
        Describe(http.Response, policy, hit, window);
        http.Response.Headers.RetryAfter = Seconds(hit.ResetAfter).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The budget an address counts against: an IPv4 address itself, an IPv6 address by its /64 (one subscriber's
    /// network: whoever holds one has 2^64 addresses to rotate through).
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }

    internal static WindowCounters Counters(HttpContext http) => http.RequestServices.GetRequiredService<WindowCounters>();

    private static AttemptLimit Limit(HttpContext http, string policy)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<AttemptLimitOptions>>().Value;
        return Named(options).Single(named => named.Name == policy).Limit;
    }

    /// <summary>Every spelling of one address (case, composition, surrounding spaces) shares one budget; no address is stored.</summary>
    private static string AccountKey(string account)
    {
        var normalized = Email.Create(account) is { IsSuccess: true } email ? email.Value.Value : account.Trim();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToUpperInvariant())));
    }

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(Math.Max(1, span.TotalSeconds));

    private static string Detail(TimeSpan retryAfter) =>
        $"Too many attempts; try again in {Seconds(retryAfter).ToString(CultureInfo.InvariantCulture)} seconds.";

    internal static IEnumerable<(string Name, AttemptLimit Limit)> Named(AttemptLimitOptions options) =>
        [(Token, options.Token), (SignIn, options.SignIn), (Account, options.Account), (PlaceOrder, options.PlaceOrder)];
}

/// <summary>Marks an endpoint with the attempt-limit policy its per-IP limit is counted under.</summary>
public sealed record AttemptLimitPolicy(string Name);
