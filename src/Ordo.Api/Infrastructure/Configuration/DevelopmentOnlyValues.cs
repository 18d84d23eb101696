namespace Ordo.Api.Infrastructure.Configuration;

/// <summary>
/// Defaults that exist only to make <c>dotnet run</c> work on a fresh machine (appsettings.Development.json) carry
/// this marker in their value. Outside Development the service refuses to start while any of them is in force.
/// </summary>
public static class DevelopmentOnlyValues
{
    public const string Marker = "DEVELOPMENT-ONLY";

    public static void RefuseOutsideDevelopment(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        var keys = configuration.AsEnumerable()
            .Where(setting => setting.Value?.Contains(Marker, StringComparison.Ordinal) == true)
            .Select(setting => setting.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (keys.Count > 0)
        {
            throw new ConfigurationException(
                $"{string.Join(", ", keys)} still hold development-only defaults; set real values for the '{environment.EnvironmentName}' environment.");
        }
    }
}
