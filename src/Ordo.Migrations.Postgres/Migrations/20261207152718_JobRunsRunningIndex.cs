using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class JobRunsRunningIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_job_runs_running",
                table: "job_runs",
                columns: new[] { "job_name", "scheduled_at" },
                filter: "status = 'running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_job_runs_running",
                table: "job_runs");
        }
    }
}
