using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence.Identity;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// Forged, altered and misused bearer tokens against the running service. Every attack is checked against
/// <see cref="TokenTestSupport.ProtectedUrl"/>, which a correctly minted token for the same user may read, so a
/// refusal proves the validation rule under test and not some unrelated failure.
/// </summary>
public abstract class TokensAttackTests(ApiFixture fixture) : ProviderTests(fixture), IAsyncLifetime
{
    private const string Issuer = "http://localhost/";

    /// <summary>A valid entry in the token server's store: every access token names its own, and a revoked one is refused.</summary>
    private string _tokenEntryId = "";

    public async ValueTask InitializeAsync()
    {
        if (Fixture.UnavailableReason is null)
        {
            _tokenEntryId = await CreateTokenEntryAsync(Fixture.Factory.Services);
        }
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    // On first use: an initialiser would run before the base constructor skips an unavailable provider.
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    /// <summary>The server's own signing key, private part included: what an attacker must never hold.</summary>
    private ECDsaSecurityKey RealKey =>
        (ECDsaSecurityKey)Fixture.Factory.Services.GetRequiredService<TokenKeyRing>().Current.Signing[0];

    [Fact]
    public async Task A_token_minted_with_the_real_key_and_every_right_claim_is_accepted()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);

        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, Mint(user.Id)));
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, HandBuilt(RealHeader(), Payload(user.Id), SignEs256)));
    }

    [Fact]
    public async Task An_expired_token_is_refused_beyond_30_seconds_of_clock_skew_but_not_within_them()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var now = DateTime.UtcNow;

        var expired40SecondsAgo = Mint(user.Id, token => Lifetime(token, now.AddMinutes(-5), now.AddSeconds(-40)));
        var expired20SecondsAgo = Mint(user.Id, token => Lifetime(token, now.AddMinutes(-5), now.AddSeconds(-20)));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, expired40SecondsAgo));
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, expired20SecondsAgo));
    }

    [Fact]
    public async Task A_refused_tokens_401_says_why_in_its_body()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var now = DateTime.UtcNow;

        using var expired = await GetWithBearerAsync(Anonymous, Mint(user.Id, token => Lifetime(token, now.AddMinutes(-10), now.AddMinutes(-5))));
        using var otherAudience = await GetWithBearerAsync(Anonymous, Mint(user.Id, token => token.Audience = "billing-api"));
        using var none = await Anonymous.GetAsync(ProtectedUrl, Cancellation);

        Assert.Contains("expired", (await expired.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized")).Detail, StringComparison.Ordinal);
        Assert.Contains("audience", (await otherAudience.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized")).Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization: Bearer", (await none.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized")).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var payload = Payload(user.Id);
        payload.Remove("exp");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, HandBuilt(RealHeader(), payload, SignEs256)));
    }

    [Fact]
    public async Task A_token_for_another_audience_or_from_another_issuer_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);

        var otherAudience = Mint(user.Id, token => token.Audience = "billing-api");
        var otherIssuer = Mint(user.Id, token => token.Issuer = "https://login.attacker.example/");
        var noAudience = Mint(user.Id, token => token.Audience = null);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, otherAudience));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, otherIssuer));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, noAudience));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("noNE")]
    [InlineData("None")]
    public async Task An_unsigned_token_is_refused_however_none_is_spelled(string algorithm)
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "at+jwt", ["kid"] = RealKey.KeyId };

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, HandBuilt(header, Payload(user.Id), _ => "")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, HandBuilt(header, Payload(user.Id), SignEs256)));
    }

    [Fact]
    public async Task A_real_token_whose_payload_was_changed_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issued = await TestAuth.PasswordGrantAsync(Anonymous, user.Email, user.Password, cancellationToken: Cancellation);
        var parts = issued.AccessToken.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["sub"] = (await AdminIdAsync()).ToString();
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, issued.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, tampered));
    }

    [Fact]
    public async Task A_token_signed_with_HMAC_keyed_by_the_public_key_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt", ["kid"] = RealKey.KeyId };
        var publicKeys = new[]
        {
            RealKey.ECDsa.ExportSubjectPublicKeyInfo(),
            Encoding.ASCII.GetBytes(RealKey.ECDsa.ExportSubjectPublicKeyInfoPem()),
            Encoding.UTF8.GetBytes(PublicJwk(RealKey.ECDsa, RealKey.KeyId).ToJsonString()),
        };

        foreach (var publicKey in publicKeys)
        {
            var token = HandBuilt(header, Payload(user.Id), input => Base64UrlEncoder.Encode(HMACSHA256.HashData(publicKey, input)));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, token));
        }
    }

    [Fact]
    public async Task A_token_naming_an_unknown_key_is_refused_even_when_signed_by_the_real_key()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var sameKeyOtherId = new ECDsaSecurityKey(RealKey.ECDsa) { KeyId = "unknown-" + Guid.NewGuid().ToString("N") };
        var withoutKeyId = RealHeader();
        withoutKeyId.Remove("kid");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, Mint(user.Id, key: sameKeyOtherId)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, HandBuilt(withoutKeyId, Payload(user.Id), SignEs256)));
    }

    [Fact]
    public async Task A_token_signed_by_an_attacker_key_published_through_jku_x5u_or_jwk_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var attackerKey = new ECDsaSecurityKey(attacker) { KeyId = "attacker-1" };
        var headers = new Dictionary<string, object>[]
        {
            new() { ["jku"] = "https://attacker.example/.well-known/jwks" },
            new() { ["x5u"] = "https://attacker.example/cert.pem" },
            new() { ["jwk"] = JsonSerializer.Deserialize<Dictionary<string, object>>(PublicJwk(attacker, "attacker-1").ToJsonString())! },
        };

        foreach (var extra in headers)
        {
            var withAttackerKid = Mint(user.Id, token => token.AdditionalHeaderClaims = extra, attackerKey);
            var withRealKid = Mint(user.Id, token => token.AdditionalHeaderClaims = extra, new ECDsaSecurityKey(attacker) { KeyId = RealKey.KeyId });
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, withAttackerKid));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, withRealKid));
        }
    }

    [Fact]
    public async Task A_token_of_another_type_is_refused_even_when_signed_by_the_real_key()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, Mint(user.Id, token => token.TokenType = "JWT")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, Mint(user.Id, token => token.TokenType = null)));
    }

    [Fact]
    public async Task An_ID_token_or_a_refresh_token_presented_as_an_access_token_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issued = await TestAuth.PasswordGrantAsync(Anonymous, user.Email, user.Password, scope: "openid offline_access", cancellationToken: Cancellation);
        var idToken = issued.Body.GetProperty("id_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, issued.AccessToken));
        Assert.Equal("JWT", new JsonWebToken(idToken).Typ);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, idToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, issued.RefreshToken!));
    }

    [Fact]
    public async Task A_well_formed_token_of_a_user_disabled_since_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issued = await TestAuth.PasswordGrantAsync(Anonymous, user.Email, user.Password, cancellationToken: Cancellation);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, issued.AccessToken));

        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            stored.IsDisabled = true;
            Assert.True((await users.UpdateAsync(stored)).Succeeded);
            await scope.ServiceProvider.GetRequiredService<AccessProfiles>().InvalidateAsync(user.Id);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, issued.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, Mint(user.Id)));
    }

    [Fact]
    public async Task A_token_from_an_older_session_or_for_an_unknown_subject_is_refused()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var olderSession = Payload(user.Id);
        olderSession["ordo_sv"] = "-1";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, HandBuilt(RealHeader(), olderSession, SignEs256)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, Mint(Guid.NewGuid())));
    }

    private string Mint(Guid userId, Action<SecurityTokenDescriptor>? change = null, SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AuthOptions.Audience,
            TokenType = "at+jwt",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = userId.ToString(),
                [IdentityRegistration.KindClaim] = "Staff",
                [IdentityRegistration.SessionVersionClaim] = "0",
                ["jti"] = Guid.NewGuid().ToString("N"),
                [OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.TokenId] = _tokenEntryId,
            },
            SigningCredentials = new SigningCredentials(key ?? RealKey, SecurityAlgorithms.EcdsaSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static void Lifetime(SecurityTokenDescriptor token, DateTime issuedAt, DateTime expires)
    {
        token.IssuedAt = issuedAt;
        token.NotBefore = issuedAt;
        token.Expires = expires;
    }

    private JsonObject RealHeader() => new() { ["alg"] = "ES256", ["typ"] = "at+jwt", ["kid"] = RealKey.KeyId };

    private JsonObject Payload(Guid userId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = AuthOptions.Audience,
            ["sub"] = userId.ToString(),
            [IdentityRegistration.KindClaim] = "Staff",
            [IdentityRegistration.SessionVersionClaim] = "0",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
            ["jti"] = Guid.NewGuid().ToString("N"),
            [OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.TokenId] = _tokenEntryId,
        };
    }

    /// <summary>A compact JWS built by hand, for the shapes no well-behaved library would produce.</summary>
    private static string HandBuilt(JsonObject header, JsonObject payload, Func<byte[], string> sign)
    {
        var signingInput = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}";
        return $"{signingInput}.{sign(Encoding.ASCII.GetBytes(signingInput))}";
    }

    private string SignEs256(byte[] input) =>
        Base64UrlEncoder.Encode(RealKey.ECDsa.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    private async Task<Guid> AdminIdAsync()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
        return (await users.FindByEmailAsync(TestAuth.AdminEmail))!.Id;
    }

    private static JsonObject PublicJwk(ECDsa key, string keyId)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["kid"] = keyId,
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
    }
}

public sealed class TokensAttackOnSqlite(SqliteApiFixture fixture) : TokensAttackTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokensAttackOnPostgres(PostgresApiFixture fixture) : TokensAttackTests(fixture), IClassFixture<PostgresApiFixture>;
