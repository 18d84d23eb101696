using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Persistence;

namespace Ordo.Api;

/// <summary>
/// <c>Ordo.Api [command]</c>: no command serves HTTP; <c>migrate</c> applies database migrations and exits
/// (how Production deploys change the schema); <c>rotate-keys</c> creates successors for the token signing and
/// encryption keys now instead of when <c>Auth:SigningKeyLifetime</c> ends; <c>audit-verify</c> walks the audit chain
/// and reports the first broken link (exit code 1 when there is one); <c>audit-checkpoint</c> writes a signed checkpoint
/// of the audit chain to the log stream. <c>health-probe</c> (the container's health check) is answered before the host is
/// built: see <see cref="Infrastructure.Health.HealthProbe"/>.
/// </summary>
public static class OrdoCommands
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        switch (CommandName(args))
        {
            case "serve":
                // Read now: when start-up fails, RunAsync disposes the host, and its services with it.
                var stopping = app.Lifetime.ApplicationStopping;
                try
                {
                    await app.RunAsync();
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Asked to stop (SIGTERM, Ctrl+C) while still starting: start-up is cancelled, which is a normal stop.
                }

                return 0;
            case "migrate":
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    await scope.ServiceProvider.GetRequiredService<Infrastructure.Identity.IdentityBootstrap>().EnsureAsync(CancellationToken.None);
                }

                return 0;
            case CreateAdminCommand:
                return await CreateAdminAsync(app, args);
            case "rotate-keys":
                // Successors are published KeyPublicationLead ahead; running instances pick them up within KeyRefreshInterval.
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await app.Services.GetRequiredService<Infrastructure.Identity.TokenKeyRing>().RotateAsync(force: true, CancellationToken.None);
                return 0;
            case AuditVerifyCommand:
                return await VerifyAuditAsync(app);
            case AuditCheckpointCommand:
                app.Services.GetRequiredService<IStartupValidator>().Validate();
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var checkpoint = await scope.ServiceProvider.GetRequiredService<Infrastructure.Audit.AuditCheckpoints>().WriteCheckpointAsync(CancellationToken.None);
                    await Console.Out.WriteLineAsync(FormattableString.Invariant($"Audit checkpoint: sequence {checkpoint.Sequence}, head hash {checkpoint.HeadHash}, signature {checkpoint.Signature}."));
                }

                return 0;
            case Seeding.SeedCommand.Name:
                return await Seeding.SeedCommand.RunAsync(app, args);
            case var unknown:
                await Console.Error.WriteLineAsync($"Unknown command '{unknown}'. Commands: migrate, rotate-keys, seed, create-admin, audit-verify, audit-checkpoint, health-probe (or none to serve).");
                return 64;
        }
    }

    private const string CreateAdminCommand = "create-admin";
    private const string AuditVerifyCommand = "audit-verify";
    private const string AuditCheckpointCommand = "audit-checkpoint";

    /// <summary><c>audit-verify</c>: 0 when the chain is intact, 1 with the first broken link on standard output otherwise.</summary>
    private static async Task<int> VerifyAuditAsync(WebApplication app)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await using var scope = app.Services.CreateAsyncScope();
        var verification = await scope.ServiceProvider.GetRequiredService<Infrastructure.Audit.AuditVerifier>().VerifyAsync(CancellationToken.None);
        if (verification.FirstBreak is { } broken)
        {
            await Console.Out.WriteLineAsync(FormattableString.Invariant(
                $"Audit chain broken at entry {broken.Sequence} ({broken.Kind}): {broken.Detail} {verification.EntriesChecked} entries before it are intact."));
            return 1;
        }

        await Console.Out.WriteLineAsync(FormattableString.Invariant(
            $"Audit chain intact: {verification.EntriesChecked} entries, head {verification.LastSequence} {verification.HeadHash}."));
        return 0;
    }
    private const string AdminPasswordVariable = "ORDO_ADMIN_PASSWORD";

    /// <summary>
    /// <c>create-admin --email x</c>: a confirmed staff user with the admin role. The password comes from
    /// <c>ORDO_ADMIN_PASSWORD</c>, never from the command line (which other users of the machine can read).
    /// </summary>
    private static async Task<int> CreateAdminAsync(WebApplication app, string[] args)
    {
        var email = OptionValue(args, "--email");
        var password = Environment.GetEnvironmentVariable(AdminPasswordVariable);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync($"Usage: {CreateAdminCommand} --email <address>, with the password in the {AdminPasswordVariable} environment variable.");
            return 1;
        }

        app.Services.GetRequiredService<IStartupValidator>().Validate();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Persistence.Identity.OrdoUser>>();
        if (await users.FindByEmailAsync(email.Trim()) is not null)
        {
            await Console.Error.WriteLineAsync("A user with this email already exists.");
            return 1;
        }

        var created = await scope.ServiceProvider.GetRequiredService<Infrastructure.Identity.IdentityBootstrap>().CreateAdminAsync(email, password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                await Console.Error.WriteLineAsync($"{error.Code}: {error.Description}");
            }

            return 1;
        }

        await Console.Out.WriteLineAsync("Administrator created.");
        return 0;
    }

    private static string? OptionValue(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
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
