using Ordo.Api;
using Ordo.Api.Infrastructure.Configuration;

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
