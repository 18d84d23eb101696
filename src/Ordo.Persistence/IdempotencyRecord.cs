namespace Ordo.Persistence;

/// <summary>
/// One use of an <c>Idempotency-Key</c> by one caller: inserted by the first statement of the work's transaction (a
/// concurrent duplicate waits on its key) and given the response before that transaction commits, so every committed
/// record holds a response. A request that fails rolls its record back with everything else, freeing the key.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Caller { get; set; } = null!;

    public string Key { get; set; } = null!;

    /// <summary>SHA-256 of method, path and body: the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = null!;

    public int? ResponseStatus { get; set; }

    public string? ResponseContentType { get; set; }

    public string? ResponseLocation { get; set; }

    public string? ResponseETag { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
