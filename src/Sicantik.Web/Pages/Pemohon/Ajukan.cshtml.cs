using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>SOP step 3: the application form of one permit type; saving it makes a draft.</summary>
public sealed class AjukanModel(PermitTypeService permitTypes, ApplicationService applications, UserManager<SicantikUser> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "kode")]
    public string? Code { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);

    public PermitType? Type { get; private set; }

    public SicantikUser? Applicant { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        try
        {
            var draft = await applications.CreateDraftAsync(
                new NewApplication
                {
                    PermitTypeCode = Type!.Code,
                    ApplicantId = Applicant!.Id,
                    ApplicantName = Applicant.FullName,
                    ApplicantNik = Applicant.Nik,
                    ApplicantNib = Applicant.Nib,
                    FormValues = Values,
                },
                cancellationToken);
            TempData.Success(PageText.T("DraftSaved"));
            return LocalRedirect($"/Pemohon/Permohonan/{draft.Id}");
        }
        catch (PerizinanException ex) when (ex.Code is PerizinanError.FormInvalid or PerizinanError.PermitTypeInactive)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            if (ex.Errors.Count == 0)
            {
                Errors.Add("form", ex.Message);
            }

            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Type = string.IsNullOrWhiteSpace(Code) ? null : await permitTypes.FindByCodeAsync(Code.Trim(), cancellationToken);
        Applicant = await users.FindByIdAsync(User.UserId());
        return Type is { IsActive: true } && Applicant is not null;
    }
}
