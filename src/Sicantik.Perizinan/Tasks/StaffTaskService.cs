using Microsoft.EntityFrameworkCore;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Forms;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tasks;

/// <summary>Which of a clerk's lists: what their roles may take, what they hold, or what outlived its baku mutu.</summary>
public enum InboxList
{
    /// <summary>Open, unclaimed tasks of the clerk's roles.</summary>
    Available,

    /// <summary>Open tasks the clerk holds.</summary>
    Mine,

    /// <summary>Open tasks of the clerk (held or available) past their due date.</summary>
    Overdue,

    /// <summary>Open tasks escalated to one of the clerk's roles (another role's step that outlived its baku mutu): "Eskalasi ke saya".</summary>
    Escalated,
}

/// <summary>One row of an inbox: the task and the application it belongs to.</summary>
/// <param name="Task">The open task.</param>
/// <param name="Application">The application (the task's business key), when the task belongs to one.</param>
/// <param name="StandardMinutes">The step's baku mutu in minutes, when the definition states one.</param>
/// <param name="IsOverdue">Past its due date (or escalated).</param>
public sealed record InboxItem(HumanTask Task, PermitApplication? Application, int? StandardMinutes, bool IsOverdue);

/// <summary>A task opened to work it: the application, its requirement checklist, and what the clerk may do.</summary>
public sealed record StaffTask(
    HumanTask Task,
    PermitApplication? Application,
    IReadOnlyList<ChecklistItem> Checklist,
    int? StandardMinutes,
    bool IsOverdue,
    bool CanClaim,
    bool CanUnclaim,
    bool CanComplete)
{
    /// <summary>The step's generated form (<c>camunda:formData</c>) and what each field holds now, when it has one.</summary>
    public TaskFormState? Form { get; init; }
}

/// <summary>A generated form as a task shows it: the fields and each field's current value (else its default).</summary>
public sealed record TaskFormState(TaskForm Form, IReadOnlyDictionary<string, object?> Values);

/// <summary>What a clerk sends with a completion.</summary>
/// <param name="Outcome">One of the task's outcomes (for example <c>lengkap</c>), or null for a task without outcomes.</param>
/// <param name="Notes">For the applicant (a returned file) or the record (a rejection's reason); required when the file goes back or is rejected.</param>
public sealed record TaskCompletion(string? Outcome, string? Notes)
{
    /// <summary>For printing the SK (step 10): how many copies were printed, 1 to <see cref="CounterSteps.MaxCopies"/>.</summary>
    public int? Copies { get; init; }

    /// <summary>For handing the SK over (step 12): to whom, on which identity document.</summary>
    public HandoverDetails? Handover { get; init; }

    /// <summary>Process variables to set: the step's form fields (checked against its form) and any others, as Camunda 7 accepts.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }
}

