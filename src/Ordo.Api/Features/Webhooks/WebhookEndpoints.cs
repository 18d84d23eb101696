using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Infrastructure.Messaging;

namespace Ordo.Api.Features.Webhooks;

public static class WebhookEndpoints
{
    /// <summary>
    /// Webhooks: options (validated at start-up), the address policy and the guarded HTTP client, the outbox fan-out,
    /// the delivery worker (<c>Webhooks:Deliver=false</c> keeps an instance out) and the retention purge job.
    /// </summary>
    public static IServiceCollection AddOrdoWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookAddressPolicy>();
        WebhookSender.Register(services);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IOutboxConsumer, WebhookFanOut>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDeliveryWorker>());
        services.AddScheduledJob<PurgeWebhookDeliveries>(PurgeWebhookDeliveries.JobName, _ => PurgeWebhookDeliveries.Schedule);
        return services.AddJsonTypes(WebhooksJsonContext.Default);
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        webhooks.MapCreateWebhook();
        webhooks.MapListWebhooks();
        webhooks.MapGetWebhook();
        webhooks.MapUpdateWebhook();
        webhooks.MapDeleteWebhook();
        webhooks.MapRotateWebhookSecret();
        webhooks.MapListWebhookDeliveries();
        webhooks.MapRedeliverWebhook();
        return api;
    }
}
