using System.Resources;
using Sicantik.Workflows.Resources;

namespace Sicantik.Workflows.Timers;

/// <summary>The user-facing texts of timer definitions and business calendars.</summary>
internal static class TimerText
{
    public const string DurationEmpty = nameof(DurationEmpty);
    public const string DurationNegative = nameof(DurationNegative);
    public const string DurationInvalid = nameof(DurationInvalid);
    public const string DurationNoComponents = nameof(DurationNoComponents);
    public const string DurationTimeDesignatorWithoutTime = nameof(DurationTimeDesignatorWithoutTime);
    public const string DurationFractionNotLast = nameof(DurationFractionNotLast);
    public const string DurationFractionOnDatePart = nameof(DurationFractionOnDatePart);
    public const string DurationTooLarge = nameof(DurationTooLarge);
    public const string TimerEmpty = nameof(TimerEmpty);
    public const string TimerKindUnknown = nameof(TimerKindUnknown);
    public const string CronNotSupported = nameof(CronNotSupported);
    public const string DateInvalid = nameof(DateInvalid);
    public const string DateWithoutOffset = nameof(DateWithoutOffset);
    public const string CycleInvalid = nameof(CycleInvalid);
    public const string CycleWithoutRepetitions = nameof(CycleWithoutRepetitions);
    public const string CycleRepetitionsInvalid = nameof(CycleRepetitionsInvalid);
    public const string CycleRepetitionsZero = nameof(CycleRepetitionsZero);
    public const string CycleIntervalZero = nameof(CycleIntervalZero);
    public const string CycleWithoutInterval = nameof(CycleWithoutInterval);
    public const string OfficeHoursClosesBeforeOpens = nameof(OfficeHoursClosesBeforeOpens);
    public const string OfficeHoursNoWorkingDays = nameof(OfficeHoursNoWorkingDays);
    public const string OfficeHoursTimeZoneMissing = nameof(OfficeHoursTimeZoneMissing);
    public const string OfficeHoursTimeZoneUnknown = nameof(OfficeHoursTimeZoneUnknown);
    public const string OfficeHoursNoWorkingDayAhead = nameof(OfficeHoursNoWorkingDayAhead);

    private static readonly ResourceManager Resources =
        new("Sicantik.Workflows.Resources.TimerMessages", typeof(TimerText).Assembly);

    public static string Format(string key, params object?[] args) => LocalizedText.Format(Resources, key, args);
}