/// <summary>
/// The staff side of the SOP (steps 5 to 12): inbox lists joined with their applications, opening a task, claiming,
/// releasing and completing it. Only tasks of the clerk's roles (or held by the clerk) are visible; any other id answers
/// not found, so that ids cannot be probed. After a completion the application's status follows the process.
/// </summary>
public sealed class StaffTaskService(
    PerizinanDb db,
    TaskService tasks,
    DefinitionService definitions,
    ApplicationService applications,
    ApplicationStatusService statuses,
    RuntimeService runtime,
    TimeProvider time)
{
    /// <summary>Outcomes that send the file back or end it, and therefore need notes a person can act on.</summary>
    public static IReadOnlySet<string> OutcomesNeedingNotes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "tidak-lengkap", "tidak-sesuai", "tidak-valid", "tolak",
    };

    /// <summary>The variable that records who completed each step whose documents name or record its official.</summary>
    private static readonly Dictionary<string, string> DecidedBy = new(StringComparer.Ordinal)
    {
        [SopElements.VerifikasiKelengkapan] = SopVariables.PetugasPendaftaran,
        [SopElements.ValidasiKasi] = SopVariables.KasiTaskCompletedBy,
        [SopElements.PersetujuanKabid] = SopVariables.KabidTaskCompletedBy,
        [SopElements.TandaTanganKadis] = SopVariables.KadisTaskCompletedBy,
    };

    /// <summary>A page of one of the clerk's lists, soonest due first.</summary>
    public async Task<IReadOnlyList<InboxItem>> ListAsync(WorkflowUser user, InboxList list, int max = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        max = Math.Clamp(max, 1, 200);
        var now = time.GetUtcNow();
        var query = list switch
        {
            InboxList.Available => new TaskQuery { AvailableTo = user, Max = max },
            InboxList.Mine => new TaskQuery { Assignee = user.Id, Max = max },
            InboxList.Overdue => new TaskQuery { Inbox = user, OverdueAt = now, Max = max },
            InboxList.Escalated => new TaskQuery { EscalatedToAny = [.. user.Groups], Max = max },
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
        };
        var found = await tasks.QueryAsync(query, cancellationToken);
        var ids = found.Select(t => ApplicationId(t)).OfType<Guid>().Distinct().ToList();
        var byId = ids.Count == 0
            ? new Dictionary<Guid, PermitApplication>()
            : await db.Set<PermitApplication>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var items = new List<InboxItem>(found.Count);
        foreach (var task in found)
        {
            var application = ApplicationId(task) is { } id ? byId.GetValueOrDefault(id) : null;
            items.Add(new InboxItem(task, application, await StandardMinutesAsync(task, cancellationToken), IsOverdue(task, now)));
        }

        return items;
    }

    /// <summary>The task with its application, or <c>null</c> when the clerk may not see it.</summary>
    public async Task<StaffTask?> GetAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var task = await FindVisibleAsync(taskId, user, cancellationToken);
        if (task is null)
        {
            return null;
        }

        PermitApplication? application = null;
        IReadOnlyList<ChecklistItem> checklist = [];
        if (ApplicationId(task) is { } applicationId)
        {
            application = await applications.FindForStaffAsync(applicationId, cancellationToken);
            checklist = await applications.GetChecklistForStaffAsync(applicationId, cancellationToken) ?? [];
        }

        var open = task.IsOpen && task.Delegation != DelegationState.Pending;
        var model = await definitions.GetModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
        TaskFormState? form = null;
        if (model.Node(task.ElementId) is UserTask { Form: { } taskForm })
        {
            var instance = await runtime.FindAsync(task.InstanceId, cancellationToken);
            form = new TaskFormState(taskForm, FormValues.Current(taskForm, instance?.Variables ?? []));
        }

        return new StaffTask(
            task,
            application,
            checklist,
            await StandardMinutesAsync(task, cancellationToken),
            IsOverdue(task, time.GetUtcNow()),
            CanClaim: open && task.Assignee is null && task.IsCandidate(user),
            CanUnclaim: open && task.Assignee == user.Id && task.IsCandidate(user),
            CanComplete: open && (task.Assignee == user.Id || (task.Assignee is null && task.IsCandidate(user))))
        {
            Form = form,
        };
    }

    /// <summary>Opens an uploaded document of the task's application, or <c>null</c> when the clerk may not see it.</summary>
    public async Task<DocumentContent?> OpenDocumentAsync(Guid taskId, Guid documentId, WorkflowUser user, CancellationToken cancellationToken = default)
    {
        var task = await FindVisibleAsync(taskId, user, cancellationToken);
        return task is not null && ApplicationId(task) is { } applicationId
            ? await applications.OpenDocumentForStaffAsync(applicationId, documentId, cancellationToken)
            : null;
    }

    /// <summary>Takes the task; a second claim gets the engine's "already claimed by" error.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/> when the clerk may not see it.</exception>
    public async Task<HumanTask> ClaimAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken = default)
    {
        _ = await FindVisibleAsync(taskId, user, cancellationToken) ?? throw TaskNotFound();
        return await tasks.ClaimAsync(taskId, user, cancellationToken);
    }

    /// <summary>Gives the task back to the role's pool.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/> when the clerk may not see it.</exception>
    public async Task<HumanTask> UnclaimAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken = default)
    {
        _ = await FindVisibleAsync(taskId, user, cancellationToken) ?? throw TaskNotFound();
        return await tasks.UnclaimAsync(taskId, user, cancellationToken);
    }

    /// <summary>
    /// Completes the task with an outcome it allows. Notes are kept on the task as a comment and passed to the process:
    /// as <c>catatan</c> (what the applicant must fix) or, for <c>tolak</c>, as <c>alasan</c> (the reason in the
    /// rejection). Printing the SK records the copies, who and when (<see cref="CounterSteps.Print"/>); handing it over
    /// records the recipient and their identity (<see cref="CounterSteps.Handover"/>). Then the application's status is
    /// brought in line with the process.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.NotesRequired"/>, or what the counter steps refuse.
    /// </exception>
    public async Task<HumanTask> CompleteAsync(Guid taskId, WorkflowUser user, TaskCompletion completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var task = await FindVisibleAsync(taskId, user, cancellationToken) ?? throw TaskNotFound();
        var outcome = string.IsNullOrWhiteSpace(completion.Outcome) ? null : completion.Outcome.Trim();
        var notes = string.IsNullOrWhiteSpace(completion.Notes) ? null : completion.Notes.Trim();
        if (outcome is not null && OutcomesNeedingNotes.Contains(outcome) && task.AllowedOutcomes.Contains(outcome) && notes is null)
        {
            throw new PerizinanException(
                PerizinanError.NotesRequired,
                PerizinanText.Message(outcome == "tolak" ? "ReasonRequired" : "NotesRequired"),
                [new PerizinanIssue("notes", PerizinanText.Message(outcome == "tolak" ? "ReasonRequired" : "NotesRequired"))]);
        }

        Dictionary<string, object?> variables;
        if (task.ElementId == SopElements.CetakSk)
        {
            // The counter's own note stays on the record; catatan is what the applicant must fix, not this.
            variables = CounterSteps.Print(completion.Copies, notes, user.Id, time.GetUtcNow());
        }
        else if (task.ElementId == SopElements.SerahkanSk)
        {
            variables = CounterSteps.Handover(completion.Handover, notes, user.Id, time.GetUtcNow());
        }
        else
        {
            variables = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (notes is not null)
            {
                variables[outcome == "tolak" ? SopVariables.Alasan : SopVariables.Catatan] = notes;
            }
        }

        // The steps whose documents name or record their official remember who completed them.
        if (DecidedBy.TryGetValue(task.ElementId, out var decidedBy))
        {
            variables[decidedBy] = user.Id;
        }

        // What the step itself records wins over a submitted variable of the same name.
        var submitted = new Dictionary<string, object?>(completion.Variables ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        await RefuseOverwritesAsync(task, submitted.Keys, cancellationToken);
        foreach (var (name, value) in variables)
        {
            submitted[name] = value;
        }

        var completed = await tasks.CompleteAsync(taskId, user, outcome, submitted.Count == 0 ? null : submitted, cancellationToken);
        if (notes is not null)
        {
            await tasks.AddCommentAsync(taskId, user, notes, cancellationToken);
        }

        if (ApplicationId(completed) is { } applicationId)
        {
            await statuses.SyncAsync(applicationId, cancellationToken);
        }

        return completed;
    }

    /// <summary>
    /// A clerk may set the step's form fields and new variables (as Camunda 7 accepts), but not change a variable the
    /// process already holds outside the form: the applicant's data and earlier decisions stay as they were recorded.
    /// </summary>
    private async Task RefuseOverwritesAsync(HumanTask task, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var requested = names.ToList();
        if (requested.Count == 0)
        {
            return;
        }

        var model = await definitions.GetModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
        var form = (model.Node(task.ElementId) as UserTask)?.Form;
        var held = (await runtime.FindAsync(task.InstanceId, cancellationToken))?.Variables ?? [];
        var refused = requested
            .Where(name => form?.Field(name) is null && held.ContainsKey(name))
            .ToDictionary(name => name, name => new[] { PerizinanText.Message("VariableHeld", name) }, StringComparer.Ordinal);
        if (refused.Count > 0)
        {
            throw new FormInvalidException(PerizinanText.Message("VariablesHeld", string.Join(", ", refused.Keys)), refused);
        }
    }

    private async Task<HumanTask?> FindVisibleAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken)
    {
        HumanTask task;
        try
        {
            task = await tasks.GetAsync(taskId, cancellationToken);
        }
        catch (WorkflowException ex) when (ex.Error == WorkflowError.TaskNotFound)
        {
            return null;
        }

        // The role a late step was escalated to may open it, to follow it up (it claims it only if it is also a candidate).
        var visible = task.Assignee == user.Id || task.CompletedBy == user.Id || task.IsCandidate(user)
            || (task.IsOpen && task.EscalatedTo.Exists(user.Groups.Contains));
        return visible ? task : null;
    }

    private async Task<int?> StandardMinutesAsync(HumanTask task, CancellationToken cancellationToken)
    {
        var model = await definitions.GetModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
        return BakuMutu.Minutes(model, task);
    }

    private static bool IsOverdue(HumanTask task, DateTimeOffset now) =>
        task.IsOverdue || (task.IsOpen && task.DueAt is { } due && now > due);

    private static Guid? ApplicationId(HumanTask task) => Guid.TryParse(task.BusinessKey, out var id) ? id : null;

    private static PerizinanException TaskNotFound() => new(PerizinanError.NotFound, PerizinanText.Message("TaskNotFound"));
}
