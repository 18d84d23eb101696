using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
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
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                table: "idempotency_records",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "idempotency_records",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "completed");
        }
    }
}
