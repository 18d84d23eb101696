namespace Ordo.Api.Infrastructure.Authorization;

public enum CallerKind
{
    /// <summary>A staff member: permissions from roles, no ownership limits.</summary>
    Staff,

    /// <summary>A shopper: permissions from roles, limited to their own customer record and orders.</summary>
    Customer,

    /// <summary>An integration client (client_credentials): permissions are its granted scopes.</summary>
    Client,
}

/// <summary>
/// What the authenticated caller may do, resolved once per request from the token and the (cached) grants in the
/// database, so that a change of roles, a disable or a logout applies to the very next request.
/// </summary>
public sealed record CallerAccess(CallerKind Kind, string SubjectId, Guid? CustomerId, IReadOnlySet<string> Permissions)
{
    private static readonly object Key = new();

    public bool Has(string permission) => Permissions.Contains(permission);

    public static CallerAccess? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(Key, out var access) ? (CallerAccess?)access : null;
    }

    /// <summary>The caller of an endpoint that requires a permission (only reached once authorization passed).</summary>
    public static CallerAccess Required(HttpContext context) =>
        Of(context) ?? throw new InvalidOperationException("The endpoint was reached without an authenticated caller.");

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
