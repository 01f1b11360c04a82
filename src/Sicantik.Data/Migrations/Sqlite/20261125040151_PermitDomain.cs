using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PermitDomain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PermitSequences",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermitSequences", x => new { x.Name, x.Year });
                });

            migrationBuilder.CreateTable(
                name: "PermitTypes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ProcessKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidityMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    FormFields = table.Column<string>(type: "TEXT", nullable: false),
                    Requirements = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermitTypes", x => x.Id);
                    table.UniqueConstraint("AK_PermitTypes_Code", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "PermitApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PermitTypeCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ApplicantId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ApplicantNik = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ApplicantNib = table.Column<string>(type: "TEXT", maxLength: 13, nullable: true),
                    FormValues = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ProcessInstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermitApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PermitApplications_PermitTypes_PermitTypeCode",
                        column: x => x.PermitTypeCode,
                        principalTable: "PermitTypes",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequirementKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationDocuments_PermitApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "PermitApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationDocuments_ApplicationId_RequirementKey",
                table: "ApplicationDocuments",
                columns: new[] { "ApplicationId", "RequirementKey" });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationDocuments_Sha256",
                table: "ApplicationDocuments",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_PermitApplications_ApplicantId_CreatedAt",
                table: "PermitApplications",
                columns: new[] { "ApplicantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PermitApplications_Number",
                table: "PermitApplications",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_PermitApplications_PermitTypeCode",
                table: "PermitApplications",
                column: "PermitTypeCode");

            migrationBuilder.CreateIndex(
                name: "IX_PermitApplications_ProcessInstanceId",
                table: "PermitApplications",
                column: "ProcessInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_PermitApplications_Status_SubmittedAt",
                table: "PermitApplications",
                columns: new[] { "Status", "SubmittedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationDocuments");

            migrationBuilder.DropTable(
                name: "PermitSequences");

            migrationBuilder.DropTable(
                name: "PermitApplications");

            migrationBuilder.DropTable(
                name: "PermitTypes");
        }
    }
}
