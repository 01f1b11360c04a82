using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Reports;
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
public sealed class IkmService(PerizinanDb db, PermitTypeService permitTypes, IOptions<PerizinanOptions> options)
{
    /// <summary>The longest period one report covers, in years: a report is for a month, a semester or a year.</summary>
    public const int MaxPeriodYears = 2;

    private static readonly ReportPeriodErrors PeriodErrors = new(
        PerizinanError.IkmPeriodRequired, PerizinanError.IkmDateInvalid, PerizinanError.IkmPeriodInvalid, PerizinanError.IkmPeriodTooLong, "IkmPeriodTooLong");

    /// <summary>
    /// Reads a period as the API and the pages receive it (<c>yyyy-MM-dd</c>) and computes its report.
    /// </summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.IkmPeriodRequired"/>, <see cref="PerizinanError.IkmDateInvalid"/>, <see cref="PerizinanError.IkmPeriodInvalid"/>,
    /// <see cref="PerizinanError.IkmPeriodTooLong"/> or <see cref="PerizinanError.IkmPermitTypeUnknown"/>.
    /// </exception>
    public async Task<IkmReport> ComputeAsync(string? from, string? to, string? permitTypeCode, CancellationToken cancellationToken = default)
    {
        var (start, end) = ReportPeriod.Parse(from, to, PeriodErrors);
        return await ComputeAsync(start, end, permitTypeCode, cancellationToken);
    }

    /// <summary>The report for the office's days <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    /// <param name="from">The first day, in the office's time zone.</param>
    /// <param name="to">The last day, in the office's time zone.</param>
    /// <param name="permitTypeCode">Only this permit type's surveys; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IkmReport> ComputeAsync(DateOnly from, DateOnly to, string? permitTypeCode = null, CancellationToken cancellationToken = default)
    {
        ReportPeriod.Check(from, to, MaxPeriodYears, PeriodErrors);
        permitTypeCode = string.IsNullOrWhiteSpace(permitTypeCode) ? null : permitTypeCode.Trim();
        if (permitTypeCode is not null)
        {
            var type = await permitTypes.FindByCodeAsync(permitTypeCode, cancellationToken);
            if (type is null)
            {
                var message = PerizinanText.Message("IkmPermitTypeUnknown", permitTypeCode);
                throw new PerizinanException(PerizinanError.IkmPermitTypeUnknown, message, [new PerizinanIssue("jenisIzin", message)]);
            }

            permitTypeCode = type.Code;
        }

        var zone = options.Value.TimeZone;
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(from.ToDateTime(TimeOnly.MinValue)));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));
        var query = db.Set<SurveyResponse>().AsNoTracking().Where(r => r.SubmittedAt >= start && r.SubmittedAt < end);
        if (permitTypeCode is not null)
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

    /// <summary>
    /// The report as CSV for a spreadsheet (<see cref="SpreadsheetCsv"/>: semicolons, decimal commas, as Excel reads a file
    /// opened by double-click on an Indonesian (id-ID) Windows, the office's setting). The period and permit type come
    /// first, so a file passed on still says what it covers. <see cref="ToCsvFile"/> adds the UTF-8 byte order mark.
    /// </summary>
    public static string ToCsv(IkmReport report) => SpreadsheetCsv.Rows(ToCsvFile(report));

    /// <summary>The CSV as a file's bytes: UTF-8 with its byte order mark, without which Excel reads the text as ANSI.</summary>
    public static byte[] ToCsvFile(IkmReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var csv = new SpreadsheetCsv(4);
        csv.Text(PerizinanText.Message("IkmCsvPeriod"))
            .Text(PerizinanText.Message("IkmCsvPeriodValue", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).EndRow();
        csv.Text(PerizinanText.Message("IkmCsvPermitType")).Text(report.PermitTypeCode ?? PerizinanText.Message("IkmCsvAllPermitTypes")).EndRow();
        csv.Text(PerizinanText.Message("IkmCsvElement")).Text(PerizinanText.Message("IkmCsvQuestion")).Text(PerizinanText.Message("IkmCsvAverage")).Text(PerizinanText.Message("IkmCsvWeighted")).EndRow();
        foreach (var e in report.Elements)
        {
            csv.Text(e.Element.ToUpperInvariant()).Text(e.Question).Number(e.Average, "0.000").Number(e.Weighted, "0.000").EndRow();
        }

        csv.Text(PerizinanText.Message("IkmCsvRespondents")).Text(null).Count(report.Respondents).EndRow();
        csv.Text("IKM").Text(null).Number(report.Index, "0.00").Text(report.Grade is null ? null : $"{report.Grade} ({report.Quality})").EndRow();
        return csv.ToFile();
    }
}
