using Ordo.Admin.Api;

namespace Ordo.Admin.Auth;

/// <summary>The tokens of the signed-in user, in this tab's memory only: gone on reload, never in any browser storage.</summary>
public sealed class TokenSession(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string? AccessToken { get; private set; }

    public string? RefreshToken { get; private set; }

    public string? IdToken { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public bool IsSignedIn => AccessToken is not null;

    /// <summary>Refresh a little before the access token runs out rather than after a 401.</summary>
    public bool NeedsRefresh => IsSignedIn && RefreshToken is not null && _time.GetUtcNow() >= ExpiresAt - TimeSpan.FromSeconds(30);

    public event Action? Changed;

    public void Store(TokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        AccessToken = tokens.AccessToken;
        // Refresh tokens rotate: each use returns a new one and the old one stops working.
        RefreshToken = tokens.RefreshToken ?? RefreshToken;
        IdToken = tokens.IdToken ?? IdToken;
        ExpiresAt = _time.GetUtcNow().AddSeconds(tokens.ExpiresIn);
        Changed?.Invoke();
    }

    public void Clear()
    {
        AccessToken = RefreshToken = IdToken = null;
        Changed?.Invoke();
    }
}
