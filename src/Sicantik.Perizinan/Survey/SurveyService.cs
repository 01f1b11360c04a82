using Microsoft.EntityFrameworkCore;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Survey;

/// <summary>
/// The satisfaction survey (SKM) the applicant fills before pickup (Task_IsiSKM): the nine elements of PermenPANRB
/// 14/2017, each rated 1 (tidak baik) to 4 (sangat baik), and an optional suggestion. The answers go into the process as
/// the variables <c>skm</c> and <c>skmSaran</c>, so that they stay with the instance's history.
/// </summary>
public sealed class SurveyService(PerizinanDb db, ApplicationService applications, TaskService tasks, ApplicationStatusService statuses, TimeProvider time)
{
    /// <summary>The survey's elements (unsur), <c>u1</c> to <c>u9</c>.</summary>
    public static IReadOnlyList<string> Elements { get; } = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];

    /// <summary>An element's question, in the current UI culture.</summary>
    public static string Question(string element) => PerizinanText.Message("Skm_" + element);

    /// <summary>Completes the applicant's survey step with the answers.</summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.InvalidState"/> (no survey is waiting) or
    /// <see cref="PerizinanError.FormInvalid"/> (an element missing or out of range).
    /// </exception>
    public async Task SubmitAsync(Guid applicationId, string applicantId, IReadOnlyDictionary<string, int> answers, string? suggestion, CancellationToken cancellationToken = default) =>
        await SubmitAsync(applicationId, applicantId, answers, suggestion, SurveyChannel.Portal, cancellationToken);

    /// <summary>Completes the applicant's survey step with the answers, filled through <paramref name="channel"/>.</summary>
    /// <exception cref="PerizinanException">As <see cref="SubmitAsync(Guid, string, IReadOnlyDictionary{string, int}, string?, CancellationToken)"/>.</exception>
    public async Task SubmitAsync(Guid applicationId, string applicantId, IReadOnlyDictionary<string, int> answers, string? suggestion, SurveyChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var application = await applications.FindAsync(applicationId, applicantId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        var open = await tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, Assignee = applicantId, ElementId = SopElements.IsiSkm }, cancellationToken);
        var task = (open.Count > 0 ? open[0] : null) ?? throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("NoSurveyWaiting"));

        var issues = new List<PerizinanIssue>();
        foreach (var element in Elements)
        {
            if (!answers.TryGetValue(element, out var value) || value is < 1 or > 4)
            {
                issues.Add(new PerizinanIssue(element, PerizinanText.Message("SkmAnswerInvalid", Question(element))));
            }
        }

        foreach (var unknown in answers.Keys.Except(Elements, StringComparer.Ordinal))
        {
            issues.Add(new PerizinanIssue(unknown, PerizinanText.Message("SkmUnknownElement", unknown)));
        }

        if (issues.Count > 0)
        {
            throw new PerizinanException(PerizinanError.FormInvalid, PerizinanText.Message("FormInvalid", issues.Count), issues);
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["skm"] = Elements.ToDictionary(e => e, e => (object?)answers[e], StringComparer.Ordinal),
            ["skmSaran"] = string.IsNullOrWhiteSpace(suggestion) ? null : suggestion.Trim(),
        };
        // The anonymous response is staged so that it commits with the step; a step the engine re-ran after a conflict
        // dropped it, so it is then saved on its own (its id makes that idempotent).
        var response = new SurveyResponse
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            PermitTypeCode = application.PermitTypeCode,
            SubmittedAt = time.GetUtcNow(),
            Channel = channel,
            U1 = answers["u1"], U2 = answers["u2"], U3 = answers["u3"], U4 = answers["u4"], U5 = answers["u5"],
            U6 = answers["u6"], U7 = answers["u7"], U8 = answers["u8"], U9 = answers["u9"],
            Suggestion = string.IsNullOrWhiteSpace(suggestion) ? null : suggestion.Trim(),
        };
        db.Context.Add(response);
        try
        {
            await tasks.CompleteAsync(task.Id, new WorkflowUser(applicantId, SopRoles.Pemohon), null, variables, cancellationToken);
        }
        finally
        {
            db.Discard(response);
        }

        if (!await db.Set<SurveyResponse>().AsNoTracking().AnyAsync(r => r.Id == response.Id, cancellationToken))
        {
            db.Context.Add(response);
            try
            {
                await db.Context.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.Discard(response);
            }
        }

        await statuses.SyncAsync(application.Id, cancellationToken);
    }
}
