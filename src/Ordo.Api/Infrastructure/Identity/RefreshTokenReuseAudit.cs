using OpenIddict.Abstractions;
using OpenIddict.Server;
using Ordo.Api.Infrastructure.Audit;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Audits a refresh token presented again after it was redeemed (<c>auth.refresh_token_reused</c>): OpenIddict's
/// <c>ValidateTokenEntry</c>, which runs right after this, refuses it and revokes its family (the reuse leeway is zero).
/// The race of two redemptions at once is caught later, by <see cref="SingleRefreshTokenRedemption"/>, which audits too.
/// </summary>
public sealed class RefreshTokenReuseAudit(IOpenIddictTokenManager tokens, AuditTrail audit) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<RefreshTokenReuseAudit>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not OpenIddictServerEndpointType.Token
            || context.Principal?.HasTokenType(TokenTypeIdentifiers.RefreshToken) != true
            || string.IsNullOrEmpty(context.TokenId)
            || await tokens.FindByIdAsync(context.TokenId, context.CancellationToken) is not { } token
            || !await tokens.HasStatusAsync(token, Statuses.Redeemed, context.CancellationToken))
        {
            return;
        }

        await audit.RecordRefusalAsync(
            AuditActions.RefreshTokenReused, AuditResources.Authorization, context.AuthorizationId, AuditOutcomes.Denied,
            AuditChanges.Create().Value("familyRevoked", context.AuthorizationId is not null),
            actor: context.Principal.GetClaim(Claims.Subject) ?? Http.Caller.Anonymous);
    }
}
