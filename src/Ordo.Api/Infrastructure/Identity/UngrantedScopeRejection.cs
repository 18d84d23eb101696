using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Answers a token request for a scope the client was not granted with <c>invalid_scope</c> (RFC 6749 §5.2: "exceeds
/// the scope granted by the resource owner") instead of OpenIddict's generic <c>invalid_request</c>, so integrations
/// can tell a permissions problem from a malformed request. Runs in the place of OpenIddict's own check (just
/// before it), hence after client authentication: a caller without the secret learns nothing about the grants.
/// </summary>
public sealed class UngrantedScopeRejection(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<UngrantedScopeRejection>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsClientCredentialsGrantType() || string.IsNullOrEmpty(context.ClientId))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken);
        if (application is null)
        {
            return; // OpenIddict rejects unknown clients itself
        }

        foreach (var scope in context.Request.GetScopes())
        {
            if (!await applications.HasPermissionAsync(application, OpenIddictConstants.Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                context.Reject(Errors.InvalidScope, $"This client was not granted the scope '{scope}'.");
                return;
            }
        }
    }
}
