using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Survey;

/// <summary>One element's result: its question, the average rating (NRR) and the weighted value (NRR × 1/9).</summary>
public sealed record IkmElement(string Element, string Question, decimal Average, decimal Weighted);

/// <summary>
/// The community satisfaction index (IKM) of a period, as PermenPANRB 14/2017 computes it: each element's average
/// rating, weighted 1/9 and summed, times 25 (so 25 to 100), and its grade.
/// </summary>
public sealed record IkmReport(
    DateOnly From,
    DateOnly To,
    string? PermitTypeCode,
    int Respondents,
    IReadOnlyList<IkmElement> Elements,
    decimal? Index,
    string? Grade,
    string? Quality);

/// <summary>Computes IKM reports from the stored surveys.</summary>
public sealed class IkmService(PerizinanDb db, IOptions<PerizinanOptions> options)
{
    /// <summary>The report for the office's days <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    /// <param name="from">The first day, in the office's time zone.</param>
    /// <param name="to">The last day, in the office's time zone.</param>
    /// <param name="permitTypeCode">Only this permit type's surveys; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IkmReport> ComputeAsync(DateOnly from, DateOnly to, string? permitTypeCode = null, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new PerizinanException(PerizinanError.FormInvalid, PerizinanText.Message("IkmPeriodInvalid"), [new PerizinanIssue("to", PerizinanText.Message("IkmPeriodInvalid"))]);
        }

        var zone = options.Value.TimeZone;
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(from.ToDateTime(TimeOnly.MinValue)));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var query = db.Set<SurveyResponse>().AsNoTracking().Where(r => r.SubmittedAt >= start && r.SubmittedAt < end);
        if (!string.IsNullOrWhiteSpace(permitTypeCode))
        {
            query = query.Where(r => r.PermitTypeCode == permitTypeCode);
        }

        var responses = await query.ToListAsync(cancellationToken);
        return Compute(from, to, permitTypeCode, responses.Select(r => r.Ratings).ToList());
    }

    /// <summary>The report of the given ratings (each a list of nine, u1..u9).</summary>
    public static IkmReport Compute(DateOnly from, DateOnly to, string? permitTypeCode, IReadOnlyList<IReadOnlyList<int>> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            return new IkmReport(from, to, permitTypeCode, 0, SurveyService.Elements.Select(e => new IkmElement(e, SurveyService.Question(e), 0, 0)).ToList(), null, null, null);
        }

        var elements = new List<IkmElement>(SurveyService.Elements.Count);
        var sum = 0m;
        for (var i = 0; i < SurveyService.Elements.Count; i++)
        {
            var average = (decimal)ratings.Sum(r => r[i]) / ratings.Count;
            var weighted = average / SurveyService.Elements.Count;
            sum += weighted;
            elements.Add(new IkmElement(SurveyService.Elements[i], SurveyService.Question(SurveyService.Elements[i]), Math.Round(average, 3), Math.Round(weighted, 3)));
        }

        var index = Math.Round(sum * 25, 2, MidpointRounding.AwayFromZero);
        var (grade, quality) = Grade(index);
        return new IkmReport(from, to, permitTypeCode, ratings.Count, elements, index, grade, quality);
    }

    /// <summary>The grade of an IKM value: A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.</summary>
    public static (string Grade, string Quality) Grade(decimal index) => index switch
    {
        >= 88.31m => ("A", PerizinanText.Message("IkmQualityA")),
        >= 76.61m => ("B", PerizinanText.Message("IkmQualityB")),
        >= 65.00m => ("C", PerizinanText.Message("IkmQualityC")),
        _ => ("D", PerizinanText.Message("IkmQualityD")),
    };

    /// <summary>The report as CSV (UTF-8, comma separated, invariant numbers) for a spreadsheet.</summary>
    public static string ToCsv(IkmReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.AppendLine(CultureInfo.InvariantCulture, $"{PerizinanText.Message("IkmCsvElement")},{PerizinanText.Message("IkmCsvQuestion")},{PerizinanText.Message("IkmCsvAverage")},{PerizinanText.Message("IkmCsvWeighted")}");
        foreach (var e in report.Elements)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{e.Element.ToUpperInvariant()},{Quote(e.Question)},{e.Average.ToString("0.000", CultureInfo.InvariantCulture)},{e.Weighted.ToString("0.000", CultureInfo.InvariantCulture)}");
        }

        csv.AppendLine(CultureInfo.InvariantCulture, $"{PerizinanText.Message("IkmCsvRespondents")},,{report.Respondents},");
        csv.AppendLine(CultureInfo.InvariantCulture, $"IKM,,{report.Index?.ToString("0.00", CultureInfo.InvariantCulture)},{report.Grade}");
        return csv.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
