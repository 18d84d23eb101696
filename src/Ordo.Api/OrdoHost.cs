using Ordo.Api.Features.Audit;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Features.Identity.Auth;
using Ordo.Api.Features.Identity.Clients;
using Ordo.Api.Features.Identity.Roles;
using Ordo.Api.Features.Identity.Users;
using Ordo.Api.Features.Jobs;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Features.Reports;
using Ordo.Api.Features.Webhooks;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.AdminPanel;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Api.Infrastructure.Health;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Infrastructure.Logging;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Api.Infrastructure.Persistence;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Api.Infrastructure.Security;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Api.Infrastructure.Startup;
using Ordo.Api.Infrastructure.Telemetry;
using Ordo.Api.Seeding;

namespace Ordo.Api;

/// <summary>Composition of the service: what Program.cs wires, in one readable place.</summary>
public static class OrdoHost
{
    public static WebApplicationBuilder AddOrdo(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Bytes outside ASCII in a header are decoded (as Latin-1) rather than refused with a bare 400, so that
            // RefuseNonAsciiHeaders can answer with a problem that names the header.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });
        builder.AddOrdoLogging();
        builder.AddOrdoAdminPanel();
        builder.AddOrdoTelemetry();

        var services = builder.Services;
        services.AddOrdoTransportSecurity();
        services.AddOptions<HttpLimitsOptions>().BindConfiguration(HttpLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOrdoJson();
        services.AddOrdoProblemDetails();
        services.AddExceptionHandler<ExceptionProblemHandler>();
        // Unreadable requests throw so that the exception handler can say where they broke.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddSingleton(TimeProvider.System);
        services.AddOrdoPersistence();
        services.AddOrdoAudit();
        services.AddOrdoSeeding();
        services.AddOrdoPiiProtection();
        services.AddOrdoIdentity();
        services.AddOrdoSignInPage();
        services.AddOrdoAccountEmails(builder.Configuration);
        services.AddOrdoOutbox(builder.Configuration);
        services.AddOrdoSharedState(builder.Configuration);
        services.AddOrdoAttemptLimits();
        services.AddOrdoCrossOrigin();
        services.AddScoped<IdempotencyStore>();
        services.AddOrdoJobScheduler();
        services.AddScheduledJob<PurgeExpiredIdempotencyRecords>(PurgeExpiredIdempotencyRecords.JobName, _ => PurgeExpiredIdempotencyRecords.Schedule);
        services.AddScheduledJob<PruneJobRuns>(PruneJobRuns.JobName, _ => PruneJobRuns.Schedule);
        services.AddOrdoProducts();
        services.AddOrdoCustomers();
        services.AddOrdoOrders();
        services.AddOrdoAccount();
        services.AddOrdoUsers();
        services.AddOrdoRoles();
        services.AddOrdoClients();
        services.AddOrdoJobs();
        services.AddOrdoReports();
        services.AddOrdoWebhooks();
        services.AddOrdoAuditTrail();
        services.AddOrdoOpenApi();
        // Migrate, then bootstrap identity, then seed: one explicit sequence, whatever the registration order above.
        services.AddHostedService<StartupSequence>();
        return builder;
    }

    public static WebApplication UseOrdo(this WebApplication app)
    {
        app.UseOrdoManagementPort(); // requests on the management port see only /metrics
        app.UseOrdoTransportSecurity(); // first on the API ports: everything after it sees the client's address and scheme
        app.UseMiddleware<RequestCompletionLogging>();
        app.UseMiddleware<HeadRequests>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RefuseNonAsciiHeaders>();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseIdempotencyKeyBuffering();
        // Probes answer before authentication, whatever the token server's state (its key table may not exist before
        // the first migration, and liveness must not fail while a migration job runs).
        app.MapWhen(context => context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal), probes =>
        {
            probes.UseRouting();
            probes.UseMiddleware<MethodNotAllowed>();
            probes.UseAuthorization();
            probes.UseEndpoints(endpoints => endpoints.MapOrdoHealth());
        });
        app.UseOrdoAdminPanel(); // before routing: panel pages are its index.html, with the panel's own CSP
        app.UseRouting();
        app.UseOrdoCrossOrigin(); // preflights are answered before anything counts, authenticates or refuses them
        app.UseMiddleware<MethodNotAllowed>();
        app.UseAttemptIpLimits();
        app.UseAuthentication();
        app.UseDeferredAuthenticationFailures();
        app.UseMiddleware<ApiRateLimits>();
        app.UseAuthorization();

        app.MapOrdoApiDocs();
        app.MapOrdoAdminPanel();
        app.MapTokenEndpoint();
        app.MapAuthorizeEndpoint();
        app.MapEndSessionEndpoint();
        app.MapSignInPage();
        app.MapHostedPagesStylesheet();
        app.MapAccountPages();
        app.MapGroup("/api/v1")
            .MapProducts()
            .MapCustomers()
            .MapOrders()
            .MapAccount()
            .MapUsers()
            .MapRoles()
            .MapClients()
            .MapJobs()
            .MapReports()
            .MapWebhooks()
            .MapAudit();
        return app;
    }
}
