using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Persistence;

namespace Ordo.Api;

/// <summary>
/// <c>Ordo.Api [command]</c>: no command serves HTTP; <c>migrate</c> applies database migrations and exits
/// (how Production deploys change the schema); <c>rotate-keys</c> creates successors for the token signing and
/// encryption keys now instead of when <c>Auth:SigningKeyLifetime</c> ends.
/// </summary>
public static class OrdoCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (CommandName(args))
        {
            case "serve":
                await app.RunAsync();
                return 0;
            case "migrate":
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    await scope.ServiceProvider.GetRequiredService<Infrastructure.Identity.IdentityBootstrap>().EnsureAsync(CancellationToken.None);
                }

                return 0;
            case "rotate-keys":
                // Successors are published KeyPublicationLead ahead; running instances pick them up within KeyRefreshInterval.
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await app.Services.GetRequiredService<Infrastructure.Identity.TokenKeyRing>().RotateAsync(force: true, CancellationToken.None);
                return 0;
            case Seeding.SeedCommand.Name:
                return await Seeding.SeedCommand.RunAsync(app, args);
            case var unknown:
                await Console.Error.WriteLineAsync($"Unknown command '{unknown}'. Commands: migrate, rotate-keys, seed (or none to serve).");
                return 64;
        }
    }

    /// <summary>The first argument that is neither an option (<c>--key value</c>, <c>--key=value</c>) nor its value.</summary>
    private static string CommandName(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                return args[i];
            }

            if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                i++; // skip the option's value
            }
        }

        return "serve";
    }
}
