using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Security.TokenTestSupport;
using OAuth = OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// The token server through a standard third-party OAuth 2.0 / OpenID Connect client library (Duende.IdentityModel),
/// and access tokens verified from the published JWKS alone, as an independent resource server would.
/// </summary>
public abstract class TokensOidcClientTests(ApiFixture fixture) : ProviderTests(fixture)
{
    // On first use: an initialiser would run before the base constructor skips an unavailable provider.
    private HttpClient Http => field ??= Fixture.CreateAnonymousClient();

    private async Task<DiscoveryDocumentResponse> DiscoverAsync()
    {
        var discovery = await Http.GetDiscoveryDocumentAsync(
            new DiscoveryDocumentRequest
            {
                Address = "http://localhost",
                Policy = new DiscoveryPolicy { RequireHttps = false, RequireKeySet = true },
            },
            Cancellation);
        Assert.False(discovery.IsError, $"{discovery.Error} {discovery.Exception}");
        return discovery;
    }

    [Fact]
    public async Task The_discovery_document_passes_the_clients_validation_and_publishes_only_public_P256_keys()
    {
        var discovery = await DiscoverAsync();

        Assert.Equal("http://localhost/", discovery.Issuer);
        Assert.Equal("http://localhost/connect/token", discovery.TokenEndpoint);
        Assert.Equal("http://localhost/connect/introspect", discovery.IntrospectionEndpoint);
        Assert.Equal("http://localhost/connect/revoke", discovery.RevocationEndpoint);
        Assert.Contains(OAuth.CodeChallengeMethods.Sha256, discovery.CodeChallengeMethodsSupported);
        Assert.DoesNotContain(OAuth.CodeChallengeMethods.Plain, discovery.CodeChallengeMethodsSupported);
        Assert.Contains(OAuth.GrantTypes.ClientCredentials, discovery.GrantTypesSupported);
        Assert.Contains(OAuth.GrantTypes.RefreshToken, discovery.GrantTypesSupported);

        var signingKeys = discovery.KeySet!.Keys.Where(key => key.Use is null or "sig").ToList();
        Assert.NotEmpty(signingKeys);
        Assert.All(signingKeys, key =>
        {
            Assert.Equal("EC", key.Kty);
            Assert.Equal("P-256", key.Crv);
            Assert.False(string.IsNullOrEmpty(key.Kid));
            Assert.True(key.Alg is null or "ES256", key.Alg);
            Assert.True(string.IsNullOrEmpty(key.D), "the JWKS must never carry a private key");
        });
        Assert.DoesNotContain(discovery.KeySet.Keys, key => key.Kty == "oct" || !string.IsNullOrEmpty(key.K));
    }

    [Fact]
    public async Task A_confidential_client_gets_a_token_by_client_credentials_and_reads_the_catalogue_with_it()
    {
        var discovery = await DiscoverAsync();
        var client = await CreateConfidentialClientAsync(
            Fixture.Factory.Services,
            OAuth.Permissions.Endpoints.Token,
            OAuth.Permissions.GrantTypes.ClientCredentials,
            OAuth.Permissions.Prefixes.Scope + Permissions.CatalogRead);

        var token = await Http.RequestClientCredentialsTokenAsync(
            new ClientCredentialsTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                Scope = Permissions.CatalogRead,
            },
            Cancellation);

