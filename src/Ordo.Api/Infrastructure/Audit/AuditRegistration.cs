using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Jobs;

namespace Ordo.Api.Infrastructure.Audit;

public static class AuditRegistration
{
    public static IServiceCollection AddOrdoAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditChaining>();
        services.AddSingleton<RefusalThrottle>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditCheckpoints>();
        services.AddScheduledJob<AuditCheckpointJob>(AuditCheckpointJob.JobName, _ => AuditCheckpointJob.Schedule);
        services.AddScheduledJob<AuditVerificationJob>(AuditVerificationJob.JobName, _ => AuditVerificationJob.Schedule);
        return services;
    }
}
