using System.Globalization;
using System.Text;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Reports.Sla;

/// <summary>
/// The SLA report as CSV for a spreadsheet, in the IKM report's format: semicolons, numbers with a decimal comma, UTF-8
/// with a byte order mark, as Excel opens a file by double-click on an Indonesian (id-ID) Windows. The period and
/// permit type come first; then three tables (steps, clerks, tasks overdue now), each under its own header row and
/// separated by an empty line. Every row has the same number of cells. Instants are written in WIB (yyyy-MM-dd HH:mm).
/// </summary>
public static class SlaCsv
{
    private const int Columns = 11;

    public static string ToCsv(SlaReport report, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(zone);
        var numbers = CultureInfo.GetCultureInfo("id-ID");
        var csv = new StringBuilder();
        void Line(params string[] cells) =>
            csv.Append(string.Join(';', cells.Concat(Enumerable.Repeat(string.Empty, Math.Max(0, Columns - cells.Length))))).Append("\r\n");
        string Number(decimal? value) => value?.ToString("0.0", numbers) ?? string.Empty;
        string Integer(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        string At(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        Line(T("IkmCsvPeriod"), Quote(PerizinanText.Message("IkmCsvPeriodValue", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Line(T("IkmCsvPermitType"), Quote(report.PermitTypeCode ?? T("IkmCsvAllPermitTypes")));
        Line(T("SlaCsvGeneratedAt"), At(report.GeneratedAt));
        Line(T("SlaCsvMethod"), Quote(T("SlaCsvMethodValue")));
        Line();
        Line(T("SlaCsvStepId"), T("SlaCsvStep"), T("SlaCsvCalendar"), T("SlaCsvStandard"), T("SlaCsvTasks"), T("SlaCsvMedian"), T("SlaCsvP90"), T("SlaCsvMeasured"), T("SlaCsvWithin"), T("SlaCsvWithinPercent"), T("SlaCsvEscalated"));
        foreach (var s in report.Steps)
        {
            Line(s.ElementId, Quote(s.Name), s.Calendar, Integer(s.StandardMinutes), Integer(s.Tasks), Number(s.MedianMinutes), Number(s.P90Minutes), Integer(s.Measured), Integer(s.WithinStandard), Number(s.WithinStandardPercent), Integer(s.Escalated));
        }

        Line();
        Line(T("SlaCsvClerkId"), T("SlaCsvClerk"), T("SlaCsvTasks"), T("SlaCsvMeasured"), T("SlaCsvWithin"), T("SlaCsvWithinPercent"));
        foreach (var c in report.Clerks)
        {
            Line(Quote(c.UserId), Quote(c.Name), Integer(c.Tasks), Integer(c.Measured), Integer(c.WithinStandard), Number(c.WithinStandardPercent));
        }

        Line();
        Line(T("SlaCsvApplicationNumber"), T("SlaCsvPermitType"), T("SlaCsvStep"), T("SlaCsvHolder"), T("SlaCsvCreatedAt"), T("SlaCsvDueAt"), T("SlaCsvLate"), T("SlaCsvEscalatedFlag"));
        foreach (var o in report.Overdue)
        {
            Line(Quote(o.ApplicationNumber ?? string.Empty), o.PermitTypeCode ?? string.Empty, Quote(o.Step), Quote(o.Holder ?? T("SlaCsvNotTaken", o.Candidates)), At(o.CreatedAt), At(o.DueAt), Number(o.LateMinutes), o.Escalated ? T("SlaCsvYes") : T("SlaCsvNo"));
        }

        return csv.ToString();
    }

    /// <summary>The CSV as a file's bytes: UTF-8 with its byte order mark, without which Excel reads the text as ANSI.</summary>
    public static byte[] ToCsvFile(SlaReport report, TimeZoneInfo zone) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ToCsv(report, zone))];

    private static string T(string key, params object?[] args) => PerizinanText.Message(key, args);

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
