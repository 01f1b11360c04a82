using System.Globalization;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Reports;

/// <summary>The problem codes and the too-long message one report gives for a period it refuses.</summary>
internal sealed record ReportPeriodErrors(PerizinanError Required, PerizinanError DateInvalid, PerizinanError Invalid, PerizinanError TooLong, string TooLongMessage);

/// <summary>
/// A report's period (office days, first and last inclusive) as the API and the pages receive it (<c>yyyy-MM-dd</c>),
/// checked the same way for every report; each report refuses it with its own problem codes.
/// </summary>
internal static class ReportPeriod
{
    /// <summary>Both days, or the report's Required (a day missing) or DateInvalid problem with an issue per bad field.</summary>
    public static (DateOnly From, DateOnly To) Parse(string? from, string? to, ReportPeriodErrors errors)
    {
        var issues = new List<PerizinanIssue>();
        var start = ParseDay(from, "from", issues);
        var end = ParseDay(to, "to", issues);
        if (start is null || end is null)
        {
            var missing = string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to);
            throw new PerizinanException(missing ? errors.Required : errors.DateInvalid, issues[0].Message, issues);
        }

        return (start.Value, end.Value);
    }

    /// <summary>Refuses a period that ends before it starts, or covers <paramref name="maxYears"/> years or more.</summary>
    public static void Check(DateOnly from, DateOnly to, int maxYears, ReportPeriodErrors errors)
    {
        if (to < from)
        {
            var message = PerizinanText.Message("IkmPeriodInvalid");
            throw new PerizinanException(errors.Invalid, message, [new PerizinanIssue("to", message)]);
        }

        if (to >= from.AddYears(maxYears))
        {
            var message = PerizinanText.Message(errors.TooLongMessage, maxYears);
            throw new PerizinanException(errors.TooLong, message, [new PerizinanIssue("to", message)]);
        }
    }

    private static DateOnly? ParseDay(string? text, string key, List<PerizinanIssue> issues)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        issues.Add(new PerizinanIssue(key, PerizinanText.Message(string.IsNullOrWhiteSpace(text) ? "IkmDateRequired" : "IkmDateInvalid", key == "from" ? PerizinanText.Message("IkmFrom") : PerizinanText.Message("IkmTo"))));
        return null;
    }
}
