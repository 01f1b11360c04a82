using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Reports.Sla;

namespace Sicantik.Web.Pages.Laporan;

/// <summary>
/// The service-standard (SLA) report of a period for the office's heads and administrators: per step, per clerk, and
/// the tasks overdue now, as tables (readable without script) and two Chart.js charts drawn from a JSON island, with
/// the same numbers as <c>GET /api/reports/sla</c> and its CSV.
/// </summary>
public sealed class SlaModel(SlaService sla, PermitTypeService permitTypes, IOptions<PerizinanOptions> options, TimeProvider time) : PageModel
{
    private static readonly JsonSerializerOptions ChartJsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The first day (yyyy-MM-dd); the first of this month when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Dari { get; set; }

    /// <summary>The last day (yyyy-MM-dd); today when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sampai { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? JenisIzin { get; set; }

    public IReadOnlyList<PermitType> Types { get; private set; } = [];

    public SlaReport? Report { get; private set; }

    public FieldErrors Errors { get; } = new();

    /// <summary>The CSV of the same report, from the API.</summary>
    public string CsvUrl => "/api/reports/sla/csv" + QueryString.Create(
        new[] { ("from", Dari), ("to", Sampai), ("jenisIzin", JenisIzin) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2!.Trim()))).ToUriComponent();

    /// <summary>
    /// What the charts draw, for wwwroot/js/laporan-sla.js: the steps that have a baku mutu, their figures and the
    /// charts' words. The serializer escapes &lt; and &gt;, so the island cannot close its script element.
    /// </summary>
    public string ChartJson
    {
        get
        {
            var steps = Report?.Steps.Where(s => s.StandardMinutes is not null).ToList() ?? [];
            return JsonSerializer.Serialize(
                new
                {
                    labels = steps.Select(s => s.Name),
                    standard = steps.Select(s => s.StandardMinutes),
                    median = steps.Select(s => s.MedianMinutes),
                    p90 = steps.Select(s => s.P90Minutes),
                    within = steps.Select(s => s.WithinStandardPercent),
                    locale = CultureInfo.CurrentCulture.Name,
                    text = new
                    {
                        standard = PageText.T("SlaStandard"),
                        median = PageText.T("SlaMedian"),
                        p90 = PageText.T("SlaP90"),
                        within = PageText.T("SlaWithinPercent"),
                        minutes = PageText.T("SlaMinutesAxis"),
                        percent = PageText.T("SlaPercentAxis"),
                    },
                },
                ChartJsonOptions);
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Types = await permitTypes.ListAllAsync(cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZoneId)).DateTime);
        Dari ??= new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Sampai ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        try
        {
            Report = await sla.ComputeAsync(Dari, Sampai, JenisIzin, cancellationToken);
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
