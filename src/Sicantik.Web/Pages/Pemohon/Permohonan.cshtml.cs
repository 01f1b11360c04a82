using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>
/// One application (SOP steps 3 and 4): its form while editable, the requirement uploads, submission, and the return of
/// the file for completion or correction with the clerk's notes.
/// </summary>
public sealed class PermohonanModel(ApplicationService applications, PermitTypeService permitTypes, TrackingService tracking) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);

    public PermitApplication Application { get; private set; } = null!;

    public PermitType Type { get; private set; } = null!;

    public IReadOnlyList<ChecklistItem> Checklist { get; private set; } = [];

    public ApplicationTracking? Tracking { get; private set; }

    /// <summary>The office sent the file back: what to do, with the clerk's notes.</summary>
    public ApplicantAction? Revision { get; private set; }

    public bool Editable => Application.Status == ApplicationStatus.Draft || Revision is not null;

    public FieldErrors Errors { get; } = new();

    /// <summary>Why the submission was refused (missing requirements, invalid fields).</summary>
    public IReadOnlyList<PerizinanIssue> SubmitIssues { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSimpanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await applications.UpdateDraftAsync(Id, User.UserId(), Values, cancellationToken);
            TempData.Success(PageText.T("FormSaved"));
            return Reload();
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.FormInvalid)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            return await PageAsync(cancellationToken, keepValues: true);
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            TempData.Error(ex.Message);
            return Reload();
        }
    }

    public async Task<IActionResult> OnPostUnggahAsync(string requirementKey, IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Errors.Add("upload-" + requirementKey, PageText.T("UploadChooseFile"));
            return await PageAsync(cancellationToken);
        }

        try
        {
            await using var content = file.OpenReadStream();
            await applications.UploadDocumentAsync(Id, User.UserId(), new DocumentUpload(requirementKey, Path.GetFileName(file.FileName), content), cancellationToken);
            TempData.Success(PageText.T("UploadDone", Path.GetFileName(file.FileName)));
            return Reload();
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            Errors.Add("upload-" + requirementKey, ex.Message);
            return await PageAsync(cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostHapusAsync(Guid documentId, CancellationToken cancellationToken)
    {
        try
        {
            await applications.RemoveDocumentAsync(Id, User.UserId(), documentId, cancellationToken);
            TempData.Success(PageText.T("DocumentRemoved"));
        }
        catch (PerizinanException ex)
        {
            TempData.Error(ex.Message);
        }

        return Reload();
    }

    public async Task<IActionResult> OnPostAjukanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await applications.SubmitAsync(Id, User.UserId(), cancellationToken);
            TempData.Success(PageText.T("Submitted"));
            return LocalRedirect($"/Pemohon/Lacak/{Id}");
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            return await RefusedAsync(ex, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostKirimUlangAsync(CancellationToken cancellationToken)
    {
        try
        {
            await applications.ResubmitAsync(Id, User.UserId(), cancellationToken);
            TempData.Success(PageText.T("Resubmitted"));
            return LocalRedirect($"/Pemohon/Lacak/{Id}");
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            return await RefusedAsync(ex, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostBatalkanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await applications.WithdrawAsync(Id, User.UserId(), cancellationToken);
            TempData.Success(PageText.T("DraftWithdrawn"));
            return LocalRedirect("/Pemohon");
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            TempData.Error(ex.Message);
            return Reload();
        }
    }

    private async Task<IActionResult> RefusedAsync(PerizinanException ex, CancellationToken cancellationToken)
    {
        SubmitIssues = ex.Errors.Count > 0 ? ex.Errors : [new PerizinanIssue("form", ex.Message)];
        return await PageAsync(cancellationToken);
    }

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken, bool keepValues = false)
    {
        var posted = Values;
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (keepValues)
        {
            Values = posted;
        }

        return Page();
    }

    private RedirectResult Reload() => Redirect($"/Pemohon/Permohonan/{Id}");

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var application = await applications.FindAsync(Id, userId, cancellationToken);
        var type = application is null ? null : await permitTypes.FindByCodeAsync(application.PermitTypeCode, cancellationToken);
        if (application is null || type is null)
        {
            return false;
        }

        Application = application;
        Type = type;
        Checklist = await applications.GetChecklistAsync(Id, userId, cancellationToken) ?? [];
        Tracking = await tracking.GetAsync(Id, userId, cancellationToken);
        Revision = Tracking?.Actions.FirstOrDefault(a => a.Kind is ApplicantActionKind.CompleteDocuments or ApplicantActionKind.CorrectDocuments);
        Values = application.FormValues.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
        return true;
    }
}
