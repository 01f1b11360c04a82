using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>The tracking timeline: each SOP step in plain words, its baku mutu, what is open now and what to do.</summary>
public sealed class LacakModel(TrackingService tracking) : PageModel
{
    public ApplicationTracking Tracking { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await tracking.GetAsync(id, User.UserId(), cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        Tracking = found;
        return Page();
    }
}
