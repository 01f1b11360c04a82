using System.Collections.ObjectModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sicantik.Workflows.Timers;

/// <summary>
/// The office's opening hours, bound from the configuration section <see cref="SectionName"/>. Validated with
/// data annotations (<see cref="IValidatableObject"/>), so <c>ValidateDataAnnotations()</c> checks it at start-up.
/// </summary>
public sealed class OfficeHoursOptions : IValidatableObject
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Workflows:OfficeHours";

    /// <summary>The office's time zone, an IANA id such as <c>Asia/Jakarta</c> (WIB, UTC+7).</summary>
    public string TimeZoneId { get; set; } = "Asia/Jakarta";

    /// <summary>When the office opens on a working day (local time).</summary>
    public TimeOnly OpensAt { get; set; } = new(8, 0);

    /// <summary>When the office closes on a working day (local time); after <see cref="OpensAt"/>.</summary>
    public TimeOnly ClosesAt { get; set; } = new(16, 0);

    /// <summary>
    /// The days of the week the office is open, Monday to Friday by default; holidays come from an
    /// <see cref="IHolidayProvider"/>.
    /// </summary>
    /// <remarks>
    /// Configuration binding adds the configured days to the list it finds, so the default list gives way on the
    /// first day added to it: a configured list (say Monday to Thursday) is taken as written rather than merged
    /// with Monday to Friday. To add a day to the defaults in code, assign a new list.
    /// </remarks>
    [SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Bound from configuration.")]
    public IList<DayOfWeek> WorkingDays { get; set; } = new DefaultWorkingDays();

    /// <summary>Checks the options; each problem is described in the user's language.</summary>
    /// <returns>The problems found; none when the options are valid.</returns>
    public IEnumerable<ValidationResult> Validate() => Validate(new ValidationContext(this));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var problems = new List<ValidationResult>();
        if (ClosesAt <= OpensAt)
        {
            problems.Add(new ValidationResult(
                TimerText.Format(
                    TimerText.OfficeHoursClosesBeforeOpens,
                    OpensAt.ToString("HH:mm", CultureInfo.InvariantCulture),
                    ClosesAt.ToString("HH:mm", CultureInfo.InvariantCulture)),
                [nameof(OpensAt), nameof(ClosesAt)]));
        }

        if (WorkingDays is null || !WorkingDays.Any(Enum.IsDefined))
        {
            problems.Add(new ValidationResult(TimerText.Format(TimerText.OfficeHoursNoWorkingDays), [nameof(WorkingDays)]));
        }

        if (string.IsNullOrWhiteSpace(TimeZoneId))
        {
            problems.Add(new ValidationResult(TimerText.Format(TimerText.OfficeHoursTimeZoneMissing), [nameof(TimeZoneId)]));
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out _))
        {
            problems.Add(new ValidationResult(
                TimerText.Format(TimerText.OfficeHoursTimeZoneUnknown, TimeZoneId),
                [nameof(TimeZoneId)]));
        }

        return problems;
    }

    // Monday to Friday until someone adds a day: then only the added days.
    private sealed class DefaultWorkingDays : Collection<DayOfWeek>
    {
        private bool _isDefault = true;

        public DefaultWorkingDays()
            : base([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday])
        {
        }

        protected override void InsertItem(int index, DayOfWeek item)
        {
            if (_isDefault)
            {
                _isDefault = false;
                base.ClearItems();
                index = 0;
            }

            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DayOfWeek item)
        {
            _isDefault = false;
            base.SetItem(index, item);
        }

        protected override void RemoveItem(int index)
        {
            _isDefault = false;
            base.RemoveItem(index);
        }

        protected override void ClearItems()
        {
            _isDefault = false;
            base.ClearItems();
        }
    }
}
