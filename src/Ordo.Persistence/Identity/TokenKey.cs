namespace Ordo.Persistence.Identity;

public enum TokenKeyUse
{
    Signing,
    Encryption,
}

/// <summary>
/// A key of the token server. The private material is stored encrypted (<see cref="IFieldProtector"/>). A new key is
/// published before it signs (<see cref="ActivatesAt"/>); a key is superseded when a newer one activates and stays
/// published until every token it protected has expired, so rotation never invalidates a live token.
/// </summary>
public class TokenKey
{
    public required string Id { get; init; }

    public required TokenKeyUse Use { get; init; }

    public required string Algorithm { get; init; }

    public required string ProtectedMaterial { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ActivatesAt { get; init; }
}
