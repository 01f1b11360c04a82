using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Sicantik.Workflows.Timers;

/// <summary>
/// An ISO 8601 duration (<c>PnYnMnWnDTnHnMnS</c>). The calendar parts (years, months, days) are kept apart
/// from the time part because a business calendar counts them differently: a day is a working day, an hour
/// is an hour of office time. Weeks are folded into days (one week = seven days). Every part is non-negative.
/// </summary>
/// <param name="Years">Whole years.</param>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days (weeks included, seven days each).</param>
/// <param name="Time">The hours, minutes and seconds.</param>
public readonly record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    private const int DesignatorYears = 0;
    private const int DesignatorMonths = 1;
    private const int DesignatorWeeks = 2;
    private const int DesignatorDays = 3;
    private const int DesignatorHours = 4;
    private const int DesignatorMinutes = 5;
    private const int DesignatorSeconds = 6;

    private static readonly long[] TicksPerTimeUnit = [TimeSpan.TicksPerHour, TimeSpan.TicksPerMinute, TimeSpan.TicksPerSecond];

    /// <summary>Whole years; never negative.</summary>
    public int Years { get; init => field = NonNegative(value, nameof(Years)); } = NonNegative(Years, nameof(Years));

    /// <summary>Whole months; never negative.</summary>
    public int Months { get; init => field = NonNegative(value, nameof(Months)); } = NonNegative(Months, nameof(Months));

    /// <summary>Whole days, weeks included; never negative.</summary>
    public int Days { get; init => field = NonNegative(value, nameof(Days)); } = NonNegative(Days, nameof(Days));

    /// <summary>The hours, minutes and seconds; never negative.</summary>
    public TimeSpan Time { get; init => field = NonNegative(value, nameof(Time)); } = NonNegative(Time, nameof(Time));

    /// <summary>Whether every part is zero.</summary>
    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    /// <summary>Whether the years, months or days are non-zero.</summary>
    public bool HasCalendarPart => Years != 0 || Months != 0 || Days != 0;

    /// <summary>A duration of only hours, minutes and seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is negative.</exception>
    public static IsoDuration FromTimeSpan(TimeSpan time) => new(0, 0, 0, time);

    /// <summary>Parses an ISO 8601 duration such as <c>PT10M</c> or <c>P1DT2H</c>.</summary>
    /// <exception cref="FormatException">The text is not a non-negative ISO 8601 duration; the message says why.</exception>
    public static IsoDuration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>
    /// Parses an ISO 8601 duration (<c>PnYnMnWnDTnHnMnS</c>, letters in either case). Only the last component
    /// may have a fraction (with '.' or ','), and only when it is hours, minutes or seconds.
    /// </summary>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <param name="duration">The duration, or zero when the text is refused.</param>
    /// <param name="error">Why the text is refused (in the user's language), or <see langword="null"/>.</param>
    /// <returns>Whether the text is a valid duration.</returns>
    public static bool TryParse(string? text, out IsoDuration duration, [NotNullWhen(false)] out string? error)
    {
        duration = default;
        var s = text.AsSpan().Trim();
        error = Scan(s, text ?? string.Empty, ref duration);
        return error is null;
    }

    /// <summary>
    /// Adds this duration to <paramref name="start"/> as on a wall clock: years, then months, then days, then the time,
    /// keeping the offset of <paramref name="start"/>.
    /// </summary>
    public DateTimeOffset AddTo(DateTimeOffset start) =>
        start.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    /// <summary>The canonical ISO 8601 text, for example <c>PT10M</c>, <c>P1DT2H</c> or <c>P1Y2M3DT4H5M6.5S</c>; zero is <c>PT0S</c>.</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "PT0S";
        }

        var text = new StringBuilder("P");
        AppendPart(text, Years, 'Y');
        AppendPart(text, Months, 'M');
        AppendPart(text, Days, 'D');
        if (Time > TimeSpan.Zero)
        {
            text.Append('T');
            var ticks = Time.Ticks;
            AppendPart(text, ticks / TimeSpan.TicksPerHour, 'H');
            AppendPart(text, ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute, 'M');
            var secondTicks = ticks % TimeSpan.TicksPerMinute;
            if (secondTicks != 0)
            {
                text.Append((secondTicks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture));
                var fraction = secondTicks % TimeSpan.TicksPerSecond;
                if (fraction != 0)
                {
                    text.Append('.').Append(fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0'));
                }

                text.Append('S');
            }
        }

        return text.ToString();
    }

    private static void AppendPart(StringBuilder text, long value, char designator)
    {
        if (value != 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(designator);
        }
    }

    private static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A duration part cannot be negative.");

    private static TimeSpan NonNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "A duration part cannot be negative.");

    // Returns the reason the text is refused, or null with the duration set.
    private static string? Scan(ReadOnlySpan<char> s, string original, ref IsoDuration duration)
    {
        if (s.IsEmpty)
        {
            return TimerText.Format(TimerText.DurationEmpty);
        }

        if (s[0] == '-')
        {
            return TimerText.Format(TimerText.DurationNegative, original.Trim());
        }

        if (s[0] is not ('P' or 'p'))
        {
            return Invalid(original);
        }

        long years = 0, months = 0, weeks = 0, days = 0;
        decimal timeTicks = 0;
        var inTime = false;
        var sawComponent = false;
        var sawTimeComponent = false;
        var sawFraction = false;
        var lastDesignator = -1;
        var i = 1;
        while (i < s.Length)
        {
            if (s[i] is 'T' or 't')
            {
                if (inTime)
                {
                    return Invalid(original);
                }

                inTime = true;
                i++;
                continue;
            }

            if (sawFraction)
            {
                return TimerText.Format(TimerText.DurationFractionNotLast, original.Trim());
            }

            var digitsStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var whole = s[digitsStart..i];
            if (whole.IsEmpty)
            {
                return Invalid(original);
            }

            var fraction = ReadOnlySpan<char>.Empty;
            if (i < s.Length && s[i] is '.' or ',')
            {
                var fractionStart = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fraction = s[fractionStart..i];
                if (fraction.IsEmpty)
                {
                    return Invalid(original);
                }

                sawFraction = true;
            }

            if (i >= s.Length)
            {
                return Invalid(original);
            }

            var designator = Designator(char.ToUpperInvariant(s[i]), inTime);
            i++;
            if (designator <= lastDesignator)
            {
                // Unknown letter, or components out of order or repeated.
                return Invalid(original);
            }

            lastDesignator = designator;
            sawComponent = true;
            sawTimeComponent |= inTime;

            if (designator < DesignatorHours)
            {
                if (!fraction.IsEmpty)
                {
                    return TimerText.Format(TimerText.DurationFractionOnDatePart, original.Trim());
                }

                if (whole.Length > 10 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return TimerText.Format(TimerText.DurationTooLarge, original.Trim());
                }

                switch (designator)
                {
                    case DesignatorYears: years = value; break;
                    case DesignatorMonths: months = value; break;
                    case DesignatorWeeks: weeks = value; break;
                    default: days = value; break;
                }
            }
            else
            {
                // Decimal keeps the fraction exact; more than 20 digits cannot fit in a TimeSpan anyway.
                if (whole.Length + fraction.Length > 20)
                {
                    return TimerText.Format(TimerText.DurationTooLarge, original.Trim());
                }

                var number = decimal.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
                if (!fraction.IsEmpty)
                {
                    number += decimal.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture)
                        / Pow10(fraction.Length);
                }

                var unitTicks = TicksPerTimeUnit[designator - DesignatorHours];
                if (number > (decimal)TimeSpan.MaxValue.Ticks / unitTicks)
                {
                    return TimerText.Format(TimerText.DurationTooLarge, original.Trim());
                }

                timeTicks += number * unitTicks;
                if (timeTicks > TimeSpan.MaxValue.Ticks)
                {
                    return TimerText.Format(TimerText.DurationTooLarge, original.Trim());
                }
            }
        }

        if (!sawComponent)
        {
            return TimerText.Format(TimerText.DurationNoComponents, original.Trim());
        }

        if (inTime && !sawTimeComponent)
        {
            return TimerText.Format(TimerText.DurationTimeDesignatorWithoutTime, original.Trim());
        }

        days += weeks * 7;
        if (years > int.MaxValue || months > int.MaxValue || days > int.MaxValue)
        {
            return TimerText.Format(TimerText.DurationTooLarge, original.Trim());
        }

        // Sub-tick digits (beyond 100 ns) are rounded away.
        duration = new IsoDuration((int)years, (int)months, (int)days, new TimeSpan((long)decimal.Round(timeTicks)));
        return null;
    }

    private static int Designator(char letter, bool inTime) => (letter, inTime) switch
    {
        ('Y', false) => DesignatorYears,
        ('M', false) => DesignatorMonths,
        ('W', false) => DesignatorWeeks,
        ('D', false) => DesignatorDays,
        ('H', true) => DesignatorHours,
        ('M', true) => DesignatorMinutes,
        ('S', true) => DesignatorSeconds,
        _ => -1,
    };

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    private static string Invalid(string original) => TimerText.Format(TimerText.DurationInvalid, original.Trim());
}
