using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>A service whose clock the test moves forward.</summary>
public class AdjustableClockFixture : AccountSqliteFixture
{
    public AdjustableClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<TimeProvider>(Clock);
    }
}

public sealed class PasswordResetLifetimeTests(AdjustableClockFixture fixture) : IClassFixture<AdjustableClockFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<string> MailedResetTokenAsync(string email, int count)
    {
        using var anonymous = fixture.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email })).StatusCode);
        return CapturedEmails.QueryValue(await fixture.Emails.WaitForAsync(email, AccountEmailKind.PasswordReset, count), "token");
    }

    [Fact]
    public async Task A_password_reset_link_works_for_fifteen_minutes()
    {
        var email = AccountHttp.NewEmail("reset-lifetime");
        using var anonymous = fixture.CreateAnonymousClient();
        await anonymous.SendPostAsync("/api/v1/account/register", new { email, password = TestAuth.NewPassword(), name = "Grace Hopper" });
        var stale = await MailedResetTokenAsync(email, 1);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var fresh = await MailedResetTokenAsync(email, 2);
        fixture.Clock.Advance(TimeSpan.FromMinutes(14));

        var expired = await anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token = stale, newPassword = TestAuth.NewPassword() });
        await expired.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        var reset = await anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token = fresh, newPassword = TestAuth.NewPassword() });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), new AuthOptions().PasswordResetTokenLifetime);
    }
}
