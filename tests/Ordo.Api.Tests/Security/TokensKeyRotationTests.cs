using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

/// <summary>Signing and encryption keys: rotation without breaking live tokens, publication in the JWKS, storage at rest.</summary>
public abstract class TokensKeyRotationTests(ApiFixture fixture) : ProviderTests(fixture)
{
    /// <summary>A successor signs at once, so a forced rotation is visible without waiting.</summary>
    public static readonly IReadOnlyDictionary<string, string?> ImmediateRotation = new Dictionary<string, string?>
    {
        ["Auth:KeyPublicationLead"] = "00:00:00",
    };

    // On first use: an initialiser would run before the base constructor skips an unavailable provider.
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private TokenKeyRing Ring => Fixture.Factory.Services.GetRequiredService<TokenKeyRing>();

    [Fact]
    public async Task After_a_forced_rotation_old_tokens_still_work_new_tokens_carry_the_new_key_and_the_JWKS_lists_both()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var before = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var oldKeyId = new JsonWebToken(before.AccessToken).Kid;
        Assert.Equal(Ring.Current.Signing[0].KeyId, oldKeyId);

        await Ring.RotateAsync(force: true, Cancellation);

        var newKeyId = Ring.Current.Signing[0].KeyId;
        Assert.NotEqual(oldKeyId, newKeyId);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, before.AccessToken));

        var after = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        Assert.Equal(newKeyId, new JsonWebToken(after.AccessToken).Kid);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, after.AccessToken));

        // A refresh token protected by the previous encryption and signing keys still redeems, for a token signed by the new key.
        var refreshed = await RefreshAsync(Anonymous, before.RefreshToken!);
        Assert.Equal(200, refreshed.Status);
        Assert.Equal(newKeyId, new JsonWebToken(refreshed.AccessToken).Kid);

        var published = await PublishedKeyIdsAsync();
        Assert.Contains(oldKeyId, published);
        Assert.Contains(newKeyId, published);
        Assert.Equal(Ring.Current.Signing.Select(key => key.KeyId).Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_rotation_that_is_not_due_creates_no_key()
    {
        var before = Ring.Current.Fingerprint;

        await Ring.RotateAsync(force: false, Cancellation);

        Assert.Equal(before, Ring.Current.Fingerprint);
    }

    [Fact]
    public async Task Private_key_material_is_stored_encrypted_and_a_restart_on_the_same_database_signs_with_the_same_key()
    {
        var signing = (ECDsaSecurityKey)Ring.Current.Signing[0];
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var stored = await db.TokenKeys.AsNoTracking().SingleAsync(key => key.Id == signing.KeyId, Cancellation);
            var privateScalar = signing.ECDsa.ExportParameters(includePrivateParameters: true).D!;

            Assert.Equal(TokenKeyUse.Signing, stored.Use);
            Assert.StartsWith(TestPiiKeys.Settings["Pii:ActiveKeyId"] + ":", stored.ProtectedMaterial, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(signing.ECDsa.ExportPkcs8PrivateKey()), stored.ProtectedMaterial, StringComparison.Ordinal);
            Assert.DoesNotContain("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH", stored.ProtectedMaterial, StringComparison.Ordinal); // how every base64 PKCS#8 P-256 key begins

            // Not vacuous: the stored value is this very key, once decrypted with the PII key.
            var decrypted = scope.ServiceProvider.GetRequiredService<IFieldProtector>().Unprotect(stored.ProtectedMaterial);
            using var restored = ECDsa.Create();
            restored.ImportPkcs8PrivateKey(Convert.FromBase64String(decrypted), out _);
            Assert.Equal(privateScalar, restored.ExportParameters(includePrivateParameters: true).D);
        }

        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issuedBeforeRestart = await PasswordGrantAsync(Anonymous, user);

        await using var restarted = new OrdoApiFactory(Fixture.Provider, Fixture.ConnectionString, ImmediateRotation);
        using var restartedClient = restarted.CreateAnonymousClient();
        Assert.Equal(signing.KeyId, restarted.Services.GetRequiredService<TokenKeyRing>().Current.Signing[0].KeyId);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(restartedClient, issuedBeforeRestart.AccessToken));
        var issuedAfterRestart = await PasswordGrantAsync(restartedClient, user);
        Assert.Equal(signing.KeyId, new JsonWebToken(issuedAfterRestart.AccessToken).Kid);
    }

    private async Task<List<string>> PublishedKeyIdsAsync()
    {
        var jwks = JsonDocument.Parse(await Anonymous.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative), Cancellation)).RootElement;
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }
}

