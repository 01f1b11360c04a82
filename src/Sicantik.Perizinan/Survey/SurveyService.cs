using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Survey;

/// <summary>
/// The satisfaction survey (SKM) the applicant fills before pickup (Task_IsiSKM): the nine elements of PermenPANRB
/// 14/2017, each rated 1 (tidak baik) to 4 (sangat baik), and an optional suggestion. The answers go into the process as
/// the variables <c>skm</c> and <c>skmSaran</c>, so that they stay with the instance's history.
/// </summary>
public sealed class SurveyService(ApplicationService applications, TaskService tasks, ApplicationStatusService statuses)
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
    public async Task SubmitAsync(Guid applicationId, string applicantId, IReadOnlyDictionary<string, int> answers, string? suggestion, CancellationToken cancellationToken = default)
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
        await tasks.CompleteAsync(task.Id, new WorkflowUser(applicantId, SopRoles.Pemohon), null, variables, cancellationToken);
        await statuses.SyncAsync(application.Id, cancellationToken);
    }
}
