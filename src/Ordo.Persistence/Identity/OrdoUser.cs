using Microsoft.AspNetCore.Identity;

namespace Ordo.Persistence.Identity;

/// <summary>
/// A person who signs in: staff (no <see cref="CustomerId"/>) or a customer (linked to exactly one customer).
/// <see cref="IdentityUser{TKey}.UserName"/> is the email; both are stored encrypted with a blind index.
/// </summary>
public class OrdoUser : IdentityUser<Guid>
{
    public Guid? CustomerId { get; set; }

    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Stamped into every token issued; bumping it (logout, disable, password or role change) makes every earlier
    /// access token fail at once, without comparing clocks.
    /// </summary>
    public int SessionVersion { get; set; }

    /// <summary>The RFC 6238 time step of the last authenticator code accepted: a code is good for one use.</summary>
    public long? LastTotpTimeStep { get; set; }
}
