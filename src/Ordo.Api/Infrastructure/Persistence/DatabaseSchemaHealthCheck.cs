using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Persistence;

/// <summary>Not ready while migrations are pending: the code would run against a schema it doesn't know.</summary>
internal sealed class DatabaseSchemaHealthCheck(OrdoDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Schema is up to date.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending; run the 'migrate' command.");
    }
}
