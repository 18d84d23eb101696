using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Security;

public static class SecurityRegistration
{
    /// <summary>PII encryption keys are a required secret: the service refuses to start without valid ones.</summary>
    public static IServiceCollection AddOrdoPiiProtection(this IServiceCollection services)
    {
        services.AddOptions<PiiProtectionOptions>()
            .BindConfiguration(PiiProtectionOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PiiProtectionOptions>, PiiProtectionOptionsValidator>();
        services.AddSingleton<PiiProtector>();
        services.AddSingleton<Ordo.Persistence.IFieldProtector>(provider => provider.GetRequiredService<PiiProtector>());
        return services;
    }
}
