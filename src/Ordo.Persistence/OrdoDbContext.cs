using Microsoft.EntityFrameworkCore;

namespace Ordo.Persistence;

/// <summary>
/// The unit of work. Handlers use it directly (no repositories); one SaveChanges per state-changing request.
/// The provider and its migrations assembly are chosen by the host (see ADR 0002).
/// </summary>
public class OrdoDbContext(DbContextOptions<OrdoDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrdoDbContext).Assembly);
    }
}
