using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Ordo.Api.Tests.Account;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

public sealed class TokenPruningFixture : AdjustableClockFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:TokenPruneInterval"] = "00:00:01",
    };
}

public sealed class TokenPruningTests(TokenPruningFixture fixture) : IClassFixture<TokenPruningFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<(int Tokens, int Authorizations)> RowsOfAsync(Guid subject)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>()
            .FindBySubjectAsync(subject.ToString(), Cancellation).CountAsync(Cancellation);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>()
            .FindBySubjectAsync(subject.ToString(), Cancellation).CountAsync(Cancellation);
        return (tokens, authorizations);
    }

    [Fact]
    public async Task The_scheduled_job_deletes_revoked_tokens_and_authorizations_once_no_token_can_need_them_and_keeps_live_ones()
    {
        using var anonymous = fixture.CreateAnonymousClient();
        var loggedOut = await CreateWarehouseUserAsync(fixture.Factory.Services);
        var issued = await PasswordGrantAsync(anonymous, loggedOut, Scopes.OfflineAccess);
        using (var client = fixture.Factory.WithToken(issued.AccessToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/account/logout", null, Cancellation)).StatusCode);
        }

        var revokedRows = await RowsOfAsync(loggedOut.Id);
        Assert.True(revokedRows.Tokens > 0 && revokedRows.Authorizations > 0);

        // A month on, past the longest refresh-token lifetime: a session started now is live and must stay.
        fixture.Clock.Advance(TimeSpan.FromDays(31));
        var active = await CreateWarehouseUserAsync(fixture.Factory.Services);
        var live = await PasswordGrantAsync(anonymous, active, Scopes.OfflineAccess);

        for (var waited = 0; waited < 100 && await RowsOfAsync(loggedOut.Id) != (0, 0); waited++)
        {
            await Task.Delay(200, Cancellation);
        }

        Assert.Equal((0, 0), await RowsOfAsync(loggedOut.Id));
        Assert.Equal(200, (await RefreshAsync(anonymous, live.RefreshToken!)).Status);
    }
}
