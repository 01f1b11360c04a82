namespace Sicantik.Workflows.Timers;

/// <summary>
/// A calendar that counts only office hours: working days (for example Monday to Friday, minus holidays) between
/// opening and closing time, in the office's time zone. A task created at 15:55 with <c>PT10M</c> is due at 08:05
/// on the next working day.
/// </summary>
public sealed class OfficeHoursCalendar : IBusinessCalendar
{
    // Ten years: far beyond any real run of holidays, but stops a provider that calls every day a holiday
    // from hanging the engine.
    private const int MaxDaysSearched = 3660;

    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _opensAt;
    private readonly TimeOnly _closesAt;
    private readonly long _dayTicks;
    private readonly bool[] _workingWeekdays = new bool[7];
    private readonly IHolidayProvider _holidays;

    /// <summary>Creates the calendar.</summary>
    /// <param name="options">The office hours; they must be valid (see <see cref="OfficeHoursOptions.Validate()"/>).</param>
    /// <param name="holidays">The holidays on which no time is counted.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are not valid; the message lists the problems.</exception>
    public OfficeHoursCalendar(OfficeHoursOptions options, IHolidayProvider holidays)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(holidays);
        var problems = options.Validate().Select(problem => problem.ErrorMessage).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId);
        _opensAt = options.OpensAt;
        _closesAt = options.ClosesAt;
        _dayTicks = (_closesAt - _opensAt).Ticks;
        foreach (var day in options.WorkingDays.Where(Enum.IsDefined))
        {
            _workingWeekdays[(int)day] = true;
        }

        _holidays = holidays;
    }

    /// <inheritdoc />
    public string Name => CalendarNames.OfficeHours;

    /// <summary>
    /// Adds <paramref name="duration"/> in office time. Counting starts at <see cref="NextOpening"/> of
    /// <paramref name="start"/>. Years and months move the local date (then counting starts at the next opening);
    /// each day is a working day at the same time of day; the time part counts working time only. An end that falls
    /// exactly at closing time stays there.
    /// </summary>
    /// <returns>The due instant, with the office's offset.</returns>
    public DateTimeOffset Add(DateTimeOffset start, IsoDuration duration)
    {
        var cursor = start;
        if (duration.Years != 0 || duration.Months != 0)
        {
            var moved = ToLocal(start).DateTime.AddYears(duration.Years).AddMonths(duration.Months);
            cursor = At(DateOnly.FromDateTime(moved), TimeOnly.FromDateTime(moved));
        }

        var opening = ToLocal(NextOpening(cursor)).DateTime;
        var date = DateOnly.FromDateTime(opening);
        var time = TimeOnly.FromDateTime(opening);

        // NextOpening puts the time of day inside office hours, so it exists on every working day.
        for (var i = 0; i < duration.Days; i++)
        {
            date = NextWorkingDay(date);
        }

        var remaining = duration.Time.Ticks;
        var leftToday = (_closesAt - time).Ticks;
        if (remaining <= leftToday)
        {
            return At(date, time.Add(TimeSpan.FromTicks(remaining)));
        }

        remaining -= leftToday;
        date = NextWorkingDay(date);

        // Whole office days are taken in one step; what is left (more than zero, at most one day) falls on the
        // last day, so an end at closing time stays on that day.
        var wholeDays = (remaining - 1) / _dayTicks;
        remaining -= wholeDays * _dayTicks;
        for (var i = 0L; i < wholeDays; i++)
        {
            date = NextWorkingDay(date);
        }

        return At(date, _opensAt.Add(TimeSpan.FromTicks(remaining)));
    }

    /// <summary>Whether the office is open on <paramref name="localDate"/>: a working day of the week and not a holiday.</summary>
    /// <param name="localDate">A date in the office's time zone.</param>
    public bool IsWorkingDay(DateOnly localDate) =>
        _workingWeekdays[(int)localDate.DayOfWeek] && !_holidays.IsHoliday(localDate);

    /// <summary>
    /// The first instant at or after <paramref name="instant"/> at which the office is open: the instant itself
    /// when it is inside office hours (closing time itself is outside), otherwise the next opening time.
    /// </summary>
    /// <returns>The instant, with the office's offset.</returns>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (IsWorkingDay(date))
        {
            if (time < _opensAt)
            {
                return At(date, _opensAt);
            }

            if (time < _closesAt)
            {
                return local;
            }
        }

        return At(NextWorkingDay(date), _opensAt);
    }

    private DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    // A local time skipped by a daylight-saving change gets the offset from before the change, which moves it
    // forward by the change; office hours rarely meet such a gap (Indonesia has none).
    private DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    private DateOnly NextWorkingDay(DateOnly date)
    {
        for (var i = 1; i <= MaxDaysSearched; i++)
        {
            var candidate = date.AddDays(i);
            if (IsWorkingDay(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(TimerText.Format(
            TimerText.OfficeHoursNoWorkingDayAhead,
            date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            MaxDaysSearched));
    }
}
