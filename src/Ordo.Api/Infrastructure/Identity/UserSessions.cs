using OpenIddict.Abstractions;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Ends every session of a user at once: their refresh tokens and authorizations are revoked and the session
/// version is bumped, so access tokens already out stop working on the next request (logout, disable, password
/// change, role removal, MFA reset).
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
        profiles.Invalidate(user.Id);
    }
}
