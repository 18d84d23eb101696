using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ordo.Persistence.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> run)
    {
        run.ToTable("job_runs");
        // The key is the claim: one row, hence one run, per job and slot, whichever instance inserts it first.
        run.HasKey(r => new { r.JobName, r.ScheduledAt });
        run.Property(r => r.JobName).HasMaxLength(JobRun.MaxJobNameLength);
        run.Property(r => r.Status).HasConversion<SnakeCaseEnumConverter<JobRunStatus>>().HasMaxLength(32);
        run.Property(r => r.InstanceId).HasMaxLength(JobRun.MaxInstanceLength);
        run.Property(r => r.Error).HasMaxLength(JobRun.MaxErrorLength);

        // Each scheduler tick looks for a job's running rows whose lease lapsed; without this it reads every past slot.
        run.HasIndex(r => new { r.JobName, r.ScheduledAt })
            .HasDatabaseName("ix_job_runs_running")
            .HasFilter("status = 'running'");
    }
}
