namespace Ordo.Persistence;

/// <summary>
/// One use of an <c>Idempotency-Key</c> by one caller. Inserted as <see cref="IdempotencyState.InProgress"/> before the
/// work starts (so a concurrent duplicate sees it), completed with the response in the same transaction as the
/// work's effects, and deleted when the request fails without effects so that a retry runs again.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Caller { get; set; } = null!;

    public string Key { get; set; } = null!;

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = null!;

    public IdempotencyState State { get; set; }

    public int? ResponseStatus { get; set; }

    public string? ResponseContentType { get; set; }

    public string? ResponseLocation { get; set; }

    public string? ResponseETag { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>An in-progress record older than this is an abandoned attempt (crashed instance) and may be taken over.</summary>
    public DateTimeOffset LockedUntil { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public enum IdempotencyState
{
    InProgress,
    Completed,
}
