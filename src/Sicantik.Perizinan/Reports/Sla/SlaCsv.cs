using System.Globalization;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Reports.Sla;

/// <summary>
/// The SLA report as CSV for a spreadsheet, in the IKM report's format (<see cref="SpreadsheetCsv"/>: semicolons, decimal
/// commas, UTF-8 with a byte order mark, text quoted and formulas neutralised). The period and permit type come first;
/// then three tables (steps, clerks, tasks overdue now), each under its own header row and separated by an empty line.
/// Every row has the same number of cells. Instants are written in WIB (yyyy-MM-dd HH:mm).
/// </summary>
public static class SlaCsv
{
    private const int Columns = 11;

    public static string ToCsv(SlaReport report, TimeZoneInfo zone) => SpreadsheetCsv.Rows(ToCsvFile(report, zone));

    /// <summary>The CSV as a file's bytes: UTF-8 with its byte order mark, without which Excel reads the text as ANSI.</summary>
    public static byte[] ToCsvFile(SlaReport report, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(zone);
        using var csv = new SpreadsheetCsv(Columns);
        void Header(params string[] keys)
        {
            foreach (var key in keys)
            {
                csv.Text(T(key));
            }

            csv.EndRow();
        }

        csv.Text(T("IkmCsvPeriod")).Text(PerizinanText.Message("IkmCsvPeriodValue", Day(report.From), Day(report.To))).EndRow();
        csv.Text(T("IkmCsvPermitType")).Text(report.PermitTypeCode ?? T("IkmCsvAllPermitTypes")).EndRow();
        csv.Text(T("SlaCsvGeneratedAt")).Time(report.GeneratedAt, zone).EndRow();
        csv.Text(T("SlaCsvMethod")).Text(T("SlaCsvMethodValue")).EndRow();
        csv.EndRow();
        Header("SlaCsvStepId", "SlaCsvStep", "SlaCsvCalendar", "SlaCsvStandard", "SlaCsvTasks", "SlaCsvMedian", "SlaCsvP90", "SlaCsvMeasured", "SlaCsvWithin", "SlaCsvWithinPercent", "SlaCsvEscalated");
        foreach (var s in report.Steps)
        {
            csv.Text(s.ElementId).Text(s.Name).Text(s.Calendar).Count(s.StandardMinutes).Count(s.Tasks).Number(s.MedianMinutes, "0.0").Number(s.P90Minutes, "0.0")
                .Count(s.Measured).Count(s.WithinStandard).Number(s.WithinStandardPercent, "0.0").Count(s.Escalated).EndRow();
        }

        csv.EndRow();
        Header("SlaCsvClerkId", "SlaCsvClerk", "SlaCsvTasks", "SlaCsvMeasured", "SlaCsvWithin", "SlaCsvWithinPercent");
        foreach (var c in report.Clerks)
        {
            csv.Text(c.UserId).Text(c.Name).Count(c.Tasks).Count(c.Measured).Count(c.WithinStandard).Number(c.WithinStandardPercent, "0.0").EndRow();
        }

        csv.EndRow();
        Header("SlaCsvApplicationNumber", "SlaCsvPermitType", "SlaCsvStep", "SlaCsvHolder", "SlaCsvCreatedAt", "SlaCsvDueAt", "SlaCsvLate", "SlaCsvEscalatedFlag");
        foreach (var o in report.Overdue)
        {
            csv.Text(o.ApplicationNumber).Text(o.PermitTypeCode).Text(o.Step).Text(o.Holder ?? T("SlaCsvNotTaken", o.Candidates))
                .Time(o.CreatedAt, zone).Time(o.DueAt, zone).Number(o.LateMinutes, "0.0").Text(o.Escalated ? T("SlaCsvYes") : T("SlaCsvNo")).EndRow();
        }

        return csv.ToFile();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string T(string key, params object?[] args) => PerizinanText.Message(key, args);
}
