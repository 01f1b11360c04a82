using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sicantik.Workflows.Timers;

/// <summary>The three kinds of BPMN timer definition.</summary>
public enum TimerKind
{
    /// <summary><c>timeDuration</c>: fires once, a duration after the timer starts (for example <c>PT10M</c>).</summary>
    Duration,

    /// <summary><c>timeDate</c>: fires once at an instant (for example <c>2026-01-05T08:00:00+07:00</c>).</summary>
    Date,

    /// <summary><c>timeCycle</c>: fires repeatedly (for example <c>R3/PT5M</c>).</summary>
    Cycle,
}

/// <summary>
/// A parsed BPMN timer definition: an ISO 8601 duration, date-time, or repeating interval. It answers when the
/// timer is first due and when it is due again after each firing, counting time in a business calendar.
/// </summary>
public sealed partial record TimerSpec
{
    // A cron expression has five to seven fields separated by spaces; ISO 8601 texts have no spaces.
    [GeneratedRegex(@"^\s*[0-9A-Za-z*?/,#\-]+(\s+[0-9A-Za-z*?/,#\-]+){4,6}\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CronLike();

    [GeneratedRegex(
        @"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})(?:[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:[.,](?<fraction>[0-9]{1,7}))?)?)?(?<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();

    private TimerSpec(TimerKind kind)
    {
        Kind = kind;
    }

    /// <summary>Which kind of definition this is.</summary>
    public TimerKind Kind { get; }

    /// <summary>For <see cref="TimerKind.Duration"/>, the duration; for <see cref="TimerKind.Cycle"/>, the interval between firings.</summary>
    public IsoDuration? Duration { get; private init; }

    /// <summary>For <see cref="TimerKind.Date"/>, the instant it fires.</summary>
    public DateTimeOffset? Date { get; private init; }

    /// <summary>For <see cref="TimerKind.Cycle"/>, how many times it fires (<c>R3</c> is 3); <see langword="null"/> when unbounded (<c>R/</c>).</summary>
    public int? Repetitions { get; private init; }

    /// <summary>For <see cref="TimerKind.Cycle"/> written as <c>R3/2026-01-05T08:00:00+07:00/PT5M</c>, the first firing.</summary>
    public DateTimeOffset? CycleStart { get; private init; }

    /// <summary>For <see cref="TimerKind.Cycle"/> written as <c>R3/PT5M/2026-01-05T09:00:00Z</c>, the instant after which it fires no more.</summary>
    public DateTimeOffset? CycleEnd { get; private init; }

    /// <summary>
    /// Parses the text of a timer definition of the given kind: an ISO 8601 duration (<c>PT10M</c>), a date-time with
    /// an offset (<c>2026-01-05T08:00:00+07:00</c>), or a cycle (<c>R3/PT5M</c>, <c>R/PT1H</c>,
    /// <c>R3/2026-01-05T08:00:00+07:00/PT5M</c>, <c>R3/PT5M/2026-01-05T09:00:00Z</c>). Cron expressions are refused.
    /// </summary>
    /// <param name="kind">The kind of definition.</param>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <param name="spec">The parsed definition, or <see langword="null"/> when refused.</param>
    /// <param name="error">Why the text is refused (in the user's language), or <see langword="null"/>.</param>
    /// <returns>Whether the text is a valid definition of that kind.</returns>
    public static bool TryParse(
        TimerKind kind,
        string? text,
        [NotNullWhen(true)] out TimerSpec? spec,
        [NotNullWhen(false)] out string? error)
    {
        spec = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = TimerText.Format(TimerText.TimerEmpty);
            return false;
        }

        if (CronLike().IsMatch(trimmed))
        {
            error = TimerText.Format(TimerText.CronNotSupported, trimmed);
            return false;
        }

        switch (kind)
        {
            case TimerKind.Duration:
                if (IsoDuration.TryParse(trimmed, out var duration, out error))
                {
                    spec = new TimerSpec(kind) { Duration = duration };
                }

                break;
            case TimerKind.Date:
                if (TryParseDate(trimmed, out var date, out error))
                {
                    spec = new TimerSpec(kind) { Date = date };
                }

                break;
            case TimerKind.Cycle:
                spec = ParseCycle(trimmed, out error);
                break;
            default:
                error = TimerText.Format(TimerText.TimerKindUnknown, kind);
                break;
        }

        return spec is not null;
    }

    /// <summary>
    /// When the timer is first due, for a timer that starts at <paramref name="now"/>. A date in the past, or a
    /// cycle start in the past, is returned as it is: the timer is due at once.
    /// </summary>
    /// <remarks>
    /// The first firing of a cycle is not checked against <see cref="CycleEnd"/>; a caller that must not fire a
    /// cycle whose end has already passed compares the two.
    /// </remarks>
    /// <param name="now">When the timer starts (for example when the process reaches the timer event).</param>
    /// <param name="calendar">The calendar that counts durations and intervals.</param>
    public DateTimeOffset FirstDue(DateTimeOffset now, IBusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Kind switch
        {
            TimerKind.Duration => calendar.Add(now, Duration!.Value),
            TimerKind.Date => Date!.Value,
            _ => CycleStart ?? calendar.Add(now, Duration!.Value),
        };
    }

    /// <summary>
    /// When the timer is due again after a firing, or <see langword="null"/> when it is done: a duration or a
    /// date fires once; a cycle stops after its repetitions, or when the next firing would be after its end.
    /// </summary>
    /// <param name="previousDue">
    /// The due time of the firing that just happened (not the moment it actually ran, so a late firing does not
    /// shift the ones after it).
    /// </param>
    /// <param name="timesFired">How many times the timer has fired, that firing included.</param>
    /// <param name="calendar">The calendar that counts the interval.</param>
    public DateTimeOffset? NextDue(DateTimeOffset previousDue, int timesFired, IBusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (Kind != TimerKind.Cycle || (Repetitions is { } limit && timesFired >= limit))
        {
            return null;
        }

        var next = calendar.Add(previousDue, Duration!.Value);
        return CycleEnd is { } end && next > end ? null : next;
    }

    /// <summary>The canonical ISO 8601 text of the definition, for example <c>PT10M</c> or <c>R3/PT5M</c>.</summary>
    public override string ToString() => Kind switch
    {
        TimerKind.Duration => Duration!.Value.ToString(),
        TimerKind.Date => FormatDate(Date!.Value),
        _ => string.Concat(
            "R",
            Repetitions?.ToString(CultureInfo.InvariantCulture),
            CycleStart is { } start ? "/" + FormatDate(start) : string.Empty,
            "/",
            Duration!.Value.ToString(),
            CycleEnd is { } end ? "/" + FormatDate(end) : string.Empty),
    };

    private static TimerSpec? ParseCycle(string text, out string? error)
    {
        if (text[0] is not ('R' or 'r'))
        {
            error = TimerText.Format(
                IsoDuration.TryParse(text, out _, out _) ? TimerText.CycleWithoutRepetitions : TimerText.CycleInvalid,
                text);
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length is not (2 or 3))
        {
            error = TimerText.Format(TimerText.CycleInvalid, text);
            return null;
        }

        int? repetitions = null;
        if (parts[0].Length > 1)
        {
            if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                error = TimerText.Format(TimerText.CycleRepetitionsInvalid, text);
                return null;
            }

            if (count == 0)
            {
                error = TimerText.Format(TimerText.CycleRepetitionsZero, text);
                return null;
            }

            repetitions = count;
        }

        // The interval is the part written as a duration: R/interval, R/start/interval or R/interval/end.
        var intervalIndex = parts.Length == 2 || IsDurationText(parts[1]) ? 1 : 2;
        if (!IsDurationText(parts[intervalIndex]))
        {
            error = TimerText.Format(TimerText.CycleWithoutInterval, text);
            return null;
        }

        if (!IsoDuration.TryParse(parts[intervalIndex], out var interval, out error))
        {
            return null;
        }

        if (interval.IsZero)
        {
            error = TimerText.Format(TimerText.CycleIntervalZero, text);
            return null;
        }

        DateTimeOffset? start = null, end = null;
        if (parts.Length == 3)
        {
            var dateIndex = intervalIndex == 1 ? 2 : 1;
            if (IsDurationText(parts[dateIndex]))
            {
                error = TimerText.Format(TimerText.CycleInvalid, text);
                return null;
            }

            if (!TryParseDate(parts[dateIndex], out var date, out error))
            {
                return null;
            }

            if (dateIndex == 1)
            {
                start = date;
            }
            else
            {
                end = date;
            }
        }

        error = null;
        return new TimerSpec(TimerKind.Cycle)
        {
            Duration = interval,
            Repetitions = repetitions,
            CycleStart = start,
            CycleEnd = end,
        };
    }

    // A duration starts with P, or with -P when it is negative (refused later with its own reason).
    private static bool IsDurationText(string part) =>
        part.StartsWith('P') || part.StartsWith('p') || part.StartsWith("-P", StringComparison.OrdinalIgnoreCase);

    private static bool TryParseDate(string text, out DateTimeOffset date, out string? error)
    {
        date = default;
        var match = IsoDateTime().Match(text);
        if (!match.Success)
        {
            error = TimerText.Format(TimerText.DateInvalid, text);
            return false;
        }

        if (!match.Groups["offset"].Success)
        {
            error = TimerText.Format(TimerText.DateWithoutOffset, text);
            return false;
        }

        if (!match.Groups["hour"].Success)
        {
            error = TimerText.Format(TimerText.DateInvalid, text);
            return false;
        }

        var offsetText = match.Groups["offset"].Value;
        int offsetHours = 0, offsetMinutes = 0;
        if (offsetText is not ("Z" or "z"))
        {
            var digits = offsetText.Replace(":", string.Empty, StringComparison.Ordinal);
            offsetHours = Number(digits.AsSpan(1, 2));
            offsetMinutes = digits.Length > 3 ? Number(digits.AsSpan(3, 2)) : 0;
            if (digits[0] == '-')
            {
                offsetHours = -offsetHours;
                offsetMinutes = -offsetMinutes;
            }
        }

        var fraction = match.Groups["fraction"].Value;
        var year = Number(match.Groups["year"].ValueSpan);
        var month = Number(match.Groups["month"].ValueSpan);
        var day = Number(match.Groups["day"].ValueSpan);
        var hour = Number(match.Groups["hour"].ValueSpan);
        var minute = Number(match.Groups["minute"].ValueSpan);
        var second = match.Groups["second"].Success ? Number(match.Groups["second"].ValueSpan) : 0;
        var ticks = fraction.Length == 0 ? 0 : Number(fraction.PadRight(7, '0'));

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59
            || Math.Abs(offsetMinutes) > 59 || Math.Abs((offsetHours * 60) + offsetMinutes) > 14 * 60)
        {
            error = TimerText.Format(TimerText.DateInvalid, text);
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            error = TimerText.Format(TimerText.DateInvalid, text);
            return false;
        }

        date = new DateTimeOffset(local, offset);
        error = null;
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits) =>
        int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string FormatDate(DateTimeOffset date)
    {
        var format = date.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";
        var text = date.ToString(format, CultureInfo.InvariantCulture);
        return date.Offset == TimeSpan.Zero
            ? text + "Z"
            : text + date.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
