using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Pages.Admin.Proses;

/// <summary>
/// The versions of one definition: who deployed them and when, their state, how many instances run on each; publish,
/// retire, download, upload; two versions compared side by side; and the migration of running instances.
/// </summary>
public sealed class VersiModel(DefinitionOverview overview, DefinitionService definitions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    /// <summary>The older version compared (the one before <see cref="Ke"/> by default).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Dari { get; set; }

    /// <summary>The newer version compared (the latest by default).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Ke { get; set; }

    public IReadOnlyList<DefinitionVersionSummary> Versions { get; private set; } = [];

    public DefinitionDiff? Diff { get; private set; }

    public string? FromXml { get; private set; }

    public string? ToXml { get; private set; }

    public string? Name => Versions.Count > 0 ? Versions[0].Name : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Key))
        {
            return NotFound();
        }

        Versions = await overview.VersionsAsync(Key, cancellationToken);
        if (Versions.Count == 0)
        {
            return NotFound();
        }

        var numbers = Versions.Select(v => v.Version).ToHashSet();
        Ke = Ke is { } to && numbers.Contains(to) ? to : Versions[0].Version;
        Dari = Dari is { } from && numbers.Contains(from) ? from : Versions.Select(v => v.Version).Where(v => v < Ke).DefaultIfEmpty(Ke.Value).Max();
        var old = await definitions.GetAsync(Key, Dari.Value, cancellationToken);
        var current = await definitions.GetAsync(Key, Ke.Value, cancellationToken);
        FromXml = old.Xml;
        ToXml = current.Xml;
        Diff = DefinitionComparer.Compare(Key, old.Version, old.Xml, current.Version, current.Xml);
        return Page();
    }
}
