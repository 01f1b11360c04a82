using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NumberReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a plain column in place (3.35+); EF Core would rebuild the table with foreign keys off, which
            // cannot run in the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"PermitSequences\" DROP COLUMN \"Revision\";");

            migrationBuilder.CreateTable(
                name: "NumberReservations",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ElementId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Claim = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReservedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberReservations", x => new { x.Name, x.Year, x.Value });
                });

            migrationBuilder.CreateIndex(
                name: "IX_NumberReservations_InstanceId_ElementId",
                table: "NumberReservations",
                columns: new[] { "InstanceId", "ElementId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NumberReservations");

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "PermitSequences",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }
    }
}
