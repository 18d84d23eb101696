using System.Globalization;
using Ordo.Api;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Api.Infrastructure.Health;

// ICU is loaded for Unicode normalisation only: formatting and comparison stay culture-neutral whatever the host's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// The container's health check: answered before the host is built, so it neither reads settings nor opens the database.
if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddOrdo();
    var app = builder.Build();
    DevelopmentOnlyValues.RefuseOutsideDevelopment(app.Configuration, app.Environment);
    app.UseOrdo();
    return await OrdoCommands.RunAsync(app, args);
}
catch (Exception exception) when (ConfigurationException.TryDescribe(exception, out var line))
{
    await Console.Error.WriteLineAsync(line);
    return ConfigurationException.ExitCode;
}
