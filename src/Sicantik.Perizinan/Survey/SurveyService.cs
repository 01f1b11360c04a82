using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Survey;

/// <summary>An application whose survey waits, and since when.</summary>
public sealed record SurveyWaiting(PermitApplication Application, DateTimeOffset Since);

/// <summary>
/// The satisfaction survey (SKM) the applicant fills before pickup (Task_IsiSKM): the nine elements of PermenPANRB
/// 14/2017, each rated 1 (tidak baik) to 4 (sangat baik), and an optional suggestion. The survey promises anonymity: the
/// answers go only to the anonymous <see cref="SurveyResponse"/> store, and the instance, which names the applicant,
/// records only that the survey was filled (<c>skmDiisi</c>), where, and at the kiosk which clerk opened it.
/// </summary>
public sealed class SurveyService(PerizinanDb db, ApplicationService applications, TaskService tasks, ApplicationStatusService statuses, TimeProvider time, IOptions<PerizinanOptions> options)
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
        var application = await applications.FindAsync(applicationId, applicantId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        await SubmitAsync(application, answers, suggestion, channel, null, cancellationToken);
    }

    /// <summary>
    /// The applications whose survey waits now (their Isi SKM step is open), for the counter's kiosk: oldest first. Only
    /// the complaints counter (<see cref="SopRoles.FoPengaduan"/>) runs the kiosk; anyone else gets an empty list.
    /// </summary>
    public async Task<IReadOnlyList<SurveyWaiting>> ListWaitingAsync(WorkflowUser clerk, int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clerk);
        if (!clerk.Groups.Contains(SopRoles.FoPengaduan))
        {
            return [];
        }

        var open = await tasks.QueryAsync(new TaskQuery { ElementId = SopElements.IsiSkm, Max = Math.Clamp(max, 1, 500) }, cancellationToken);
        var ids = open.Select(t => Guid.TryParse(t.BusinessKey, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        var byId = ids.Count == 0
            ? new Dictionary<Guid, PermitApplication>()
            : await db.Set<PermitApplication>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        return open
            .Where(t => Guid.TryParse(t.BusinessKey, out var id) && byId.ContainsKey(id))
            .Select(t => new SurveyWaiting(byId[Guid.Parse(t.BusinessKey!)], t.CreatedAt))
            .OrderBy(w => w.Since)
            .ToList();
    }

    /// <summary>The application for the kiosk, when its survey waits; <c>null</c> for a clerk of another role or an unknown id.</summary>
    public async Task<PermitApplication?> FindForKioskAsync(Guid applicationId, WorkflowUser clerk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clerk);
        return clerk.Groups.Contains(SopRoles.FoPengaduan) ? await applications.FindForStaffAsync(applicationId, cancellationToken) : null;
    }

    /// <summary>Whether the application's survey waits now (its Isi SKM step is open).</summary>
    public async Task<bool> IsWaitingAsync(PermitApplication application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var open = await tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, ElementId = SopElements.IsiSkm, Max = 1 }, cancellationToken);
        return open.Count > 0;
    }

    /// <summary>
    /// The applicant answers at the counter's kiosk, which <paramref name="clerk"/> (of the complaints counter) opened for
    /// them: completes the applicant's survey step on their behalf and records <c>skmMelalui = kiosk</c> and the clerk
    /// (<c>skmKioskDibukaOleh</c>). The stored response stays anonymous like any other.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/> (unknown, or the clerk is not of the complaints counter),
    /// <see cref="PerizinanError.SurveyAlreadyFilled"/>, <see cref="PerizinanError.InvalidState"/> or
    /// <see cref="PerizinanError.FormInvalid"/>.
    /// </exception>
    public async Task SubmitAtKioskAsync(Guid applicationId, WorkflowUser clerk, IReadOnlyDictionary<string, int> answers, string? suggestion, CancellationToken cancellationToken = default)
    {
        var application = await FindForKioskAsync(applicationId, clerk, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("ApplicationNotFound"));
        await SubmitAsync(application, answers, suggestion, SurveyChannel.Kiosk, clerk.Id, cancellationToken);
    }

    private async Task SubmitAsync(PermitApplication application, IReadOnlyDictionary<string, int> answers, string? suggestion, SurveyChannel channel, string? kioskClerk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var applicantId = application.ApplicantId;
        var open = await tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, Assignee = applicantId, ElementId = SopElements.IsiSkm }, cancellationToken);
        if (open.Count == 0)
        {
            var filled = await tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, ElementId = SopElements.IsiSkm, State = HumanTaskState.Completed, Max = 1 }, cancellationToken);
            throw filled.Count > 0
                ? new PerizinanException(PerizinanError.SurveyAlreadyFilled, PerizinanText.Message("SurveyAlreadyFilled"))
                : new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("NoSurveyWaiting"));
        }

        var task = open[0];
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
            [SopVariables.SkmDiisi] = true,
            [SopVariables.SkmMelalui] = SurveyChannelNames.Of(channel),
            [SopVariables.SkmKioskDibukaOleh] = kioskClerk,
        };
        // The anonymous response is staged so that it commits with the step; a step the engine re-ran after a conflict
        // dropped it, so it is then saved on its own (its id makes that idempotent). Neither its id nor its time may
        // join it back to the step's completion: the id is random (a version 7 id carries the millisecond) and the time
        // is the office's day.
        var response = new SurveyResponse
        {
            Id = Guid.NewGuid(),
            PermitTypeCode = application.PermitTypeCode,
            SubmittedAt = SurveyResponse.DayOf(time.GetUtcNow(), options.Value.TimeZone),
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
