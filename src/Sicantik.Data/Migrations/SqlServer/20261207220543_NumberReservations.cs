using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class NumberReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Revision",
                table: "PermitSequences");

            migrationBuilder.CreateTable(
                name: "NumberReservations",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "int", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ElementId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Claim = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ReservedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                type: "int",
                nullable: false,
                defaultValue: 0);
        }
    }
}
