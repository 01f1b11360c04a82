using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Survey;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Petugas.Kiosk;

/// <summary>
/// The kiosk for one application: the applicant answers the nine elements on the counter's touch screen; submitting
/// completes their survey step on their behalf, recording that it was filled here and which clerk opened the kiosk.
/// </summary>
public sealed class SurveiModel(SurveyService survey) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Dictionary<string, int> Answers { get; set; } = new(StringComparer.Ordinal);

    [BindProperty]
    public string? Suggestion { get; set; }

    public PermitApplication Application { get; private set; } = null!;

    /// <summary>The survey was sent (the page thanks the applicant) or was already filled (the page says so).</summary>
    public bool Done { get; private set; }

    /// <summary>This post sent the survey.</summary>
    public bool Sent { get; private set; }

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
            await survey.SubmitAtKioskAsync(Id, User.ToWorkflowUser(), Answers, Suggestion, cancellationToken);
            Done = Sent = true;
            ViewData[Flash.SuccessKey] = PageText.T("KioskThanks");
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

            Done = ex.Code is PerizinanError.SurveyAlreadyFilled or PerizinanError.InvalidState;
            ViewData[Flash.ErrorKey] = ex.Message;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var application = await survey.FindForKioskAsync(Id, User.ToWorkflowUser(), cancellationToken);
        if (application is null)
        {
            return false;
        }

        Application = application;
        return true;
    }
}
