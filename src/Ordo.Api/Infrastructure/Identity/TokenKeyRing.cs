using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// The token server's keys, persisted in <c>token_keys</c> (private parts encrypted) so every instance and every
/// restart signs with the same keys. Each instance re-reads the set periodically; a change rebuilds OpenIddict's
/// options (OpenIddict reads them per request) and the resource server's validation keys.
/// Rotation: a successor is created <see cref="AuthOptions.KeyPublicationLead"/> before it signs, and its predecessor
/// stays published for <see cref="AuthOptions.LongestTokenLifetime"/> after, so no live token loses its key.
/// </summary>
public sealed partial class TokenKeyRing(
    IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenKeyRing> logger)
    : IOptionsChangeTokenSource<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerOptions>, IDisposable
{
    public const string SigningAlgorithm = SecurityAlgorithms.EcdsaSha256;
    private const string EncryptionAlgorithm = SecurityAlgorithms.Aes256KW;

    // One load at a time, each published before the next reads: a load that read the table earlier never replaces
    // a newer set, whose keys may already have signed tokens.
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Lock _gate = new();
    private KeySet? _current;
    private CancellationTokenSource _changed = new();
    private readonly Lock _expiryGate = new();
    private DateTimeOffset? _signingKeyExpiry;

    public string? Name => Options.DefaultName;

    /// <summary>When the signing key in force (as last loaded) reaches <see cref="AuthOptions.SigningKeyLifetime"/>; null before the first load.</summary>
    public DateTimeOffset? SigningKeyExpiry
    {
        get
        {
            lock (_expiryGate)
            {
                return _signingKeyExpiry;
            }
        }
    }

    /// <summary>The keys in force: loads (and on a fresh database creates) them on first use.</summary>
    public KeySet Current
    {
        get
        {
            if (_current is { } current)
            {
                return current;
            }

            _loading.Wait();
            try
            {
                if (_current is null)
                {
                    Publish(LoadAsync(CancellationToken.None).GetAwaiter().GetResult());
                }

                return _current!;
            }
            finally
            {
                _loading.Release();
            }
        }
    }

    public void Dispose()
    {
        _changed.Dispose();
        _loading.Dispose();
    }

    public IChangeToken GetChangeToken()
    {
        // Under the gate: RefreshAsync disposes the source it replaces, and reading Token from a disposed one throws.
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Configure(OpenIddictServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = Current;
        // OpenIddict signs and encrypts with the first usable credentials and validates with all of them.
        options.SigningCredentials.AddRange(keys.Signing.Select(key => new SigningCredentials(key, SigningAlgorithm)));
        options.EncryptionCredentials.AddRange(keys.Encryption.Select(key =>
            new EncryptingCredentials(key, EncryptionAlgorithm, SecurityAlgorithms.Aes256CbcHmacSha512)));
    }

    /// <summary>Creates successors for keys that are due (or for all when <paramref name="force"/>), prunes expired keys, and reloads.</summary>
    public async Task RotateAsync(bool force, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<IFieldProtector>();
            var now = time.GetUtcNow();
            var settings = options.Value;
            var stored = await db.TokenKeys.ToListAsync(cancellationToken);
            foreach (var use in Enum.GetValues<TokenKeyUse>())
            {
                var ofUse = stored.Where(k => k.Use == use).OrderBy(k => k.ActivatesAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
                var newest = ofUse.LastOrDefault();
                var due = newest is null || force || newest.ActivatesAt + settings.SigningKeyLifetime <= now;
                if (due)
                {
                    // The very first key signs at once: there is nothing to publish it ahead of.
                    var activatesAt = newest is null ? now : now + settings.KeyPublicationLead;
                    db.TokenKeys.Add(CreateKey(use, activatesAt, now, protector));
                    LogKeyCreated(logger, use, activatesAt);
                }

                // A key superseded longer ago than any token lives protects nothing live any more.
                for (var i = 0; i + 1 < ofUse.Count; i++)
                {
                    if (ofUse[i + 1].ActivatesAt + settings.LongestTokenLifetime < now)
                    {
                        db.TokenKeys.Remove(ofUse[i]);
                    }
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await RefreshAsync(cancellationToken);
    }

    /// <summary>Re-reads the key set; when it changed, OpenIddict's options are rebuilt.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            Publish(await LoadAsync(cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    private void Publish(KeySet loaded)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                _current = loaded; // the first set: nothing was built from an earlier one
                return;
            }

            if (_current.Fingerprint == loaded.Fingerprint)
            {
                return;
            }

            _current = loaded;
            var changed = _changed;
            _changed = new CancellationTokenSource();
            changed.Cancel();
            changed.Dispose();
        }
    }

    private async Task<KeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IFieldProtector>();
        var stored = await db.TokenKeys.AsNoTracking().ToListAsync(cancellationToken);
        if (Enum.GetValues<TokenKeyUse>().Any(use => stored.All(k => k.Use != use)))
        {
            await RotateMissingAsync(db, protector, cancellationToken);
            stored = await db.TokenKeys.AsNoTracking().ToListAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var signing = Order(stored, TokenKeyUse.Signing, now).FirstOrDefault();
        lock (_expiryGate)
        {
            _signingKeyExpiry = signing?.ActivatesAt + options.Value.SigningKeyLifetime;
        }

        return new KeySet(
            Order(stored, TokenKeyUse.Signing, now).Select(k => (SecurityKey)ToSigningKey(k, protector)).ToList(),
            Order(stored, TokenKeyUse.Encryption, now).Select(k => (SecurityKey)ToEncryptionKey(k, protector)).ToList(),
            string.Join(',', stored.Select(k => $"{k.Id}@{k.ActivatesAt <= now}").Order(StringComparer.Ordinal)));
    }

    private async Task RotateMissingAsync(OrdoDbContext db, IFieldProtector protector, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var use in Enum.GetValues<TokenKeyUse>())
        {
            if (!await db.TokenKeys.AnyAsync(k => k.Use == use, cancellationToken))
            {
                db.TokenKeys.Add(CreateKey(use, now, now, protector));
                LogKeyCreated(logger, use, now);
            }
        }

        // Two instances starting on an empty database may both create keys: both are kept and published.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The key in force first (latest activated), then pending successors, then superseded keys.</summary>
    private static IEnumerable<TokenKey> Order(List<TokenKey> stored, TokenKeyUse use, DateTimeOffset now)
    {
        var ofUse = stored.Where(k => k.Use == use).ToList();
        var active = ofUse.Where(k => k.ActivatesAt <= now)
            .OrderByDescending(k => k.ActivatesAt).ThenByDescending(k => k.Id, StringComparer.Ordinal).ToList();
        var pending = ofUse.Where(k => k.ActivatesAt > now).OrderBy(k => k.ActivatesAt);
        return active.Take(1).Concat(pending).Concat(active.Skip(1));
    }

    private static TokenKey CreateKey(TokenKeyUse use, DateTimeOffset activatesAt, DateTimeOffset now, IFieldProtector protector)
    {
        byte[] material;
        if (use == TokenKeyUse.Signing)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            material = ecdsa.ExportPkcs8PrivateKey();
        }
        else
        {
            material = RandomNumberGenerator.GetBytes(32);
        }

        return new TokenKey
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Use = use,
            Algorithm = use == TokenKeyUse.Signing ? SigningAlgorithm : EncryptionAlgorithm,
            ProtectedMaterial = protector.Protect(Convert.ToBase64String(material)),
            CreatedAt = now,
            ActivatesAt = activatesAt,
        };
    }

    private static ECDsaSecurityKey ToSigningKey(TokenKey key, IFieldProtector protector)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(key.ProtectedMaterial)), out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.Id };
    }

    private static SymmetricSecurityKey ToEncryptionKey(TokenKey key, IFieldProtector protector) =>
        new(Convert.FromBase64String(protector.Unprotect(key.ProtectedMaterial))) { KeyId = key.Id };

    [LoggerMessage(Level = LogLevel.Information, Message = "Created a {KeyUse} key that activates at {ActivatesAt}")]
    private static partial void LogKeyCreated(ILogger logger, TokenKeyUse keyUse, DateTimeOffset activatesAt);

    /// <summary>Signing keys (first signs; all validate and are published) and encryption keys (first encrypts; all decrypt).</summary>
    public sealed record KeySet(IReadOnlyList<SecurityKey> Signing, IReadOnlyList<SecurityKey> Encryption, string Fingerprint);
}

/// <summary>
/// Each instance's own loop: picks up keys another instance created, every <see cref="AuthOptions.KeyRefreshInterval"/>.
/// Creating them is <see cref="TokenKeyRotation"/>'s, once across instances.
/// </summary>
public sealed partial class TokenKeyMaintenance(TokenKeyRing ring, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenKeyMaintenance> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogMaintenanceFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Token key refresh failed; the current keys stay in force")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Creates successors for keys that are due and prunes expired ones: a scheduled job (<see cref="JobName"/>, every
/// <see cref="AuthOptions.KeyRefreshInterval"/>), so one instance rotates per interval instead of each creating its own
/// successor. Safe to repeat: a second run finds the successor and creates none.
/// </summary>
public sealed class TokenKeyRotation(TokenKeyRing ring) : IScheduledJob
{
    public const string JobName = "identity.rotate-token-keys";

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        await ring.RotateAsync(force: false, cancellationToken);
        return null;
    }
}
