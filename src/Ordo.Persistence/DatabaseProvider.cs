using Microsoft.EntityFrameworkCore;

namespace Ordo.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviderExtensions
{
    public static string MigrationsAssembly(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Ordo.Migrations.Sqlite",
        DatabaseProvider.Postgres => "Ordo.Migrations.Postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Settings shared by every provider: snake_case names in the database.</summary>
    public static DbContextOptionsBuilder UseOrdoConventions(this DbContextOptionsBuilder options) =>
        options.UseSnakeCaseNamingConvention()
            .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ProtectorAwareModelCacheKeyFactory>();
}
