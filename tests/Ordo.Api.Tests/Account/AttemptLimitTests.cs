using System.Net;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

public sealed class LowAttemptLimitsFixture : AccountSqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:Token:PermitLimit"] = "3",
        ["RateLimits:Token:IpPermitLimit"] = "1000",
        ["RateLimits:Token:Window"] = "00:10:00",
        ["RateLimits:Account:PermitLimit"] = "1000",
        ["RateLimits:Account:IpPermitLimit"] = "3",
        ["RateLimits:Account:Window"] = "00:10:00",
    };
}

public sealed class AttemptLimitTests(LowAttemptLimitsFixture fixture) : IClassFixture<LowAttemptLimitsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
    }

    [Fact]
    public async Task Too_many_password_attempts_for_one_account_answer_429_with_Retry_After_while_other_accounts_go_on()
    {
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("limited");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(client, email, "wrong-password-1", cancellationToken: Cancellation)).Error);
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "ordo-admin",
            ["username"] = email.ToUpperInvariant(), // the same account however it is spelled
            ["password"] = "wrong-password-1",
        });
        using var limited = await client.PostAsync("/connect/token", form, Cancellation);

        await AssertRateLimitedAsync(limited);
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(client, AccountHttp.NewEmail("other"), "wrong-password-1", cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task Too_many_forgot_password_requests_from_one_address_answer_429_whatever_the_emails()
    {
        using var client = fixture.CreateAnonymousClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var accepted = await client.SendPostAsync("/api/v1/account/forgot-password", new { email = AccountHttp.NewEmail("ip") });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var limited = await client.SendPostAsync("/api/v1/account/forgot-password", new { email = AccountHttp.NewEmail("ip") });

        await AssertRateLimitedAsync(limited);
    }
}

public sealed class LowTokenAddressLimitFixture : SqliteApiFixture
{
    public const int Permits = 3;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:Token:IpPermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Token:Window"] = "00:10:00",
    };
}

/// <summary>Revocation drops cached access decisions everywhere: unlimited, junk revocations would keep every cache empty.</summary>
public sealed class TokenServerAddressLimitTests(LowTokenAddressLimitFixture fixture) : IClassFixture<LowTokenAddressLimitFixture>
{
    [Fact]
    public async Task Revocation_requests_count_against_the_token_endpoints_budget_per_address()
    {
        using var client = fixture.CreateAnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= LowTokenAddressLimitFixture.Permits; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "ordo-admin", ["token"] = "junk-" + i });
            using var response = await client.PostAsync(new Uri("/connect/revoke", UriKind.Relative), form, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(LowTokenAddressLimitFixture.Permits), status => Assert.NotEqual(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
