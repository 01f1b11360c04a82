using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan.PermitTypes;

namespace Sicantik.Web.Pages;

/// <summary>The portal's front page: what the office issues, what each permit needs, and how to apply.</summary>
public sealed class IndexModel(PermitTypeService permitTypes) : PageModel
{
    public IReadOnlyList<PermitType> Catalogue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Catalogue = await permitTypes.ListActiveAsync(cancellationToken);
}
