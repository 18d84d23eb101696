using Ordo.Admin.Api;

namespace Ordo.Admin.Auth;

/// <summary>
/// Who is signed in and what their roles let them do now (from <c>GET /api/v1/account</c>). Only for deciding what to
/// offer: the API checks every call again and stays the authority.
/// </summary>
public sealed class CurrentUser
{
    public Account? Account { get; private set; }

    public IReadOnlySet<string> Permissions { get; private set; } = new HashSet<string>();

    public bool Has(string permission) => Permissions.Contains(permission);

    public void Set(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Account = account;
        Permissions = new HashSet<string>(account.Permissions ?? [], StringComparer.Ordinal);
    }

    public void Clear()
    {
        Account = null;
        Permissions = new HashSet<string>();
    }
}
