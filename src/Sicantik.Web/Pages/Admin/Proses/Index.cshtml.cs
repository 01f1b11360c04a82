using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Admin.Proses;

/// <summary>The process definitions: each with its newest and published version, and the way to its designer and versions.</summary>
public sealed class IndexModel(SicantikDbContext db) : PageModel
{
    public IReadOnlyList<DefinitionSummaryDto> Definitions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Definitions = await DefinitionEndpoints.SummariesAsync(db, cancellationToken);
}
