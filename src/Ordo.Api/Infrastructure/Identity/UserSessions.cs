using System.Security.Claims;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Ends every session of a user at once: their refresh tokens and authorizations are revoked and the session
/// version is bumped, so access tokens already out stop working on the next request (logout, disable, password
/// change, role removal, MFA reset). Turning MFA on ends the other sessions only.
/// </summary>
public sealed class UserSessions(
    OrdoDbContext db, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, AccessProfiles profiles)
{
    public async Task RevokeAllAsync(OrdoUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.SessionVersion++;
        // Identity's updates write every column and check only this stamp: a request that loaded the user before
        // this change must fail, not put the old session version back.
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        var subject = user.Id.ToString();
        await tokens.RevokeBySubjectAsync(subject, cancellationToken);
        await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
        await profiles.InvalidateAsync(user.Id);
    }

    /// <summary>
    /// Ends every session of the user except the caller's own (its authorization, or its access token when it was
    /// issued without one): tokens and authorizations are revoked, and with them their access tokens from the next
    /// request on. The session version stays, so the caller's token goes on working.
    /// </summary>
    public async Task RevokeOthersAsync(OrdoUser user, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(caller);
        var keepAuthorization = caller.FindFirst(OpenIddictConstants.Claims.Private.AuthorizationId)?.Value;
        var keepToken = caller.FindFirst(OpenIddictConstants.Claims.Private.TokenId)?.Value;
        var subject = user.Id.ToString();

        // Read first, then revoke: the store can't update while a query over the same rows is still streaming.
        var userTokens = new List<object>();
        await foreach (var token in tokens.FindBySubjectAsync(subject, cancellationToken))
        {
            userTokens.Add(token);
        }

        foreach (var token in userTokens)
        {
            var authorization = await tokens.GetAuthorizationIdAsync(token, cancellationToken);
            var kept = await tokens.GetIdAsync(token, cancellationToken) == keepToken
                || (keepAuthorization is not null && authorization == keepAuthorization);
            if (!kept)
            {
                await tokens.TryRevokeAsync(token, cancellationToken);
            }
        }

        var userAuthorizations = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(subject, cancellationToken))
        {
            userAuthorizations.Add(authorization);
        }

        foreach (var authorization in userAuthorizations)
        {
            if (await authorizations.GetIdAsync(authorization, cancellationToken) != keepAuthorization)
            {
                await authorizations.TryRevokeAsync(authorization, cancellationToken);
            }
        }

        await profiles.InvalidateAllAsync();
    }
}
