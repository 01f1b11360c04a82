using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PermitTypeCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    U1 = table.Column<int>(type: "int", nullable: false),
                    U2 = table.Column<int>(type: "int", nullable: false),
                    U3 = table.Column<int>(type: "int", nullable: false),
                    U4 = table.Column<int>(type: "int", nullable: false),
                    U5 = table.Column<int>(type: "int", nullable: false),
                    U6 = table.Column<int>(type: "int", nullable: false),
                    U7 = table.Column<int>(type: "int", nullable: false),
                    U8 = table.Column<int>(type: "int", nullable: false),
                    U9 = table.Column<int>(type: "int", nullable: false),
                    Suggestion = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
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
