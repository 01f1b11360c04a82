namespace Sicantik.Workflows.Timers;

/// <summary>A calendar in which every minute of every day counts: durations are added as on a wall clock.</summary>
public sealed class WallClockCalendar : IBusinessCalendar
{
    /// <inheritdoc />
    public string Name => CalendarNames.WallClock;

    /// <inheritdoc />
    public DateTimeOffset Add(DateTimeOffset start, IsoDuration duration) => duration.AddTo(start);
}
