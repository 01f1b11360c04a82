using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>SOP step 11: the satisfaction survey (SKM), nine elements rated 1 to 4, before pickup.</summary>
public sealed class SurveiModel(TrackingService tracking, SurveyService survey) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Dictionary<string, int> Answers { get; set; } = new(StringComparer.Ordinal);

    [BindProperty]
    public string? Suggestion { get; set; }

    public ApplicationTracking Tracking { get; private set; } = null!;

    public bool Waiting { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await survey.SubmitAsync(Id, User.UserId(), Answers, Suggestion, cancellationToken);
            TempData.Success(PageText.T("SurveyThanks"));
            return LocalRedirect($"/Pemohon/Lacak/{Id}");
        }
        catch (PerizinanException ex) when (ex.Code != PerizinanError.NotFound)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            ViewData[Flash.ErrorKey] = ex.Message;
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var found = await tracking.GetAsync(Id, User.UserId(), cancellationToken);
        if (found is null)
        {
            return false;
        }

        Tracking = found;
        Waiting = found.Actions.Any(a => a.Kind == ApplicantActionKind.FillSurvey);
        return true;
    }
}
