using System.Text.Json.Serialization;

namespace Ordo.Admin.Api;

// The administration screens' view of the API's JSON (users, roles, permissions, audit): only the fields shown.

public sealed record User(
    Guid Id, string? Email, string Kind, Guid? CustomerId, IReadOnlyList<string> Roles,
    bool Disabled, bool MfaEnabled, bool LockedOut, bool EmailConfirmed, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string Email, string Password, IReadOnlyList<string> Roles);

public sealed record SetUserRolesRequest(IReadOnlyList<string> Roles);

/// <summary>A sign-in as the token server records it; <c>Status</c> is <c>valid</c> or <c>revoked</c>.</summary>
public sealed record UserSession(string Id, string? ClientId, DateTimeOffset? CreatedAt, string? Status, IReadOnlyList<string> Scopes);

public sealed record Role(Guid Id, string Name, string? Description, bool BuiltIn, IReadOnlyList<string> Permissions, int Users);

public sealed record RoleRequest(string Name, string? Description, IReadOnlyList<string> Permissions);

public sealed record PermissionInfo(string Name, string Description);

public sealed record AuditEntry(
    long Sequence, DateTimeOffset OccurredAt, string Actor, string? IpAddress, string? UserAgent, string Action,
    string ResourceType, string? ResourceId, string Outcome, string? Changes, string? TraceId, string PreviousHash, string Hash);

public sealed record AuditBreak(long Sequence, string Kind, string Detail);

public sealed record AuditVerification(bool Intact, long EntriesChecked, long LastSequence, string HeadHash, AuditBreak? FirstBreak);

/// <summary>Nothing to read: the answer of a 204.</summary>
public sealed record NoContent;

/// <summary>The user list's filters as the panel offers them.</summary>
public sealed record UserFilter(string? Email = null, string? Role = null, bool? Disabled = null, string? Kind = null, int PageSize = 50);

/// <summary>The audit log's filters (the API's own): times are sent as ISO 8601 in UTC.</summary>
public sealed record AuditFilter(
    string? Actor = null, string? Action = null, string? ResourceType = null, string? ResourceId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int PageSize = 50);

public sealed record Client(
    string ClientId, string? DisplayName, string? Type, IReadOnlyList<string> Scopes, bool BuiltIn,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> AllowedOrigins);

/// <summary><c>Type</c> is <c>confidential</c> (client_credentials, scopes, a secret) or <c>public</c> (code + PKCE, addresses).</summary>
public sealed record CreateClientRequest(
    string DisplayName, IReadOnlyList<string>? Scopes, string Type,
    IReadOnlyList<string>? RedirectUris, IReadOnlyList<string>? PostLogoutRedirectUris, IReadOnlyList<string>? AllowedOrigins);

/// <summary>A client with its secret: the answer of a creation (null secret for a public client) or a rotation, shown once.</summary>
public sealed record ClientWithSecret(string ClientId, string? DisplayName, IReadOnlyList<string> Scopes, string? ClientSecret);

public sealed record Webhook(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled, DateTimeOffset? DisabledAt,
    string? DisabledReason, int ConsecutiveFailures, DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> EventTypes, string? Description);

public sealed record CreatedWebhook(Webhook Webhook, string Secret);

/// <summary>A JSON Merge Patch: null members are left out, so only what changes is sent.</summary>
public sealed record WebhookPatch(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EventTypes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Enabled = null);

public sealed record WebhookSecret(Guid Id, string Secret, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record WebhookAttempt(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Failure, bool Succeeded, int LatencyMs);

public sealed record WebhookDelivery(
    Guid Id, Guid EventId, string EventType, string Status, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, IReadOnlyList<WebhookAttempt> Attempts);
