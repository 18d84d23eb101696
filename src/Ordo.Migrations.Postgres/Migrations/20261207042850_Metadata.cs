using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ordo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Metadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "products",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "orders",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "customers",
                type: "text",
                nullable: false,
                defaultValueSql: "'{}'");

            // metadata[key]=value on the order list asks "metadata::jsonb @> {key: value}", which this index answers. The
            // column stays text like every JSON column here (the cast is immutable), so both providers share the model.
            migrationBuilder.Sql("CREATE INDEX ix_orders_metadata ON orders USING gin ((metadata::jsonb) jsonb_path_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_orders_metadata;");

            migrationBuilder.DropColumn(
                name: "metadata",
                table: "products");

            migrationBuilder.DropColumn(
                name: "metadata",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "metadata",
                table: "customers");
        }
    }
}
