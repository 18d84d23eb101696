using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Counts a wrong password or code in one UPDATE: the increment and, on reaching the limit, the lockout (with the
/// counter back at zero, as Identity does) are computed by the database from the row as it is, so concurrent
/// attempts each count. Identity's <c>AccessFailedAsync</c> reads, increments in memory and writes the row back,
/// which loses increments under concurrency (10 parallel wrong passwords counted as 2–3).
/// </summary>
public sealed class FailedAttempts(OrdoDbContext db, IOptions<IdentityOptions> identity, TimeProvider time, Telemetry.OrdoMetrics metrics)
{
    /// <summary>Counts one failed attempt; true when it locked the account.</summary>
    public async Task<bool> CountAsync(OrdoUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var max = identity.Value.Lockout.MaxFailedAccessAttempts;
        DateTimeOffset? lockoutEnd = time.GetUtcNow() + identity.Value.Lockout.DefaultLockoutTimeSpan;
        // A new stamp: a request holding the row as it was before can't write the old count back (Identity's
        // updates write every column and check only this stamp).
        var stamp = Guid.NewGuid().ToString();
        var updated = await db.Users.Where(u => u.Id == user.Id && u.LockoutEnabled).ExecuteUpdateAsync(
            set => set
                .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= max ? lockoutEnd : u.LockoutEnd)
                .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1 >= max ? 0 : u.AccessFailedCount + 1)
                .SetProperty(u => u.ConcurrencyStamp, stamp),
            cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        var stored = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
            .Select(u => new { u.AccessFailedCount, u.LockoutEnd, u.ConcurrencyStamp })
            .SingleAsync(cancellationToken);
        TrackedUser.Accept(db, user, u => u.AccessFailedCount, stored.AccessFailedCount);
        TrackedUser.Accept(db, user, u => u.LockoutEnd, stored.LockoutEnd);
        TrackedUser.Accept(db, user, u => u.ConcurrencyStamp, stored.ConcurrencyStamp);
        var locked = stored.LockoutEnd > time.GetUtcNow();
        if (locked && stored.AccessFailedCount == 0)
        {
            metrics.LockedOut(); // this attempt reached the limit (the counter went back to zero with the lockout)
        }

        return locked;
    }
}

/// <summary>Brings a loaded user in line with a column an atomic statement just wrote, so a later save keeps it.</summary>
internal static class TrackedUser
{
    public static void Accept<T>(OrdoDbContext db, OrdoUser user, System.Linq.Expressions.Expression<Func<OrdoUser, T>> property, T value)
    {
        var entry = db.Entry(user);
        entry.Property(property).CurrentValue = value;
        if (entry.State != EntityState.Detached)
        {
            // The row already holds the value: nothing for a later save to write (setting the values marks the property
            // modified even when they are equal, and a save of this user, e.g. by OpenIddict's token store, would then
            // fail against a stamp that a concurrent request has moved on).
            entry.Property(property).OriginalValue = value;
            entry.Property(property).IsModified = false;
        }
    }
}
