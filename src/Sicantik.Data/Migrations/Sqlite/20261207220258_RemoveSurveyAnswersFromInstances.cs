using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.Sqlite
{
    /// <summary>
    /// The SKM promises anonymity: older versions kept each survey's answers in the instance's variables (<c>skm</c>,
    /// <c>skmSaran</c>) beside the applicant's name. This removes them and records only that the survey was filled
    /// (<c>skmDiisi</c>); the answers stay in the anonymous <c>SurveyResponses</c>. The history never held them (a task's
    /// completion records no variables). Each stored response also loses what could join it back to the completion:
    /// its time-ordered id becomes a random one, and its time becomes the start of its day in the office's zone at the
    /// time of this change, Asia/Jakarta (UTC+7, no daylight saving). Down restores nothing: the answers are gone.
    /// </summary>
    public partial class RemoveSurveyAnswersFromInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "WorkflowInstances" SET "Variables" = json_set(json_remove("Variables", '$.skm', '$.skmSaran'), '$.skmDiisi', json('true'))
                WHERE json_type("Variables", '$.skm') IS NOT NULL OR json_type("Variables", '$.skmSaran') IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE "SurveyResponses" SET
                    "SubmittedAt" = (("SubmittedAt" + 252000000000) / 864000000000) * 864000000000 - 252000000000,
                    "Id" = upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
