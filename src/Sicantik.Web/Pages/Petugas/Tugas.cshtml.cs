using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;
using Sicantik.Workflows;
using Sicantik.Workflows.Forms;

namespace Sicantik.Web.Pages.Petugas;

/// <summary>Working one task: the application and its documents beside the outcomes the step allows.</summary>
public sealed class TugasModel(
    StaffTaskService tasks,
    PermitTypeService permitTypes,
    TrackingService tracking,
    UserManager<SicantikUser> users,
    InboxNotifier notifier) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    /// <summary>Cetak SK: how many copies were printed.</summary>
    [BindProperty]
    public int? Copies { get; set; } = 1;

    /// <summary>Serahkan SK: who received it, as what, on which identity document.</summary>
    [BindProperty]
    public string? RecipientName { get; set; }

    [BindProperty]
    public string? RecipientKind { get; set; }

    [BindProperty]
    public string? IdentityType { get; set; }

    [BindProperty]
    public string? IdentityNumber { get; set; }

    [BindProperty]
    public string? PowerOfAttorney { get; set; }

    /// <summary>The step's generated form as posted (<c>Form[fieldId]</c>), by field id; converted to each field's type on completion.</summary>
    public Dictionary<string, string?> Form { get; } = new(StringComparer.Ordinal);

    public StaffTask Work { get; private set; } = null!;

    public PermitType? Type { get; private set; }

    public ApplicationTracking? Tracking { get; private set; }

    public IReadOnlyDictionary<string, string> People { get; private set; } = new Dictionary<string, string>();

    public FieldErrors Errors { get; } = new();

    public string UserId => User.UserId();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostKlaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            var task = await tasks.ClaimAsync(Id, User.ToWorkflowUser(), cancellationToken);
            notifier.Changed(task);
            TempData.Success(PageText.T("ClaimDone", task.Name));
        }
        catch (TaskAlreadyClaimedException ex)
        {
            var holder = await users.FindByIdAsync(ex.ClaimedBy);
            TempData.Error(PageText.T("ClaimTakenBy", holder?.FullName ?? ex.ClaimedBy));
        }
        catch (WorkflowException ex)
        {
            TempData.Error(ex.Message);
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.NotFound)
        {
            return NotFound();
        }

        return LocalRedirect($"/Petugas/Tugas/{Id}");
    }

    public async Task<IActionResult> OnPostLepaskanAsync(CancellationToken cancellationToken)
    {
        try
        {
            var task = await tasks.UnclaimAsync(Id, User.ToWorkflowUser(), cancellationToken);
            notifier.Changed(task);
            TempData.Success(PageText.T("UnclaimDone", task.Name));
            return LocalRedirect("/Petugas");
        }
        catch (WorkflowException ex)
        {
            TempData.Error(ex.Message);
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.NotFound)
        {
            return NotFound();
        }

        return LocalRedirect($"/Petugas/Tugas/{Id}");
    }

    public async Task<IActionResult> OnPostSelesaiAsync(string? outcome, CancellationToken cancellationToken)
    {
        // Read by hand: a bound dictionary with no Form[...] keys would fall back to every field of the request.
        foreach (var (key, value) in Request.Form)
        {
            if (key.StartsWith("Form[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                Form[key[5..^1]] = value.ToString();
            }
        }

        try
        {
            var completion = new TaskCompletion(outcome, Notes)
            {
                Copies = Copies,
                Handover = new HandoverDetails(RecipientName, RecipientKind, IdentityType, IdentityNumber, PowerOfAttorney),
                Variables = Form.Count == 0 ? null : Form.ToDictionary(f => f.Key, f => (object?)f.Value, StringComparer.Ordinal),
            };
            var task = await tasks.CompleteAsync(Id, User.ToWorkflowUser(), completion, cancellationToken);
            notifier.Changed(task);
            TempData.Success(outcome is null
                ? PageText.T("CompleteDone", task.Name)
                : PageText.T("CompleteDoneOutcome", task.Name, Display.OutcomeLabel(outcome)));
            return LocalRedirect("/Petugas");
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.NotFound)
        {
            return NotFound();
        }
        catch (PerizinanException ex)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            ViewData[Flash.ErrorKey] = ex.Message;
        }
        catch (FormInvalidException ex)
        {
            foreach (var (field, messages) in ex.FieldErrors)
            {
                Errors.AddRange([new(FormKey(field), messages)]);
            }

            ViewData[Flash.ErrorKey] = ex.Message;
        }
        catch (WorkflowException ex)
        {
            ViewData[Flash.ErrorKey] = ex.Message;
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>The error key of a form field, apart from the page's own fields.</summary>
    public static string FormKey(string fieldId) => "form:" + fieldId;

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var work = await tasks.GetAsync(Id, User.ToWorkflowUser(), cancellationToken);
        if (work is null)
        {
            return false;
        }

        Work = work;
        if (work.Application is { } application)
        {
            Type = await permitTypes.FindByCodeAsync(application.PermitTypeCode, cancellationToken);
            Tracking = await tracking.GetForStaffAsync(application.Id, cancellationToken);
        }

        var ids = new[] { work.Task.Assignee, work.Task.CompletedBy }
            .Concat(work.Task.Comments.Select(c => c.UserId))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            people[id] = (await users.FindByIdAsync(id))?.FullName ?? id;
        }

        People = people;
        return true;
    }
}