public class KeyRotationSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => TokensKeyRotationTests.ImmediateRotation;
}

public class KeyRotationPostgresFixture : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => TokensKeyRotationTests.ImmediateRotation;
}

public sealed class TokensKeyRotationOnSqlite(KeyRotationSqliteFixture fixture) : TokensKeyRotationTests(fixture), IClassFixture<KeyRotationSqliteFixture>;

public sealed class TokensKeyRotationOnPostgres(KeyRotationPostgresFixture fixture) : TokensKeyRotationTests(fixture), IClassFixture<KeyRotationPostgresFixture>;

/// <summary>With the production publication lead, a successor is published first and signs only later.</summary>
public abstract class TokensKeyPublicationTests(ApiFixture fixture) : ProviderTests(fixture)
{
    // On first use: an initialiser would run before the base constructor skips an unavailable provider.
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    [Fact]
    public async Task A_successor_key_is_published_and_accepted_before_it_signs_anything()
    {
        var ring = Fixture.Factory.Services.GetRequiredService<TokenKeyRing>();
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var signingKeyId = ring.Current.Signing[0].KeyId;

        await ring.RotateAsync(force: true, Cancellation);

        var successor = Assert.Single(ring.Current.Signing, key => key.KeyId != signingKeyId);
        var issued = await PasswordGrantAsync(Anonymous, user);
        Assert.Equal(signingKeyId, new JsonWebToken(issued.AccessToken).Kid);

        var jwks = JsonDocument.Parse(await Anonymous.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative), Cancellation)).RootElement;
        var published = jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()).ToList();
        Assert.Contains(signingKeyId, published);
        Assert.Contains(successor.KeyId, published);

        // A resource server that has the JWKS already accepts what the successor will sign.
        var signedBySuccessor = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "http://localhost/",
            Audience = AuthOptions.Audience,
            TokenType = "at+jwt",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Id.ToString(),
                [IdentityRegistration.KindClaim] = "Staff",
                [IdentityRegistration.SessionVersionClaim] = "0",
                [OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.TokenId] = await CreateTokenEntryAsync(Fixture.Factory.Services),
            },
            SigningCredentials = new SigningCredentials(successor, SecurityAlgorithms.EcdsaSha256),
        });
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, signedBySuccessor));
    }
}

/// <summary>The publication test rotates by hand; the scheduled rotation job would swap the signing key under it.</summary>
public class KeyPublicationSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

public class KeyPublicationPostgresFixture : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

public sealed class TokensKeyPublicationOnSqlite(KeyPublicationSqliteFixture fixture) : TokensKeyPublicationTests(fixture), IClassFixture<KeyPublicationSqliteFixture>;

public sealed class TokensKeyPublicationOnPostgres(KeyPublicationPostgresFixture fixture) : TokensKeyPublicationTests(fixture), IClassFixture<KeyPublicationPostgresFixture>;

