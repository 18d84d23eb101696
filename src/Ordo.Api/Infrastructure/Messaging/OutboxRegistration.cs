namespace Ordo.Api.Infrastructure.Messaging;

public static class OutboxRegistration
{
    /// <summary>
    /// The outbox: the recorder that derives domain events on save (added to the DbContext by persistence), the
    /// dispatcher, and RabbitMQ as a consumer when <c>RabbitMq:Uri</c> is set. Other consumers register an
    /// <see cref="IOutboxConsumer"/> of their own (account emails do).
    /// </summary>
    public static IServiceCollection AddOrdoOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations()
            .Validate(outbox => outbox.MaxRetryDelay >= outbox.FirstRetryDelay, "Outbox:MaxRetryDelay must not be shorter than Outbox:FirstRetryDelay.")
            .ValidateOnStart();
        services.AddSingleton<DomainEventRecorder>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());

        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(configuration[$"{RabbitMqOptions.Section}:Uri"]))
        {
            services.AddSingleton<IOutboxConsumer, RabbitMqEventPublisher>();
        }

        return services;
    }
}
