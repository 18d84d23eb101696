namespace Ordo.Api.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Fill an empty database with the default demo data at start-up (on in Development only).</summary>
    public bool OnEmptyDatabase { get; set; }
}

public static class SeedingRegistration
{
    /// <summary>The seeder; <see cref="Infrastructure.Startup.StartupSequence"/> seeds an empty database at start-up when <see cref="SeedOptions.OnEmptyDatabase"/> is on.</summary>
    public static IServiceCollection AddOrdoSeeding(this IServiceCollection services)
    {
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddScoped<DemoDataSeeder>();
        return services;
    }
}
