using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;

namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>Endpoint metadata: the permission an endpoint requires (read by the docs and the security tests).</summary>
public sealed record PermissionMetadata(string Name);

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

public static class PermissionEndpoints
{
    private const string PolicyPrefix = "permission:";

    /// <summary>The one way an endpoint declares who may call it: a permission from <see cref="Permissions"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!Permissions.Exists(permission))
        {
            throw new ArgumentException($"'{permission}' is not in the permission catalogue.", nameof(permission));
        }

        return builder.RequireAuthorization(PolicyPrefix + permission).WithMetadata(new PermissionMetadata(permission));
    }

    internal static string? PermissionOf(string policyName) =>
        policyName.StartsWith(PolicyPrefix, StringComparison.Ordinal) ? policyName[PolicyPrefix.Length..] : null;
}

/// <summary>Builds <c>permission:x</c> policies on demand instead of registering one per permission.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        var permission = PermissionEndpoints.PermissionOf(policyName);
        return permission is null
            ? await base.GetPolicyAsync(policyName)
            : new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)).Build();
    }
}

public sealed class PermissionHandler(IHttpContextAccessor http) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var httpContext = context.Resource as HttpContext ?? http.HttpContext;
        if (httpContext is not null && CallerAccess.Of(httpContext)?.Has(requirement.Permission) == true)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A 403 for a missing permission names it (issue 14): which permission, and where a caller of each kind gets it; the
/// denial is recorded in the audit trail. Anything else is left to the framework.
/// </summary>
public sealed class MissingPermissionProblem : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var missing = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault()
            : null;
        if (missing is null)
        {
            await _framework.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        // Recorded in a transaction of its own before the answer: a refusal has no change to join.
        await context.RequestServices.GetRequiredService<AuditTrail>().RecordRefusalAsync(
            AuditActions.AuthorizationDenied,
            AuditResources.Endpoint,
            context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? context.Request.Path.Value,
            AuditOutcomes.Denied,
            AuditChanges.Create().Value("permission", missing.Permission).Value("method", context.Request.Method));
        var where = CallerAccess.Of(context)?.Kind switch
        {
            CallerKind.Client => $"A client has the permissions of its token's scopes: request a token with the scope '{missing.Permission}' (an administrator must grant it to the client first).",
            CallerKind.Customer when Permissions.IsStaffOnly(missing.Permission) => "This operation is for staff: customer accounts cannot be given this permission.",
            _ => "A user has the permissions of their roles: an administrator can grant it through a role.",
        };
        await Problems.WriteAsync(
            context,
            AuthorizationErrors.PermissionMissing,
            $"This operation needs the '{missing.Permission}' permission, which the caller does not have. {where}",
            new Dictionary<string, object?> { ["permission"] = missing.Permission });
    }
}