/// <summary>The key runbook: a deleted key kills its tokens; the schedule rotates and prunes on its own.</summary>
public abstract class TokensKeyLifecycleTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private TokenKeyRing Ring => Fixture.Factory.Services.GetRequiredService<TokenKeyRing>();

    [Fact]
    public async Task Deleting_a_compromised_key_refuses_its_tokens_and_a_new_key_takes_over()
    {
        var user = await CreateWarehouseUserAsync(Fixture.Factory.Services);
        var issued = await PasswordGrantAsync(Anonymous, user, Scopes.OfflineAccess);
        var compromised = new JsonWebToken(issued.AccessToken).Kid;
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, issued.AccessToken));

        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            // Every key goes: the signing key that leaked and the encryption key stored next to it.
            await db.TokenKeys.ExecuteDeleteAsync(Cancellation);
        }

        await Ring.RefreshAsync(Cancellation); // what each instance's maintenance tick does within Auth:KeyRefreshInterval

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithBearerAsync(Anonymous, issued.AccessToken));
        Assert.Equal(400, (await RefreshAsync(Anonymous, issued.RefreshToken!)).Status);
        var reissued = await PasswordGrantAsync(Anonymous, user);
        Assert.Equal(200, reissued.Status);
        Assert.NotEqual(compromised, new JsonWebToken(reissued.AccessToken).Kid);
        Assert.Equal(HttpStatusCode.OK, await StatusWithBearerAsync(Anonymous, reissued.AccessToken));
    }

    [Fact]
    public async Task Keys_rotate_when_due_activate_after_the_lead_and_are_pruned_once_no_token_can_need_them()
    {
        _ = Ring.Current; // the service's first key exists, so the forced rotation below makes a pending successor
        var settings = new AuthOptions { Issuer = new Uri("http://localhost/") };
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        // A second ring on the same database with its own clock: an instance living through months of rotations.
        using var ring = new TokenKeyRing(
            Fixture.Factory.Services.GetRequiredService<IServiceScopeFactory>(),
            Microsoft.Extensions.Options.Options.Create(settings),
            clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TokenKeyRing>.Instance);
        await ring.RotateAsync(force: true, Cancellation);
        clock.Now += settings.KeyPublicationLead;
        await ring.RefreshAsync(Cancellation);
        var first = ring.Current.Signing[0].KeyId;
        var keysAtStart = ring.Current.Signing.Select(key => key.KeyId).ToList();

        clock.Now += settings.SigningKeyLifetime - TimeSpan.FromMinutes(1);
        await ring.RotateAsync(force: false, Cancellation);
        Assert.Equal(first, ring.Current.Signing[0].KeyId);
        Assert.All(ring.Current.Signing, key => Assert.Contains(key.KeyId, keysAtStart)); // not due: no new key

        clock.Now += TimeSpan.FromMinutes(1);
        await ring.RotateAsync(force: false, Cancellation);
        var successor = Assert.Single(ring.Current.Signing, key => !keysAtStart.Contains(key.KeyId)).KeyId;
        Assert.Equal(first, ring.Current.Signing[0].KeyId); // published, not signing yet

        clock.Now += settings.KeyPublicationLead;
        await ring.RefreshAsync(Cancellation);
        Assert.Equal(successor, ring.Current.Signing[0].KeyId);
        Assert.Contains(first, ring.Current.Signing.Select(key => key.KeyId)); // still validates what it signed

        clock.Now += settings.LongestTokenLifetime + TimeSpan.FromMinutes(1);
        await ring.RotateAsync(force: false, Cancellation);
        Assert.Equal([successor], ring.Current.Signing.Select(key => key.KeyId));
        Assert.Single(ring.Current.Encryption);

        // The service's own ring follows the database on its next tick.
        await Ring.RefreshAsync(Cancellation);
        Assert.Contains(successor, Ring.Current.Signing.Select(key => key.KeyId));
        Assert.DoesNotContain(first, Ring.Current.Signing.Select(key => key.KeyId));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class TokensKeyLifecycleOnSqlite(SqliteApiFixture fixture) : TokensKeyLifecycleTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokensKeyLifecycleOnPostgres(PostgresApiFixture fixture) : TokensKeyLifecycleTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// The key ring reloading while keys are added, on a database of its own: the keys it adds would change what the other
/// suites' rings publish.
/// </summary>
public abstract class TokenKeyReloadTests(ApiFixture fixture) : ProviderTests(fixture)
{
    [Fact]
    public async Task Reloads_racing_with_new_keys_never_publish_an_older_key_set()
    {
        // Two rings of their own, as two instances have: one adds keys, the other only reloads.
        using var observed = NewRing();
        using var rotating = NewRing();
        _ = observed.Current;
        // Every set the ring publishes, in order: the ring signals each change while it swaps the set, so none is missed.
        var published = new List<IReadOnlyList<string>> { Ids(observed) };
        using var recorder = ChangeToken.OnChange(observed.GetChangeToken, () =>
        {
            lock (published)
            {
                published.Add(Ids(observed));
            }
        });
        var rotations = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await rotating.RotateAsync(force: true, Cancellation);
            }
        }, Cancellation);
        var reloads = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!rotations.IsCompleted)
            {
                await observed.RefreshAsync(Cancellation);
            }
        }, Cancellation));
        await Task.WhenAll([rotations, .. reloads]);

        // Keys are only added here, so each set the ring published holds every key of the one before it: a reload that
        // read the table before another reload does not replace what that one published, or a token signed with a
        // newer key fails until the next refresh.
        for (var i = 1; i < published.Count; i++)
        {
            Assert.Empty(published[i - 1].Except(published[i]));
        }
    }

    private static List<string> Ids(TokenKeyRing ring) => [.. ring.Current.Signing.Select(key => key.KeyId!)];

    private TokenKeyRing NewRing()
    {
        var services = Fixture.Factory.Services;
        return new TokenKeyRing(
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<IOptions<AuthOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<TokenKeyRing>>());
    }
}

public sealed class TokenKeyReloadOnSqlite(SqliteApiFixture fixture) : TokenKeyReloadTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class TokenKeyReloadOnPostgres(PostgresApiFixture fixture) : TokenKeyReloadTests(fixture), IClassFixture<PostgresApiFixture>;
