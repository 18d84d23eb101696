using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HardeningMoney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "payment_due_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Orders placed before deadlines were stored get the one the default 30-minute window gave them.
            migrationBuilder.Sql("UPDATE orders SET payment_due_at = created_at + interval '30 minutes';");

            // The year-1 default only filled existing rows; an insert without a deadline must fail, not expire at once.
            migrationBuilder.Sql("ALTER TABLE orders ALTER COLUMN payment_due_at DROP DEFAULT;");

            migrationBuilder.CreateIndex(
                name: "ix_orders_status_payment_due_at",
                table: "orders",
                columns: new[] { "status", "payment_due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_status_payment_due_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "payment_due_at",
                table: "orders");
        }
    }
}
