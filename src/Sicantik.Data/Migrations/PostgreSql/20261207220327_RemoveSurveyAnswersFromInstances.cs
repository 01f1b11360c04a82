using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.PostgreSql
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
                UPDATE "WorkflowInstances" SET "Variables" = (("Variables"::jsonb - 'skm' - 'skmSaran') || '{"skmDiisi": true}'::jsonb)::text
                WHERE "Variables"::jsonb ?| array['skm', 'skmSaran'];
                """);
            migrationBuilder.Sql("""
                UPDATE "SurveyResponses" SET
                    "SubmittedAt" = date_trunc('day', "SubmittedAt" AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta',
                    "Id" = gen_random_uuid();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
