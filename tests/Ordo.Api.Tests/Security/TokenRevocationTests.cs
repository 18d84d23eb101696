using System.Net;
using System.Text.Json;
using Ordo.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

/// <summary>Revoked means refused on the next request: access tokens follow their own and their session's revocation.</summary>
public abstract class TokenRevocationTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private sealed record SessionList(IReadOnlyList<Session> Data);

    private sealed record Session(string Id, string? Status);

    [Fact]
    public async Task An_access_token_revoked_at_the_revocation_endpoint_is_refused_on_the_next_request_and_others_keep_working()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var revoked = await PasswordGrantAsync(Anonymous, user);
        var other = await PasswordGrantAsync(Anonymous, user);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, revoked.AccessToken));
        var form = new Dictionary<string, string> { ["token"] = revoked.AccessToken, ["token_type_hint"] = TokenTypeHints.AccessToken };
        AddClient(form, null);

        Assert.Equal(200, (await PostFormAsync(Anonymous, "/connect/revoke", form)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, revoked.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, other.AccessToken));
    }

    [Fact]
    public async Task Revoking_one_session_refuses_its_access_token_on_the_next_request_and_leaves_the_other_session_working()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var laptop = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var phone = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, laptop.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, phone.AccessToken));
        using var sessionsResponse = await Client.GetAsync($"/api/v1/users/{user.Id}/sessions", Cancellation);
        var sessions = JsonSerializer.Deserialize<SessionList>(await sessionsResponse.JsonAsync(HttpStatusCode.OK), JsonSerializerOptions.Web)!;
        Assert.Equal(2, sessions.Data.Count);

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{user.Id}/sessions/{sessions.Data[0].Id}");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(request, Cancellation)).StatusCode);

        var statuses = new[] { await StatusWithBearerAsync(Anonymous, laptop.AccessToken), await StatusWithBearerAsync(Anonymous, phone.AccessToken) };
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], statuses.Order());
    }

    [Fact]
    public async Task Replaying_a_spent_refresh_token_refuses_the_access_tokens_of_its_family()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var first = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var second = await RefreshAsync(Anonymous, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, second.AccessToken));

        Assert.Equal(Errors.InvalidGrant, (await RefreshAsync(Anonymous, first.RefreshToken!)).Error);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, second.AccessToken));
    }
}

public sealed class TokenRevocationOnSqlite(SqliteApiFixture fixture) : TokenRevocationTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokenRevocationOnPostgres(PostgresApiFixture fixture) : TokenRevocationTests(fixture), IClassFixture<PostgresApiFixture>;
