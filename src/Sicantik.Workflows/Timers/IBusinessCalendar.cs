namespace Sicantik.Workflows.Timers;

/// <summary>
/// Adds durations to instants. A wall-clock calendar adds them as they are; an office-hours calendar
/// counts only working time (for example Monday to Friday, 08:00 to 16:00, minus holidays).
/// </summary>
public interface IBusinessCalendar
{
    /// <summary>The name a definition refers to with <c>sicantik:calendar</c>.</summary>
    string Name { get; }

    /// <summary>The instant that lies <paramref name="duration"/> after <paramref name="start"/> in this calendar.</summary>
    DateTimeOffset Add(DateTimeOffset start, IsoDuration duration);
}

/// <summary>Days on which an office-hours calendar counts no time (national holidays, collective leave).</summary>
public interface IHolidayProvider
{
    /// <summary>Whether <paramref name="localDate"/> (a date in the office's time zone) is a holiday.</summary>
    bool IsHoliday(DateOnly localDate);
}

/// <summary>Well-known calendar names.</summary>
public static class CalendarNames
{
    /// <summary>Durations count every minute of every day.</summary>
    public const string WallClock = "wall-clock";

    /// <summary>Durations count only office hours on working days.</summary>
    public const string OfficeHours = "office-hours";
}
