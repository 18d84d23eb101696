using System.Globalization;
using System.Net.Http.Json;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Api;

/// <summary>Users, roles, permissions and the audit trail.</summary>
public sealed partial class OrdoApi
{
    public Task<ApiResult<Page<User>>> ListUsersAsync(UserFilter filter, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var url = Query.Append("api/v1/users", [
            new("email", string.IsNullOrWhiteSpace(filter.Email) ? null : filter.Email.Trim()),
            new("role", string.IsNullOrEmpty(filter.Role) ? null : filter.Role),
            new("disabled", filter.Disabled is { } disabled ? (disabled ? "true" : "false") : null),
            new("kind", string.IsNullOrEmpty(filter.Kind) ? null : filter.Kind),
            new("limit", filter.PageSize.ToString(CultureInfo.InvariantCulture)),
            new("cursor", cursor)]);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), AdminJson.Default.PageUser);
    }

    public Task<ApiResult<User>> GetUserAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/users/{id}"), AdminJson.Default.User);

    public Task<ApiResult<User>> CreateUserAsync(CreateUserRequest request) =>
        ChangeAsync(HttpMethod.Post, "api/v1/users", null, () => JsonContent.Create(request, AdminJson.Default.CreateUserRequest), AdminJson.Default.User);

    public Task<ApiResult<User>> SetUserRolesAsync(Guid id, IReadOnlyList<string> roles) =>
        ChangeAsync(HttpMethod.Put, $"api/v1/users/{id}/roles", null, () => JsonContent.Create(new SetUserRolesRequest(roles), AdminJson.Default.SetUserRolesRequest), AdminJson.Default.User);

    public Task<ApiResult<User>> DisableUserAsync(Guid id, string? etag) =>
        ChangeAsync(HttpMethod.Post, $"api/v1/users/{id}/disable", etag, () => null, AdminJson.Default.User);

    public Task<ApiResult<User>> EnableUserAsync(Guid id, string? etag) =>
        ChangeAsync(HttpMethod.Post, $"api/v1/users/{id}/enable", etag, () => null, AdminJson.Default.User);

    public Task<ApiResult<NoContent>> ResetUserMfaAsync(Guid id) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/users/{id}/mfa", null, () => null, AdminJson.Default.NoContent);

    public Task<ApiResult<Page<UserSession>>> ListUserSessionsAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/users/{id}/sessions"), AdminJson.Default.PageUserSession);

    public Task<ApiResult<NoContent>> RevokeUserSessionAsync(Guid id, string sessionId) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/users/{id}/sessions/{Uri.EscapeDataString(sessionId)}", null, () => null, AdminJson.Default.NoContent);

    public Task<ApiResult<NoContent>> RevokeUserSessionsAsync(Guid id) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/users/{id}/sessions", null, () => null, AdminJson.Default.NoContent);

    public Task<ApiResult<Page<Role>>> ListRolesAsync() =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/roles?limit=200"), AdminJson.Default.PageRole);

    public Task<ApiResult<Role>> GetRoleAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/roles/{id}"), AdminJson.Default.Role);

    public Task<ApiResult<Role>> CreateRoleAsync(RoleRequest request) =>
        ChangeAsync(HttpMethod.Post, "api/v1/roles", null, () => JsonContent.Create(request, AdminJson.Default.RoleRequest), AdminJson.Default.Role);

    public Task<ApiResult<Role>> UpdateRoleAsync(Guid id, string etag, RoleRequest request) =>
        ChangeAsync(HttpMethod.Put, $"api/v1/roles/{id}", etag, () => JsonContent.Create(request, AdminJson.Default.RoleRequest), AdminJson.Default.Role);

    public Task<ApiResult<NoContent>> DeleteRoleAsync(Guid id, string? etag) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/roles/{id}", etag, () => null, AdminJson.Default.NoContent);

    public Task<ApiResult<IReadOnlyList<PermissionInfo>>> ListPermissionsAsync() =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/permissions"), AdminJson.Default.IReadOnlyListPermissionInfo);

    public Task<ApiResult<Page<AuditEntry>>> ListAuditEntriesAsync(AuditFilter filter, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var url = Query.Append("api/v1/audit", [
            new("actor", Blank(filter.Actor)),
            new("action", Blank(filter.Action)),
            new("resourceType", Blank(filter.ResourceType)),
            new("resourceId", Blank(filter.ResourceId)),
            new("from", filter.From?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("to", filter.To?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            new("limit", filter.PageSize.ToString(CultureInfo.InvariantCulture)),
            new("cursor", cursor)]);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), AdminJson.Default.PageAuditEntry);
    }

    public Task<ApiResult<AuditVerification>> VerifyAuditTrailAsync() =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/audit/verification"), AdminJson.Default.AuditVerification);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
