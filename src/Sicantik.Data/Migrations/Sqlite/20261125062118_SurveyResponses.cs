using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SurveyResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SurveyResponses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PermitTypeCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    U1 = table.Column<int>(type: "INTEGER", nullable: false),
                    U2 = table.Column<int>(type: "INTEGER", nullable: false),
                    U3 = table.Column<int>(type: "INTEGER", nullable: false),
                    U4 = table.Column<int>(type: "INTEGER", nullable: false),
                    U5 = table.Column<int>(type: "INTEGER", nullable: false),
                    U6 = table.Column<int>(type: "INTEGER", nullable: false),
                    U7 = table.Column<int>(type: "INTEGER", nullable: false),
                    U8 = table.Column<int>(type: "INTEGER", nullable: false),
                    U9 = table.Column<int>(type: "INTEGER", nullable: false),
                    Suggestion = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyResponses", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_PermitTypeCode_SubmittedAt",
                table: "SurveyResponses",
                columns: new[] { "PermitTypeCode", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyResponses_SubmittedAt",
                table: "SurveyResponses",
                column: "SubmittedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SurveyResponses");
        }
    }
}
