using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// Registrations of one address at the same moment: one account is created, and every caller gets the same answer,
/// so not even a race tells whether the address was taken. Called through the use case, so that attempt limits don't
/// decide which requests run.
/// </summary>
public abstract class RegistrationRaceTests(ApiFixture fixture) : ProviderTests(fixture)
{
    /// <summary>Each round is one chance for the registrations to interleave; one lost round is a failure.</summary>
    private const int Rounds = 8;

    [Fact]
    public async Task Registrations_of_one_address_at_once_create_one_account_and_all_succeed()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var email = AccountHttp.NewEmail("race");
            using var start = new SemaphoreSlim(0);
            var registrations = Enumerable.Range(0, 4).Select(async _ =>
            {
                await start.WaitAsync(Cancellation);
                await using var scope = Fixture.Factory.Services.CreateAsyncScope();
                var services = scope.ServiceProvider;
                return await Register.ExecuteAsync(
                    new RegisterRequest(email, TestAuth.NewPassword(), "Ada Lovelace"),
                    services.GetRequiredService<OrdoDbContext>(),
                    services.GetRequiredService<UserManager<OrdoUser>>(),
                    services.GetRequiredService<IPasswordHasher<OrdoUser>>(),
                    services.GetRequiredService<AccountEmails>(),
                    TimeProvider.System,
                    Cancellation);
            }).ToList();
            start.Release(registrations.Count);
            var results = await Task.WhenAll(registrations);

            Assert.All(results, result => Assert.True(result.IsSuccess, $"Round {round}: {result.Error?.Code} {result.Error?.Message}"));
            await using var check = Fixture.Factory.Services.CreateAsyncScope();
            var normalized = email.ToUpperInvariant();
            Assert.Equal(1, await check.ServiceProvider.GetRequiredService<OrdoDbContext>().Users.CountAsync(user => user.NormalizedEmail == normalized, Cancellation));
        }
    }
}

public sealed class RegistrationRaceOnSqlite(SqliteApiFixture fixture) : RegistrationRaceTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class RegistrationRaceOnPostgres(PostgresApiFixture fixture) : RegistrationRaceTests(fixture), IClassFixture<PostgresApiFixture>;
