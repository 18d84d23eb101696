using System.Diagnostics;
using System.Net;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// Whether an address has an account must not show in how long the answer takes: unknown addresses do the same
/// expensive work (a password hash at the token endpoint). Medians of interleaved attempts, with a generous factor:
/// skipping the decoy hash makes unknown addresses answer many times faster and fails this.
/// </summary>
public sealed class AccountEnumerationTimingTests(AccountSqliteFixture fixture) : IClassFixture<AccountSqliteFixture>
{
    private const int Attempts = 10;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_token_endpoint_takes_as_long_for_an_unknown_email_as_for_a_wrong_password()
    {
        using var client = fixture.CreateAnonymousClient();
        var known = new List<string>();
        for (var i = 0; i < Attempts + 1; i++)
        {
            var email = AccountHttp.NewEmail("timing");
            await TestAuth.CreateUserAsync(fixture.Factory.Services, email, TestAuth.NewPassword(), ["warehouse"]);
            known.Add(email); // one wrong attempt per user: none gets near the lockout
        }

        await TestAuth.PasswordGrantAsync(client, known[^1], "warm-up-password", cancellationToken: Cancellation);
        await TestAuth.PasswordGrantAsync(client, AccountHttp.NewEmail("warm-up"), "warm-up-password", cancellationToken: Cancellation);
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < Attempts; i++)
        {
            knownTimes.Add(await TimeAsync(() => TestAuth.PasswordGrantAsync(client, known[i], "wrong-password-123", cancellationToken: Cancellation)));
            unknownTimes.Add(await TimeAsync(() => TestAuth.PasswordGrantAsync(client, AccountHttp.NewEmail("nobody"), "wrong-password-123", cancellationToken: Cancellation)));
        }

        AssertComparable(knownTimes, unknownTimes);
    }

    [Fact]
    public async Task Forgot_password_takes_as_long_for_an_unknown_email_as_for_a_known_one()
    {
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("forgot-timing");
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, TestAuth.NewPassword(), ["warehouse"]);

        await client.SendPostAsync("/api/v1/account/forgot-password", new { email });
        await client.SendPostAsync("/api/v1/account/forgot-password", new { email = AccountHttp.NewEmail("warm-up") });
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < Attempts; i++)
        {
            knownTimes.Add(await TimeAsync(() => client.SendPostAsync("/api/v1/account/forgot-password", new { email })));
            unknownTimes.Add(await TimeAsync(() => client.SendPostAsync("/api/v1/account/forgot-password", new { email = AccountHttp.NewEmail("nobody") })));
        }

        AssertComparable(knownTimes, unknownTimes);
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> request)
    {
        var watch = Stopwatch.StartNew();
        var response = await request();
        watch.Stop();
        if (response is HttpResponseMessage http)
        {
            Assert.Equal(HttpStatusCode.Accepted, http.StatusCode);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static void AssertComparable(List<double> known, List<double> unknown)
    {
        var knownMedian = Median(known);
        var unknownMedian = Median(unknown);
        Assert.True(unknownMedian >= 0.5 * knownMedian,
            $"Unknown emails answer faster: median {unknownMedian:F1} ms against {knownMedian:F1} ms for known ones.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
