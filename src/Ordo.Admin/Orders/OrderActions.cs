using Ordo.Admin.Auth;

namespace Ordo.Admin.Orders;

/// <summary>
/// Which actions the panel offers on an order: those the order's state allows now (its <c>allowedActions</c>, from the
/// API's state machine) that the caller's permissions also allow. Nothing else is shown; an action the panel does not
/// know yet is not offered.
/// </summary>
public static class OrderActions
{
    public const string Pay = "pay";
    public const string Cancel = "cancel";
    public const string Refund = "refund";
    public const string Ship = "ship";
    public const string Deliver = "deliver";

    /// <summary>The permission each action's endpoint requires (docs/security.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> PermissionFor = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Pay] = PanelPermissions.OrdersPay,
        [Cancel] = PanelPermissions.OrdersCancel,
        [Refund] = PanelPermissions.OrdersRefund,
        [Ship] = PanelPermissions.OrdersFulfil,
        [Deliver] = PanelPermissions.OrdersFulfil,
    };

    public static IReadOnlyList<string> Offered(IEnumerable<string> allowedActions, IReadOnlySet<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(allowedActions);
        ArgumentNullException.ThrowIfNull(permissions);
        return [.. allowedActions.Distinct(StringComparer.Ordinal)
            .Where(action => PermissionFor.TryGetValue(action, out var permission) && permissions.Contains(permission))];
    }
}
