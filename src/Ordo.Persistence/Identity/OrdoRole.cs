using Microsoft.AspNetCore.Identity;

namespace Ordo.Persistence.Identity;

/// <summary>A named set of permissions, stored as role claims of type <see cref="PermissionClaimType"/>.</summary>
public class OrdoRole : IdentityRole<Guid>
{
    public const string PermissionClaimType = "permission";

    public string? Description { get; set; }

    /// <summary>Seeded roles (admin, manager, ...): their names are fixed, their grants editable.</summary>
    public bool IsBuiltIn { get; set; }
}
