using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sicantik.Data.Migrations.SqlServer
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
                UPDATE [WorkflowInstances] SET [Variables] = JSON_MODIFY(JSON_MODIFY(JSON_MODIFY([Variables], '$.skm', NULL), '$.skmSaran', NULL), '$.skmDiisi', CAST(1 AS bit))
                WHERE ISJSON([Variables]) = 1 AND (JSON_QUERY([Variables], '$.skm') IS NOT NULL OR JSON_VALUE([Variables], '$.skm') IS NOT NULL OR JSON_VALUE([Variables], '$.skmSaran') IS NOT NULL);
                """);
            migrationBuilder.Sql("""
                UPDATE [SurveyResponses] SET
                    [SubmittedAt] = TODATETIMEOFFSET(CAST(CAST(SWITCHOFFSET([SubmittedAt], '+07:00') AS date) AS datetime2), '+07:00'),
                    [Id] = NEWID();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
