using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// Secrets presented at the same moment: every wrong password counts, a refresh token is redeemed once, a TOTP code
/// is accepted once. Each test releases its requests together; the PostgreSQL run is the one that proves atomicity.
/// </summary>
public abstract class ConcurrentCredentialTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private async Task<(string Email, string Password, OrdoUser User)> StaffUserAsync()
    {
        var email = AccountHttp.NewEmail("race");
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);
        return (email, password, user);
    }

    private async Task<OrdoUser> StoredUserAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
        return (await users.FindByIdAsync(id.ToString()))!;
    }

    private static async Task<T[]> AllAtOnceAsync<T>(int count, Func<Task<T>> attempt)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, count).Select(async _ =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await attempt();
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(attempts);
    }

    [Fact]
    public async Task Four_wrong_passwords_sent_at_once_count_as_four_failed_attempts_and_a_fifth_locks_the_account()
    {
        var (email, password, user) = await StaffUserAsync();

        var answers = await AllAtOnceAsync(4, () => TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation));

        Assert.All(answers, answer => Assert.Equal(Errors.InvalidGrant, answer.Error));
        Assert.Equal(4, (await StoredUserAsync(user.Id)).AccessFailedCount);
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation)).Error);
        var stored = await StoredUserAsync(user.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14), $"not locked: {stored.AccessFailedCount} failures counted");
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task Ten_wrong_passwords_sent_at_once_lock_the_account()
    {
        var (email, password, user) = await StaffUserAsync();

        await AllAtOnceAsync(10, () => TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation));

        var stored = await StoredUserAsync(user.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow, $"not locked: {stored.AccessFailedCount} failures counted");
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task A_refresh_token_redeemed_five_times_at_once_succeeds_once_and_the_others_revoke_its_family()
    {
        var (email, password, _) = await StaffUserAsync();
        var issued = await TestAuth.PasswordGrantAsync(Anonymous, email, password, scope: Scopes.OfflineAccess, cancellationToken: Cancellation);

        var answers = await AllAtOnceAsync(5, () => AccountHttp.RefreshAsync(Anonymous, issued.RefreshToken!));

        var winner = Assert.Single(answers, answer => answer.Status == 200);
        Assert.All(answers.Where(answer => answer.Status != 200), answer => Assert.Equal(Errors.InvalidGrant, answer.Error));
        // A duplicate redemption may be a thief's: the winner's new refresh token dies with the family.
        Assert.Equal(Errors.InvalidGrant, (await AccountHttp.RefreshAsync(Anonymous, winner.RefreshToken!)).Error);
    }
}

public sealed class ConcurrentCredentialsOnSqlite(AccountSqliteFixture fixture)
    : ConcurrentCredentialTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class ConcurrentCredentialsOnPostgres(AccountPostgresFixture fixture)
    : ConcurrentCredentialTests(fixture), IClassFixture<AccountPostgresFixture>;
