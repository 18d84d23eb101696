using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HardeningMoney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "payment_due_at",
                table: "orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Orders placed before deadlines were stored get the one the default 30-minute window gave them. Times are
            // stored by DateTimeOffsetToBinaryConverter as (ticks / 1000) << 11 | offset: 30 minutes add 18,000,000 << 11.
            migrationBuilder.Sql("UPDATE orders SET payment_due_at = created_at + 36864000000;");

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
