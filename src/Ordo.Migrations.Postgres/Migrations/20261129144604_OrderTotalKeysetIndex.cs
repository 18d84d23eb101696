using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OrderTotalKeysetIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // sort=total and sort=-total page by (total, id). The total is a complex property, which the model cannot
            // index, so the index is created here and is not in the model snapshot.
            migrationBuilder.Sql("CREATE INDEX ix_orders_total_amount_id ON orders (total_amount, id);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_orders_total_amount_id;");
        }
    }
}
