namespace Ordo.Api.Infrastructure.Mail;

public static class AccountEmailRegistration
{
    public static IServiceCollection AddOrdoAccountEmails(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(email => string.IsNullOrWhiteSpace(email.Smtp.Host) || !string.IsNullOrWhiteSpace(email.Smtp.From),
                "Email:Smtp:From is required when Email:Smtp:Host is set.")
            .ValidateOnStart();
        services.AddScoped<AccountEmails>();
        services.AddSingleton<Messaging.IOutboxConsumer, AccountEmailConsumer>();
        if (string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:Smtp:Host"]))
        {
            services.AddSingleton<IAccountEmailSender, LoggingAccountEmailSender>();
        }
        else
        {
            services.AddSingleton<IAccountEmailSender, SmtpAccountEmailSender>();
        }

        return services;
    }
}