        Assert.False(token.IsError, $"{token.Error} {token.ErrorDescription}");
        Assert.Null(token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Http, token.AccessToken!));
        await AssertVerifiesAgainstTheJwksAsync(discovery, token.AccessToken!);

        var unknownScope = await Http.RequestClientCredentialsTokenAsync(
            new ClientCredentialsTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                Scope = Permissions.CatalogWrite,
            },
            Cancellation);
        Assert.True(unknownScope.IsError, "a scope the client was not granted is refused");

        // Removing the client ends its tokens at once, though they have not expired.
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.DeleteAsync((await applications.FindByClientIdAsync(client.ClientId, Cancellation))!, Cancellation);
            await scope.ServiceProvider.GetRequiredService<AccessProfiles>().InvalidateAllAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Http, token.AccessToken!));
    }

    [Fact]
    public async Task The_admin_client_signs_in_refreshes_and_revokes_and_a_confidential_client_introspects()
    {
        var discovery = await DiscoverAsync();
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var unrelated = await CreateConfidentialClientAsync(Fixture.Factory.Services, OAuth.Permissions.Endpoints.Introspection);
        var resourceServer = await CreateResourceServerClientAsync();

        var signedIn = await Http.RequestPasswordTokenAsync(
            new PasswordTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = AuthOptions.AdminClientId,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                UserName = user.Email,
                Password = user.Password,
                Scope = $"{OAuth.Scopes.OpenId} {OAuth.Scopes.OfflineAccess}",
            },
            Cancellation);
        Assert.False(signedIn.IsError, $"{signedIn.Error} {signedIn.ErrorDescription}");
        Assert.NotNull(signedIn.IdentityToken);
        await AssertVerifiesAgainstTheJwksAsync(discovery, signedIn.AccessToken!);

        var refreshed = await Http.RequestRefreshTokenAsync(
            new RefreshTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = AuthOptions.AdminClientId,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                RefreshToken = signedIn.RefreshToken!,
            },
            Cancellation);
        Assert.False(refreshed.IsError, $"{refreshed.Error} {refreshed.ErrorDescription}");
        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Http, refreshed.AccessToken!));

        // RFC 7662: the resource server the token is for (its audience) may introspect it; another client learns nothing.
        var active = await IntrospectAsync(discovery, resourceServer, refreshed.AccessToken!);
        Assert.True(active.IsActive, active.Raw);
        Assert.False((await IntrospectAsync(discovery, unrelated, refreshed.AccessToken!)).IsActive);
        Assert.Equal(user.Id.ToString(), active.Claims.Single(claim => claim.Type == OAuth.Claims.Subject).Value);

        var revoked = await Http.RevokeTokenAsync(
            new TokenRevocationRequest
            {
                Address = discovery.RevocationEndpoint,
                ClientId = AuthOptions.AdminClientId,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                Token = refreshed.RefreshToken!,
                TokenTypeHint = OAuth.TokenTypeHints.RefreshToken,
            },
            Cancellation);
        Assert.False(revoked.IsError, revoked.Error);

        var afterRevocation = await Http.RequestRefreshTokenAsync(
            new RefreshTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = AuthOptions.AdminClientId,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                RefreshToken = refreshed.RefreshToken!,
            },
            Cancellation);
        Assert.Equal(OAuth.Errors.InvalidGrant, afterRevocation.Error);
    }

    /// <summary>The confidential client a separate resource server would use: its client id is the token audience.</summary>
    private async Task<Client> CreateResourceServerClientAsync()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(AuthOptions.Audience, Cancellation) is { } existing)
        {
            await applications.DeleteAsync(existing, Cancellation);
        }

        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = AuthOptions.Audience,
            ClientSecret = secret,
            ClientType = OAuth.ClientTypes.Confidential,
        };
        descriptor.Permissions.Add(OAuth.Permissions.Endpoints.Introspection);
        await applications.CreateAsync(descriptor, Cancellation);
        return new Client(AuthOptions.Audience, secret);
    }

    private async Task<TokenIntrospectionResponse> IntrospectAsync(DiscoveryDocumentResponse discovery, Client client, string token)
    {
        var response = await Http.IntrospectTokenAsync(
            new TokenIntrospectionRequest
            {
                Address = discovery.IntrospectionEndpoint,
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                Token = token,
            },
            Cancellation);
        Assert.False(response.IsError, $"{response.Error} {response.Raw}");
        return response;
    }

    /// <summary>What a resource server that shares nothing with Ordo but the discovery document would do.</summary>
    private async Task AssertVerifiesAgainstTheJwksAsync(DiscoveryDocumentResponse discovery, string accessToken)
    {
        var jwks = new JsonWebKeySet(await Http.GetStringAsync(new Uri(discovery.JwksUri!), Cancellation));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = discovery.Issuer,
            ValidAudience = AuthOptions.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [OAuth.JsonWebTokenTypes.AccessToken],
            IssuerSigningKeys = jwks.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(jwks.Keys.Select(key => key.Kid), jwks.GetSigningKeys().Select(key => key.KeyId));
    }
}

public sealed class TokensOidcClientOnSqlite(SqliteApiFixture fixture) : TokensOidcClientTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokensOidcClientOnPostgres(PostgresApiFixture fixture) : TokensOidcClientTests(fixture), IClassFixture<PostgresApiFixture>;
