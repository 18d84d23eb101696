using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyClaimInTransaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Claims of the old scheme that never completed hold no response to replay: their requests are long gone.
            migrationBuilder.Sql("DELETE FROM idempotency_records WHERE state <> 'completed';");

            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "state",
                table: "idempotency_records");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "locked_until",
                table: "idempotency_records",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "idempotency_records",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "completed");
        }
    }
}
