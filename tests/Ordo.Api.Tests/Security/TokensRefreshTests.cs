using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Ordo.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

/// <summary>Refresh tokens: rotation, reuse detection, revocation (RFC 7009), introspection (RFC 7662), absolute lifetime.</summary>
public abstract class TokensRefreshTests(ApiFixture fixture) : ProviderTests(fixture)
{
    // On first use: an initialiser would run before the base constructor skips an unavailable provider.
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    /// <summary>A confidential client that may sign users in, refresh, and introspect and revoke its own tokens.</summary>
    private Task<Client> IntegrationClientAsync() => CreateConfidentialClientAsync(
        Fixture.Factory.Services,
        Permissions.Endpoints.Token,
        Permissions.Endpoints.Introspection,
        Permissions.Endpoints.Revocation,
        Permissions.GrantTypes.Password,
        Permissions.GrantTypes.RefreshToken,
        Permissions.Prefixes.Scope + Scopes.OfflineAccess);

    [Fact]
    public async Task The_password_grant_with_offline_access_returns_a_refresh_token_and_without_it_none()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);

        var withOffline = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var without = await TestAuth.PasswordGrantAsync(Anonymous, user.Email, user.Password, cancellationToken: Cancellation);

        Assert.Equal(200, withOffline.Status);
        Assert.False(string.IsNullOrEmpty(withOffline.RefreshToken));
        Assert.Equal(200, without.Status);
        Assert.Null(without.RefreshToken);
    }

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token_and_reusing_a_spent_one_revokes_the_whole_family()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var first = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);

        var second = await RefreshAsync(Anonymous, first.RefreshToken!);
        Assert.Equal(200, second.Status);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, second.AccessToken));

        var replay = await RefreshAsync(Anonymous, first.RefreshToken!);
        Assert.Equal(400, replay.Status);
        Assert.Equal(Errors.InvalidGrant, replay.Error);

        // The replay may come from a thief who got there first: the legitimate holder's newest token dies too.
        var newest = await RefreshAsync(Anonymous, second.RefreshToken!);
        Assert.Equal(400, newest.Status);
        Assert.Equal(Errors.InvalidGrant, newest.Error);
    }

    [Fact]
    public async Task A_refresh_token_revoked_through_the_revocation_endpoint_can_no_longer_be_redeemed()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issued = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var form = new Dictionary<string, string> { ["token"] = issued.RefreshToken!, ["token_type_hint"] = TokenTypeHints.RefreshToken };
        AddClient(form, null);

        var revoked = await PostFormAsync(Anonymous, "/connect/revoke", form);
        var refreshed = await RefreshAsync(Anonymous, issued.RefreshToken!);

        Assert.Equal(200, revoked.Status);
        Assert.Equal(400, refreshed.Status);
        Assert.Equal(Errors.InvalidGrant, refreshed.Error);
    }

    [Fact]
    public async Task Introspection_requires_an_authenticated_confidential_client_and_reports_a_revoked_token_inactive()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var client = await IntegrationClientAsync();
        var issued = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess, client);
        Assert.Equal(200, issued.Status);

        var anonymous = await PostFormAsync(Anonymous, "/connect/introspect", new Dictionary<string, string> { ["token"] = issued.RefreshToken! });
        var publicClient = await PostFormAsync(Anonymous, "/connect/introspect", new Dictionary<string, string>
        {
            ["token"] = issued.RefreshToken!,
            ["client_id"] = Ordo.Api.Infrastructure.Identity.AuthOptions.AdminClientId,
        });
        var wrongSecret = await PostFormAsync(Anonymous, "/connect/introspect", new Dictionary<string, string>
        {
            ["token"] = issued.RefreshToken!,
            ["client_id"] = client.ClientId,
            ["client_secret"] = "not-the-secret",
        });
        foreach (var refused in new[] { anonymous, publicClient, wrongSecret })
        {
            Assert.True(refused.Status is 400 or 401, $"introspection without a valid confidential client answered {refused.Status}: {refused.Body}");
            Assert.False(refused.Body.TryGetProperty("active", out _), refused.Body.ToString());
        }

        var before = await IntrospectAsync(client, issued.RefreshToken!);
        Assert.True(before.GetProperty("active").GetBoolean(), before.ToString());
        Assert.Equal(user.Id.ToString(), before.GetProperty("sub").GetString());

        var revokeForm = new Dictionary<string, string> { ["token"] = issued.RefreshToken! };
        AddClient(revokeForm, client);
        Assert.Equal(200, (await PostFormAsync(Anonymous, "/connect/revoke", revokeForm)).Status);

        var after = await IntrospectAsync(client, issued.RefreshToken!);
        Assert.False(after.GetProperty("active").GetBoolean(), after.ToString());
        Assert.Equal(400, (await RefreshAsync(Anonymous, issued.RefreshToken!, client)).Status);
    }

    [Fact]
    public async Task A_rotated_refresh_token_keeps_the_first_ones_expiry_so_the_lifetime_is_absolute()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var client = await IntegrationClientAsync();
        var first = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess, client);
        var firstExpiry = (await IntrospectAsync(client, first.RefreshToken!)).GetProperty("exp").GetInt64();

        // Expiries have second precision: a sliding lifetime would now move the expiry by at least a second.
        await Task.Delay(TimeSpan.FromMilliseconds(1_100), Cancellation);
        var second = await RefreshAsync(Anonymous, first.RefreshToken!, client);
        Assert.Equal(200, second.Status);
        await Task.Delay(TimeSpan.FromMilliseconds(1_100), Cancellation);
        var third = await RefreshAsync(Anonymous, second.RefreshToken!, client);
        Assert.Equal(200, third.Status);

        var staffLifetime = new Ordo.Api.Infrastructure.Identity.AuthOptions().StaffRefreshTokenLifetime;
        var expectedExpiry = DateTimeOffset.UtcNow.Add(staffLifetime).ToUnixTimeSeconds();
        Assert.InRange(firstExpiry, expectedExpiry - 60, expectedExpiry);
        var thirdIntrospected = await IntrospectAsync(client, third.RefreshToken!);
        Assert.True(thirdIntrospected.TryGetProperty("exp", out var thirdExpiry), thirdIntrospected.ToString());
        Assert.Equal(firstExpiry, thirdExpiry.GetInt64());
        Assert.False((await IntrospectAsync(client, second.RefreshToken!)).GetProperty("active").GetBoolean(), "a redeemed refresh token is spent");
        // Even presenting a spent token for introspection counts as a replay: the live one of its family is revoked.
        Assert.False((await IntrospectAsync(client, third.RefreshToken!)).GetProperty("active").GetBoolean());

        // The token store agrees: every refresh token of this session expires at the same instant.
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var expiries = new List<DateTimeOffset?>();
        await foreach (var token in tokens.FindBySubjectAsync(user.Id.ToString(), Cancellation))
        {
            if (await tokens.GetTypeAsync(token, Cancellation) == TokenTypeIdentifiers.RefreshToken)
            {
                expiries.Add(await tokens.GetExpirationDateAsync(token, Cancellation));
            }
        }

        Assert.Equal(3, expiries.Count);
        Assert.Single(expiries.Distinct());
    }

    private async Task<System.Text.Json.JsonElement> IntrospectAsync(Client client, string token)
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        AddClient(form, client);
        var (status, body) = await PostFormAsync(Anonymous, "/connect/introspect", form);
        Assert.True(status == 200, $"introspection answered {status}: {body}");
        return body;
    }
}

public sealed class TokensRefreshOnSqlite(SqliteApiFixture fixture) : TokensRefreshTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokensRefreshOnPostgres(PostgresApiFixture fixture) : TokensRefreshTests(fixture), IClassFixture<PostgresApiFixture>;
