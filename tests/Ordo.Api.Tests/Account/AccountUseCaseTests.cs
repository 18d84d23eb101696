using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// The account use cases refuse on their own, without the REST adapter or the hosted page in front of them: a second
/// transport that calls <c>ExecuteAsync</c> gets the same refusals, codes and lockout as REST (ADR 18).
/// </summary>
public sealed class AccountUseCaseTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private static CallerAccess Person(OrdoUser user) =>
        new(CallerKind.Staff, user.Id.ToString(), null, new HashSet<string>(StringComparer.Ordinal));

    private async Task<(OrdoUser User, string Password)> UserAsync()
    {
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Fixture.Factory.Services, AccountHttp.NewEmail("usecase"), password, [BuiltInRoles.Warehouse]);
        return (user, password);
    }

    [Fact]
    public async Task Resetting_a_password_with_a_bad_token_is_refused_invalid_token_without_the_adapter()
    {
        var (user, password) = await UserAsync();
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<OrdoUser>>();

        var badToken = await ResetPassword.ExecuteAsync(
            new ResetPasswordRequest(user.Email!, "not-a-reset-token", TestAuth.NewPassword()), users, services.GetRequiredService<UserSessions>(), Cancellation);
        var unknownAddress = await ResetPassword.ExecuteAsync(
            new ResetPasswordRequest(AccountHttp.NewEmail("nobody"), "not-a-reset-token", TestAuth.NewPassword()), users, services.GetRequiredService<UserSessions>(), Cancellation);

        Assert.Equal("invalid_token", badToken.Error?.Code);
        Assert.Equal("The link is invalid or has expired; ask for a new one.", badToken.Error?.Message);
        Assert.Equal("invalid_token", unknownAddress.Error?.Code);
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id.ToString()))!, password));
    }

    [Fact]
    public async Task Changing_a_password_with_the_wrong_current_password_is_refused_and_counts_towards_the_lockout()
    {
        var (user, password) = await UserAsync();
        var maxAttempts = Fixture.Factory.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;

        var first = await ChangePasswordAsync(user, "wrong-" + password, TestAuth.NewPassword());
        Assert.Equal("current_password_incorrect", first.Error?.Code);
        Assert.Equal("The current password is incorrect.", first.Error?.Message);
        for (var attempt = 2; attempt <= maxAttempts; attempt++)
        {
            Assert.Equal("current_password_incorrect", (await ChangePasswordAsync(user, "wrong-" + password, TestAuth.NewPassword())).Error?.Code);
        }

        // Locked now: even the right password is refused until the lockout ends.
        var withTheRightPassword = await ChangePasswordAsync(user, password, TestAuth.NewPassword());
        Assert.Equal("account_locked", withTheRightPassword.Error?.Code);
    }

    [Fact]
    public async Task A_too_long_password_is_refused_with_every_reason_in_the_errors_details()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;

        var result = await ResetPassword.ExecuteAsync(
            new ResetPasswordRequest(AccountHttp.NewEmail(), "any-token", new string('x', AccountProblems.MaxPasswordLength + 1)),
            services.GetRequiredService<UserManager<OrdoUser>>(),
            services.GetRequiredService<UserSessions>(),
            Cancellation);

        var error = Assert.IsType<DomainError>(result.Error);
        Assert.Equal("password_too_long", error.Code);
        Assert.Equal(["password_too_long"], Assert.IsType<List<string>>(error.Details["reasons"]));
        var errors = Assert.IsType<Dictionary<string, string[]>>(error.Details["errors"]);
        Assert.Equal(["Passwords must be at most 256 characters."], errors["$.newPassword"]);
        // REST answers the details as problem extensions, next to the code.
        var problem = error.ToProblem().ProblemDetails;
        Assert.Equal(400, problem.Status);
        Assert.Equal("password_too_long", problem.Extensions["code"]);
        Assert.Same(error.Details["reasons"], problem.Extensions["reasons"]);
        Assert.Same(error.Details["errors"], problem.Extensions["errors"]);
    }

    [Fact]
    public async Task An_integration_client_has_no_account_even_when_its_subject_matches_a_users_id()
    {
        var (user, password) = await UserAsync();
        var client = new CallerAccess(CallerKind.Client, user.Id.ToString(), null, new HashSet<string>(Permissions.All, StringComparer.Ordinal));
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<OrdoUser>>();

        var account = await GetAccount.ExecuteAsync(client, users);
        var changed = await ChangePassword.ExecuteAsync(
            new ChangePasswordRequest(password, TestAuth.NewPassword()), client, users,
            services.GetRequiredService<UserSessions>(), services.GetRequiredService<FailedAttempts>(), Cancellation);
        var loggedOut = await Logout.ExecuteAsync(client, users, services.GetRequiredService<UserSessions>(), Cancellation);

        Assert.Equal("not_a_user", account.Error?.Code);
        Assert.Equal("Only a signed-in person has an account; integration clients don't.", account.Error?.Message);
        Assert.Equal("not_a_user", changed.Error?.Code);
        Assert.Equal("not_a_user", loggedOut.Error?.Code);
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id.ToString()))!, password));
    }

    private async Task<Result> ChangePasswordAsync(OrdoUser user, string currentPassword, string newPassword)
    {
        // A scope per attempt, as each request has its own.
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        return await ChangePassword.ExecuteAsync(
            new ChangePasswordRequest(currentPassword, newPassword),
            Person(user),
            services.GetRequiredService<UserManager<OrdoUser>>(),
            services.GetRequiredService<UserSessions>(),
            services.GetRequiredService<FailedAttempts>(),
            Cancellation);
    }
}
