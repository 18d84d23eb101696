using Microsoft.EntityFrameworkCore;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Changes of who may do what (users' roles, status, second factor and sessions; roles and their grants) run one at
/// a time across every instance, so the guards that read the database inside such a change (the last administrator,
/// outranking) see every other change committed. Without it two administrators removing each other's roles at the
/// same moment both passed the last-administrator guard on PostgreSQL, each reading the other's row before it was
/// gone (write skew under READ COMMITTED).
/// </summary>
public static class AdministrativeChanges
{
    /// <summary>The PostgreSQL advisory lock's key: "ordo-adm" in ASCII. No other lock in Ordo uses it.</summary>
    public const long LockKey = 0x6f72646f_2d61646d;

    /// <summary>
    /// Waits for every other administrative change to commit or roll back, and holds them off until this transaction
    /// ends. PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, because the transaction began with
    /// <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default) and so already holds the database's only write lock.
    /// </summary>
    public static async Task SerializeAsync(OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An administrative change serialises inside its transaction: add the filter after ChangesState().");
        }

        if (!db.IsSqlite)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        }
    }

    /// <summary>
    /// Takes the lock before the handler reads anything. Add it after <c>ChangesState()</c>, whose transaction it
    /// runs in (the lock is released when that transaction ends).
    /// </summary>
    public static RouteHandlerBuilder SerializesAdministrativeChanges(this RouteHandlerBuilder endpoint) =>
        endpoint
            .WithMetadata(new Serialized())
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                await SerializeAsync(http.RequestServices.GetRequiredService<OrdoDbContext>(), http.RequestAborted);
                return await next(context);
            });

    /// <summary>Endpoint metadata of the endpoints that take the lock (a test checks every user and role change does).</summary>
    public sealed class Serialized;
}
