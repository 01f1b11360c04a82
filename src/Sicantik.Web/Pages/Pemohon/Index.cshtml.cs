using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>The applicant's applications, newest first.</summary>
public sealed class IndexModel(ApplicationService applications, PermitTypeService permitTypes) : PageModel
{
    public IReadOnlyList<PermitApplication> Applications { get; private set; } = [];

    public IReadOnlyDictionary<string, string> TypeNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Applications = await applications.ListAsync(User.UserId(), cancellationToken);
        TypeNames = (await permitTypes.ListAllAsync(cancellationToken)).ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal);
    }
}
