using System.Globalization;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Layout;

/// <summary>Dates and times written the way an Indonesian official letter writes them.</summary>
internal static class IndonesianFormat
{
    private static readonly IReadOnlyList<string> Months = DocumentText.List("MonthNames");
    private static readonly IReadOnlyList<string> Days = DocumentText.List("DayNames");

    /// <summary>"12 Maret 2025".</summary>
    public static string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");

    /// <summary>"Rabu, 12 Maret 2025 pukul 09.15 WIB", in the offset the value carries.</summary>
    public static string DateTime(DateTimeOffset value)
    {
        var date = DateOnly.FromDateTime(value.DateTime);
        var time = value.ToString("HH'.'mm", CultureInfo.InvariantCulture);
        return DocumentText.Get("DateTimeFormat", Days[(int)value.DayOfWeek], Date(date), time, Zone(value.Offset));
    }

    /// <summary>Indonesia's three zones by name; any other offset as UTC+hh:mm.</summary>
    public static string Zone(TimeSpan offset) => offset.TotalHours switch
    {
        7 => DocumentText.Get("TimeZoneWib"),
        8 => DocumentText.Get("TimeZoneWita"),
        9 => DocumentText.Get("TimeZoneWit"),
        _ => DocumentText.Get("TimeZoneOther", (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", CultureInfo.InvariantCulture)),
    };

    /// <summary>"a", "b", ... for lettered items (huruf).</summary>
    public static string Letter(int index)
    {
        var letters = DocumentText.List("ItemLetters");
        return index < letters.Count ? letters[index] : (index + 1).ToString(CultureInfo.InvariantCulture);
    }
}
