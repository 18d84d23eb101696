using OpenIddict.Abstractions;
using OpenIddict.Server;
using Ordo.Api.Infrastructure.Audit;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Exactly one redemption of a refresh token succeeds. OpenIddict (7.8) checks the token's status when it reads the
/// request and marks it redeemed later, in <c>RedeemTokenEntry</c>, whose <c>TryRedeemAsync</c> is an optimistic
/// update guarded by the entry's concurrency token, so only one of several concurrent requests can win it; but for
/// refresh tokens that handler deliberately ignores losing (to allow a reuse leeway), so every request that passed the
/// status check got new tokens. This runs just before it and acts on the result: the loser is refused with
/// <c>invalid_grant</c> and, as for any reuse, the whole family (the authorization and all its tokens) is revoked
/// (<see cref="RevocationCacheEviction"/> then drops the cached token decisions, so its access tokens fail too). The
/// reuse is audited (<c>auth.refresh_token_reused</c>, in a transaction of its own).
/// </summary>
public sealed class SingleRefreshTokenRedemption(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, AuditTrail audit)
    : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<SingleRefreshTokenRedemption>()
            .SetOrder(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not OpenIddictServerEndpointType.Token || !context.Request.IsRefreshTokenGrantType())
        {
            return;
        }

        var authentication = context.Transaction.GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!);
        var identifier = authentication?.RefreshTokenPrincipal?.GetTokenId();
        var token = string.IsNullOrEmpty(identifier) ? null : await tokens.FindByIdAsync(identifier, context.CancellationToken);
        if (token is null)
        {
            context.Reject(Errors.InvalidGrant, "The refresh token is no longer valid.");
            return;
        }

        // Not cancellable from here on: a caller who hangs up must not leave the family alive.
        if (await tokens.TryRedeemAsync(token, CancellationToken.None))
        {
            return;
        }

        var family = await tokens.GetAuthorizationIdAsync(token, CancellationToken.None);
        await audit.RecordRefusalAsync(
            AuditActions.RefreshTokenReused, AuditResources.Authorization, family, AuditOutcomes.Denied,
            AuditChanges.Create().Value("familyRevoked", family is not null),
            actor: authentication?.RefreshTokenPrincipal?.GetClaim(Claims.Subject) ?? Http.Caller.Anonymous);
        if (family is { } authorizationId)
        {
            await tokens.RevokeByAuthorizationIdAsync(authorizationId, CancellationToken.None);
            if (await authorizations.FindByIdAsync(authorizationId, CancellationToken.None) is { } authorization)
            {
                await authorizations.TryRevokeAsync(authorization, CancellationToken.None);
            }
        }

        context.Reject(Errors.InvalidGrant, "The refresh token was already used.");
    }
}
