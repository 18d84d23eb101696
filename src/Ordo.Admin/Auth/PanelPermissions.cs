namespace Ordo.Admin.Auth;

/// <summary>
/// Every permission the panel asks <see cref="CurrentUser"/> about, named as the API declares it on its endpoints
/// (docs/security.md, the <c>Permission</c> schema of docs/openapi.json). They only decide which screens and controls
/// the panel offers: the API checks each call again and stays the authority.
/// </summary>
public static class PanelPermissions
{
    /// <summary>The Products screens, and choosing products when placing an order.</summary>
    public const string CatalogRead = "catalog.read";

    /// <summary>Creating products, editing their details and archiving them.</summary>
    public const string CatalogWrite = "catalog.write";

    /// <summary>Adjusting a product's stock on hand and reading its stock movements.</summary>
    public const string StockAdjust = "stock.adjust";

    /// <summary>The New order screen and link, and "Place an order" on a customer.</summary>
    public const string OrdersCreate = "orders.create";

    /// <summary>The order's Pay action.</summary>
    public const string OrdersPay = "orders.pay";

    /// <summary>The order's Ship and Deliver actions.</summary>
    public const string OrdersFulfil = "orders.fulfil";

    /// <summary>The order's Cancel action.</summary>
    public const string OrdersCancel = "orders.cancel";

    /// <summary>The order's Refund action.</summary>
    public const string OrdersRefund = "orders.refund";

    /// <summary>The CSV export on the order list, and the Dashboard (the panel's home when held).</summary>
    public const string OrdersExport = "orders.export";

    /// <summary>The Customers screens, and choosing a customer when placing an order.</summary>
    public const string CustomersRead = "customers.read";

    /// <summary>Creating customers.</summary>
    public const string CustomersWrite = "customers.write";

    /// <summary>Customers' contact details unmasked, and searching customers by exact email.</summary>
    public const string CustomersPii = "customers.pii";

    /// <summary>The Users and Roles screens, read only.</summary>
    public const string UsersRead = "users.read";

    /// <summary>Creating users, changing their roles, disabling or enabling them, resetting their MFA, ending their sessions.</summary>
    public const string UsersManage = "users.manage";

    /// <summary>Editing, creating and deleting roles in the role matrix.</summary>
    public const string RolesManage = "roles.manage";

    /// <summary>The Audit log screen and its chain verification.</summary>
    public const string AuditRead = "audit.read";

    /// <summary>The Clients screen: creating, rotating and revoking API clients.</summary>
    public const string ClientsManage = "clients.manage";

    /// <summary>The Webhooks screens: subscribing, editing, rotating and redelivering.</summary>
    public const string WebhooksManage = "webhooks.manage";
}
