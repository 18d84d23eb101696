using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class HardeningAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_email_index",
                table: "customers");

            migrationBuilder.AddColumn<long>(
                name: "last_totp_time_step",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_email_index",
                table: "customers",
                column: "email_index");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_email_index",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "last_totp_time_step",
                table: "users");

            migrationBuilder.CreateIndex(
                name: "ix_customers_email_index",
                table: "customers",
                column: "email_index",
                unique: true);
        }
    }
}
