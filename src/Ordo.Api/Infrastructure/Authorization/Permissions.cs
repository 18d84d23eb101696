using Ordo.Api.Infrastructure.Identity;


namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>
/// The permission catalogue. Endpoints name one of these next to their route; roles grant them (data, editable
/// through the API); integration clients receive them as OAuth scopes.
/// </summary>
public static class Permissions
{
    public const string CatalogRead = "catalog.read";
    public const string CatalogWrite = "catalog.write";
    public const string StockAdjust = "stock.adjust";
    public const string OrdersRead = "orders.read";
    public const string OrdersCreate = "orders.create";
    public const string OrdersPay = "orders.pay";
    public const string OrdersFulfil = "orders.fulfil";
    public const string OrdersCancel = "orders.cancel";
    public const string OrdersRefund = "orders.refund";
    public const string OrdersRefundUnlimited = "orders.refund.unlimited";
    public const string OrdersShippingOverride = "orders.shipping.override";
    public const string OrdersExport = "orders.export";
    public const string CustomersRead = "customers.read";
    public const string CustomersWrite = "customers.write";
    public const string CustomersPii = "customers.pii";
    public const string UsersRead = "users.read";
    public const string UsersManage = "users.manage";
    public const string RolesManage = "roles.manage";
    public const string ClientsManage = "clients.manage";
    public const string AuditRead = "audit.read";
    public const string WebhooksManage = "webhooks.manage";
    public const string JobsRead = "jobs.read";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CatalogRead] = "Read products and stock levels.",
        [CatalogWrite] = "Create, edit and archive products.",
        [StockAdjust] = "Adjust stock on hand and read stock movements.",
        [OrdersRead] = "Read orders and their events (customers: their own).",
        [OrdersCreate] = "Place orders (customers: for themselves).",
        [OrdersPay] = "Record payments.",
        [OrdersFulfil] = "Ship orders and mark shipments delivered.",
        [OrdersCancel] = "Cancel orders (customers: their own).",
        [OrdersRefund] = "Refund payments, and cancel paid orders, up to the refund limit per order.",
        [OrdersRefundUnlimited] = "Refund above the refund limit.",
        [OrdersShippingOverride] = "Set an order's shipping fee instead of the rate of its currency.",
        [OrdersExport] = "Export orders as CSV.",
        [CustomersRead] = "Read customers (customers: their own profile).",
        [CustomersWrite] = "Create and edit customers (customers: their own profile).",
        [CustomersPii] = "See customers' email, phone and addresses unmasked.",
        [UsersRead] = "List users and their sessions.",
        [UsersManage] = "Create, disable and assign roles to users; reset MFA; revoke sessions.",
        [RolesManage] = "Create and edit roles and their permissions.",
        [ClientsManage] = "Create, rotate and revoke API clients.",
        [AuditRead] = "Read the audit trail.",
        [WebhooksManage] = "Manage webhook subscriptions.",
        [JobsRead] = "Read scheduled jobs, their runs and outcomes.",
    };

    /// <summary>
    /// The permissions a customer's account may hold: those whose endpoints narrow a customer to their own records
    /// (<see cref="AccessRules"/>). Everything else is <see cref="StaffOnly"/>.
    /// </summary>
    public static readonly IReadOnlySet<string> CustomerCapable = new HashSet<string>(StringComparer.Ordinal)
    {
        CatalogRead, OrdersRead, OrdersCreate, OrdersCancel, CustomersRead, CustomersWrite,
    };

    /// <summary>
    /// What a customer's account may never hold: the catalogue minus <see cref="CustomerCapable"/>, so that a
    /// permission added later is staff-only until someone writes its ownership rule. Refused (422
    /// <c>customer_account</c>) when roles are assigned to a customer's account and when a role customer accounts
    /// hold is edited; and a customer's account never acts with one, whatever its roles grant.
    /// </summary>
    public static readonly IReadOnlyList<string> StaffOnly = [.. Descriptions.Keys.Where(p => !CustomerCapable.Contains(p)).Order(StringComparer.Ordinal)];

    /// <summary>Every permission in name order: the closed set the API documents as <c>Permission</c>.</summary>
    public static readonly IReadOnlyList<string> Catalogue = [.. Descriptions.Keys.Order(StringComparer.Ordinal)];

    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)Descriptions.Keys;

    public static bool IsStaffOnly(string permission) => !CustomerCapable.Contains(permission);

    public static bool Exists(string permission) => Descriptions.ContainsKey(permission);
}

/// <summary>
/// The roles every installation starts with. They cannot be deleted or renamed; their grants can be edited, except
/// <see cref="Admin"/>'s: it always grants the whole catalogue (<see cref="IdentityBootstrap"/> brings it up to date).
/// </summary>
public static class BuiltInRoles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Support = "support";
    public const string Warehouse = "warehouse";
    public const string Customer = "customer";

    public static readonly IReadOnlyDictionary<string, (string Description, string[] Permissions)> Definitions =
        new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            [Admin] = ("Everything, including users, roles and clients.", [.. Permissions.All]),
            [Manager] = ("Runs the shop: catalogue, stock, all order actions, customers with PII; reads users.",
            [
                Permissions.CatalogRead, Permissions.CatalogWrite, Permissions.StockAdjust, Permissions.OrdersRead,
                Permissions.OrdersCreate, Permissions.OrdersPay, Permissions.OrdersFulfil, Permissions.OrdersCancel,
                Permissions.OrdersRefund, Permissions.OrdersRefundUnlimited, Permissions.OrdersShippingOverride, Permissions.OrdersExport,
                Permissions.CustomersRead, Permissions.CustomersWrite, Permissions.CustomersPii, Permissions.UsersRead, Permissions.AuditRead,
            ]),
            [Support] = ("Helps customers: reads and edits customers, cancels, refunds up to the limit.",
            [
                Permissions.CatalogRead, Permissions.OrdersRead, Permissions.OrdersCreate, Permissions.OrdersCancel,
                Permissions.OrdersRefund, Permissions.CustomersRead, Permissions.CustomersWrite, Permissions.CustomersPii,
            ]),
            [Warehouse] = ("Ships and delivers; adjusts stock; sees customer PII masked.",
            [
                Permissions.CatalogRead, Permissions.StockAdjust, Permissions.OrdersRead, Permissions.OrdersFulfil,
                Permissions.CustomersRead,
            ]),
            // No orders.pay: a payment is recorded by staff or a payment integration, never asserted by the payer.
            [Customer] = ("A shopper: their own profile and orders only.",
            [
                Permissions.CatalogRead, Permissions.OrdersRead, Permissions.OrdersCreate, Permissions.OrdersCancel,
                Permissions.CustomersRead, Permissions.CustomersWrite,
            ]),
        };
}
