using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Products;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.ScaleOut;

/// <summary>Configured for a Redis that is not there (nothing listens on port 1).</summary>
public sealed class RedisDownFixture : SqliteApiFixture
{
    public const int CallerPermits = 6;
    public const int AddressPermits = 3;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = "127.0.0.1:1",
        ["RateLimits:Api:PermitLimit"] = CallerPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Api:IpPermitLimit"] = AddressPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Api:Window"] = "00:10:00",
    };
}

/// <summary>
/// Redis down: the service starts and serves from memory and the database; rate limits fall back to counting on
/// this instance (documented: they fail open to one budget per instance, never shut), with a warning.
/// </summary>
public sealed class RedisDownTests(RedisDownFixture fixture) : IClassFixture<RedisDownFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_and_writes_work_and_the_caller_limit_still_holds_on_this_instance()
    {
        var email = $"staff-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, [BuiltInRoles.Manager], customerId: null);
        using var manager = fixture.Factory.CreateClientFor(email, password);

        var product = await (await manager.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("SKU"),
            name = "Mug",
            unitPrice = new { amount = 1_000, currency = "EUR" },
            initialStock = 5,
        })).ReadAsync<ProductResponse>(HttpStatusCode.Created);
        var url = new Uri($"/api/v1/products/{product.Id}", UriKind.Relative);
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i < RedisDownFixture.CallerPermits; i++)
        {
            statuses.Add((await manager.GetAsync(url, Cancellation)).StatusCode);
        }

        var refused = await manager.GetAsync(url, Cancellation);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains(fixture.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), record =>
            record.Level == LogLevel.Warning && record.Category == typeof(WindowCounters).FullName
            && record.Message.Contains("Redis is out of reach", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_without_a_token_are_counted_by_address_and_refused_with_429_before_401()
    {
        using var anonymous = fixture.CreateAnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RedisDownFixture.AddressPermits; i++)
        {
            statuses.Add((await anonymous.GetAsync(new Uri("/api/v1/products", UriKind.Relative), Cancellation)).StatusCode);
        }

        // The path in another case reaches the same endpoint, and counts against the same budget.
        var refused = await anonymous.GetAsync(new Uri("/API/V1/PRODUCTS", UriKind.Relative), Cancellation);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("\"api-ip\";q=3;w=600", refused.Headers.GetValues("RateLimit-Policy").Single());
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Readiness_does_not_depend_on_Redis()
    {
        using var anonymous = fixture.CreateAnonymousClient();
        var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
