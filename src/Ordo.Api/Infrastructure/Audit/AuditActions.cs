using Ordo.Domain.Orders;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>The actions the audit trail records: stable dotted names that filters and reports may depend on.</summary>
public static class AuditActions
{
    public const string SignedIn = "auth.signed_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string ClientTokenIssued = "auth.client_token_issued";
    public const string RefreshTokenReused = "auth.refresh_token_reused";

    public const string MfaEnabled = "account.mfa_enabled";
    public const string MfaDisabled = "account.mfa_disabled";
    public const string RecoveryCodesRegenerated = "account.recovery_codes_regenerated";

    public const string UserCreated = "user.created";
    public const string UserRolesChanged = "user.roles_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserMfaReset = "user.mfa_reset";
    public const string UserSessionRevoked = "user.session_revoked";
    public const string UserSessionsRevoked = "user.sessions_revoked";

    public const string RoleCreated = "role.created";
    public const string RoleUpdated = "role.updated";
    public const string RoleDeleted = "role.deleted";

    public const string ClientCreated = "client.created";
    public const string ClientSecretRotated = "client.secret_rotated";
    public const string ClientDeleted = "client.deleted";

    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookSecretRotated = "webhook.secret_rotated";
    public const string WebhookRedelivered = "webhook.redelivered";

    /// <summary>The service disabled a subscription (410 Gone, or too many failed attempts in a row); actor <c>system</c>.</summary>
    public const string WebhookDisabled = "webhook.disabled";

    public const string StockAdjusted = "product.stock_adjusted";

    /// <summary>A customer's contact details were shown in clear (access tracking).</summary>
    public const string CustomerContactDetailsRead = "customer.contact_details_read";

    /// <summary>A page of customers was listed with contact details in clear (access tracking).</summary>
    public const string CustomerListRead = "customer.list_read";

    public const string OrdersExported = "order.exported";

    public const string AuthorizationDenied = "authorization.denied";

    /// <summary>Every action, for the list's filter and the documentation; order actions are the order timeline's event types.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SignedIn, SignInFailed, ClientTokenIssued, RefreshTokenReused, MfaEnabled, MfaDisabled, RecoveryCodesRegenerated,
        UserCreated, UserRolesChanged, UserDisabled, UserEnabled, UserMfaReset, UserSessionRevoked, UserSessionsRevoked,
        RoleCreated, RoleUpdated, RoleDeleted, ClientCreated, ClientSecretRotated, ClientDeleted,
        WebhookCreated, WebhookUpdated, WebhookDeleted, WebhookSecretRotated, WebhookRedelivered, WebhookDisabled,
        .. OrderEventTypes.All, StockAdjusted, CustomerContactDetailsRead, CustomerListRead, OrdersExported, AuthorizationDenied,
    ];
}

/// <summary>The kinds of resource an entry names.</summary>
public static class AuditResources
{
    public const string User = "user";
    public const string Role = "role";
    public const string Client = "client";
    public const string Order = "order";
    public const string Product = "product";
    public const string Customer = "customer";
    public const string Endpoint = "endpoint";
    public const string Webhook = "webhook";

    /// <summary>A token family: an OpenIddict authorization and the tokens issued under it.</summary>
    public const string Authorization = "authorization";
}

/// <summary>How the audited attempt ended.</summary>
public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Denied = "denied";

    public static readonly IReadOnlyList<string> All = [Succeeded, Failed, Denied];
}
