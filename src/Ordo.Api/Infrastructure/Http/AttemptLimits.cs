using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Ordo.Domain.Customers;

namespace Ordo.Api.Infrastructure.Http;

/// <summary>One limit: so many attempts per window for one account, and for one client IP address.</summary>
public sealed class AttemptLimit
{
    /// <summary>Attempts per window for one account (the submitted email or username).</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 10;

    /// <summary>Attempts per window from one client IP address, whatever the account.</summary>
    [Range(1, 1_000_000)]
    public int IpPermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Section <c>RateLimits</c>: guessing passwords, codes and accounts is slowed per IP and per account, and placing
/// orders (each of which holds stock until paid) per caller and per IP.
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
}

/// <summary>
/// Rate limits on the endpoints that check secrets or reveal nothing but cost something. The per-IP limit is the
/// framework's rate-limiting middleware (it runs before the token server even reads the request); the per-account
/// limit is an endpoint filter, since the account is only known once the body has been read. Both reject with 429,
/// a <c>Retry-After</c> header and a <c>rate_limited</c> problem.
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
                options => Named(options).All(named => Validator.TryValidateObject(named.Limit, new ValidationContext(named.Limit), null, validateAllProperties: true)),
                "RateLimits: every PermitLimit and IpPermitLimit must be 1 to 1,000,000 and every Window 1 s to 1 day.")
            .ValidateOnStart();
        services.AddSingleton<AccountAttemptLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AttemptLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                return new ValueTask(WriteRejectionAsync(context.HttpContext, retryAfter));
            };
            foreach (var (name, limit) in Named(limits.Value))
            {
                limiter.AddPolicy(name, http => RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.IpPermitLimit, Window = limit.Window, QueueLimit = 0 }));
            }
        });
        return services;
    }

    /// <summary>
    /// Limits the endpoint per client IP and per account; <paramref name="accountOf"/> reads the account from the
    /// bound arguments or the (already read, cached) form, or returns null when the request names none.
    /// </summary>
    public static TBuilder RequireAttemptLimits<TBuilder>(
        this TBuilder builder, string policy, Func<EndpointFilterInvocationContext, ValueTask<string?>> accountOf)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(accountOf);
        builder.RequireRateLimiting(policy);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var account = await accountOf(context);
            if (account is not null)
            {
                var limiter = context.HttpContext.RequestServices.GetRequiredService<AccountAttemptLimiter>();
                var retryAfter = limiter.TryAcquire(policy, account);
                if (retryAfter is not null)
                {
                    return RateLimited(retryAfter.Value, context.HttpContext);
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

    internal static IResult RateLimited(TimeSpan retryAfter, HttpContext http)
    {
        SetRetryAfter(http, retryAfter);
        return DomainProblems.Problem(StatusCodes.Status429TooManyRequests, "rate_limited", Detail(retryAfter));
    }

    private static async Task WriteRejectionAsync(HttpContext http, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            SetRetryAfter(http, wait);
        }

        await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "rate_limited", Detail(retryAfter));
    }

    private static void SetRetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private static string Detail(TimeSpan? retryAfter) => retryAfter is { } wait
        ? $"Too many attempts; try again in {Math.Ceiling(Math.Max(1, wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} seconds."
        : "Too many attempts; try again later.";

    internal static IEnumerable<(string Name, AttemptLimit Limit)> Named(AttemptLimitOptions options) =>
        [(Token, options.Token), (SignIn, options.SignIn), (Account, options.Account), (PlaceOrder, options.PlaceOrder)];
}

/// <summary>Fixed windows per (policy, account), keyed by a hash of the normalised account so no address sits in memory.</summary>
public sealed class AccountAttemptLimiter : IDisposable
{
    private readonly Dictionary<string, PartitionedRateLimiter<string>> _limiters;

    public AccountAttemptLimiter(IOptions<AttemptLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limiters = AttemptLimits.Named(options.Value).ToDictionary(
            named => named.Name,
            named => PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
                key, _ => new FixedWindowRateLimiterOptions { PermitLimit = named.Limit.PermitLimit, Window = named.Limit.Window, QueueLimit = 0 })),
            StringComparer.Ordinal);
    }

    /// <summary>Null when the attempt may go ahead, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string policy, string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        // Every spelling of one address (case, composition, surrounding spaces) shares one budget.
        var normalized = Email.Create(account) is { IsSuccess: true } email ? email.Value.Value : account.Trim();
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToUpperInvariant())));
        using var lease = _limiters[policy].AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
