namespace Sicantik.Workflows.Timers;

/// <summary>Holidays given as a fixed set of dates (for example the national holidays and collective leave of a year).</summary>
public sealed class FixedHolidays : IHolidayProvider
{
    private readonly HashSet<DateOnly> _dates;

    /// <summary>Creates a provider for which exactly <paramref name="dates"/> are holidays.</summary>
    /// <param name="dates">Local dates in the office's time zone; duplicates are ignored.</param>
    public FixedHolidays(IEnumerable<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        _dates = [.. dates];
    }

    /// <summary>No holidays at all.</summary>
    public static FixedHolidays None { get; } = new([]);

    /// <summary>The holidays, in no particular order.</summary>
    public IReadOnlyCollection<DateOnly> Dates => _dates;

    /// <inheritdoc />
    public bool IsHoliday(DateOnly localDate) => _dates.Contains(localDate);
}
