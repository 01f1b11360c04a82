using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan.Survey;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Petugas.Kiosk;

/// <summary>SOP step 11 at Loker 5: the applications whose survey waits, for the clerk to open the kiosk for one.</summary>
public sealed class IndexModel(SurveyService survey) : PageModel
{
    public IReadOnlyList<SurveyWaiting> Waiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Waiting = await survey.ListWaitingAsync(User.ToWorkflowUser(), cancellationToken: cancellationToken);
}
