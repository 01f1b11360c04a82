using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Pages.Pengawasan;

/// <summary>A version's heat map: how many instances wait at each step now, and the average wait of completed steps.</summary>
public sealed class PetaPanasModel(HeatMapService heatMaps, DefinitionService definitions, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Key { get; set; }

    /// <summary>The version; the published one when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Version { get; set; }

    /// <summary>How many days back completed steps are counted.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Hari { get; set; }

    public HeatMap? Map { get; private set; }

    public string? Xml { get; private set; }

    public string? Name { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Key))
        {
            return NotFound();
        }

        try
        {
            var record = Version is { } version ? await definitions.GetAsync(Key, version, cancellationToken) : await definitions.GetPublishedAsync(Key, cancellationToken);
            Version = record.Version;
            Xml = record.Xml;
            Name = record.Name ?? record.Key;
        }
        catch (WorkflowException)
        {
            return NotFound();
        }

        Hari = Math.Clamp(Hari ?? 30, 1, 366);
        var now = time.GetUtcNow();
        Map = await heatMaps.ComputeAsync(Key, Version.Value, now.AddDays(-Hari.Value), now, cancellationToken);
        return Page();
    }

    public static string Minutes(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.CurrentCulture) : "—";
}
