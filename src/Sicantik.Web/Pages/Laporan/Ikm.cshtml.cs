using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Survey;

namespace Sicantik.Web.Pages.Laporan;

/// <summary>
/// The IKM of a period (PermenPANRB 14/2017) for the office's heads and administrators: each element's average, the
/// index and its grade, as a table and a bar chart, with the same numbers as <c>GET /api/reports/ikm</c> and its CSV.
/// </summary>
public sealed class IkmModel(IkmService ikm, PermitTypeService permitTypes, IOptions<PerizinanOptions> options, TimeProvider time) : PageModel
{
    /// <summary>The first day (yyyy-MM-dd); the first of this month when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Dari { get; set; }

    /// <summary>The last day (yyyy-MM-dd); today when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sampai { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? JenisIzin { get; set; }

    public IReadOnlyList<PermitType> Types { get; private set; } = [];

    public IkmReport? Report { get; private set; }

    public FieldErrors Errors { get; } = new();

    /// <summary>The CSV of the same report, from the API.</summary>
    public string CsvUrl => "/api/reports/ikm/csv" + QueryString.Create(
        new[] { ("from", Dari), ("to", Sampai), ("jenisIzin", JenisIzin) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2!.Trim()))).ToUriComponent();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Types = await permitTypes.ListAllAsync(cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZoneId)).DateTime);
        Dari ??= new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Sampai ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            Report = await ikm.ComputeAsync(Dari, Sampai, JenisIzin, cancellationToken);
        }
        catch (PerizinanException ex)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            ViewData[Flash.ErrorKey] = ex.Message;
        }

        return Page();
    }
}
