using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Timers;

// January 2026: Monday 5, Tuesday 6, ... Friday 9, Saturday 10, Sunday 11, Monday 12 (a holiday in some tests).
public sealed class OfficeHoursCalendarTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);
    private static readonly DateOnly HolidayMonday = new(2026, 1, 12);

    private static readonly OfficeHoursCalendar Office = new(new OfficeHoursOptions(), FixedHolidays.None);
    private static readonly OfficeHoursCalendar OfficeWithHoliday = new(new OfficeHoursOptions(), new FixedHolidays([HolidayMonday]));

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateTimeOffset Jan(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, Wib);

    [Theory]
    [InlineData("2026-01-05T09:00:00+07:00", "PT2H", "2026-01-05T11:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+07:00", "PT1M", "2026-01-05T08:01:00+07:00")]
    [InlineData("2026-01-05T10:15:30+07:00", "PT0.5S", "2026-01-05T10:15:30.5+07:00")]
    public void Add_StaysInTheDay_WhenDurationFitsBeforeClosing(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Theory]
    [InlineData("2026-01-05T15:55:00+07:00", "PT10M", "2026-01-06T08:05:00+07:00")]
    [InlineData("2026-01-05T14:00:00+07:00", "PT3H", "2026-01-06T09:00:00+07:00")]
    [InlineData("2026-01-05T09:00:00+07:00", "PT8H", "2026-01-06T09:00:00+07:00")]
    [InlineData("2026-01-05T09:00:00+07:00", "PT20H", "2026-01-07T13:00:00+07:00")]
    public void Add_ContinuesNextMorning_WhenDurationCrossesClosingTime(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Theory]
    [InlineData("2026-01-05T20:00:00+07:00", "PT1H", "2026-01-06T09:00:00+07:00")]
    [InlineData("2026-01-06T02:30:00+07:00", "PT1H", "2026-01-06T09:00:00+07:00")]
    [InlineData("2026-01-05T16:00:00+07:00", "PT10M", "2026-01-06T08:10:00+07:00")]
    public void Add_CountsFromNextMorning_WhenStartIsAfterClosingTime(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Theory]
    [InlineData("2026-01-05T06:00:00+07:00", "PT30M", "2026-01-05T08:30:00+07:00")]
    [InlineData("2026-01-05T07:59:59+07:00", "PT1H", "2026-01-05T09:00:00+07:00")]
    public void Add_CountsFromOpening_WhenStartIsBeforeOpening(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Theory]
    [InlineData("2026-01-09T15:00:00+07:00", "PT2H", "2026-01-12T09:00:00+07:00")]
    [InlineData("2026-01-09T09:00:00+07:00", "PT16H", "2026-01-13T09:00:00+07:00")]
    public void Add_SkipsWeekend_WhenDurationCrossesWeekend(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Fact]
    public void Add_SkipsHoliday_WhenDurationCrossesHoliday()
    {
        Assert.Equal(Jan(13, 9), OfficeWithHoliday.Add(Jan(9, 15), IsoDuration.Parse("PT2H")));
    }

    [Theory]
    [InlineData("2026-01-10T10:00:00+07:00", "PT10M", "2026-01-12T08:10:00+07:00")]
    [InlineData("2026-01-11T23:59:00+07:00", "PT10M", "2026-01-12T08:10:00+07:00")]
    [InlineData("2026-01-09T16:30:00+07:00", "PT10M", "2026-01-12T08:10:00+07:00")]
    public void Add_CountsFromMonday_WhenStartIsOnWeekend(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Fact]
    public void Add_CountsFromNextWorkingDay_WhenStartIsOnHoliday()
    {
        Assert.Equal(Jan(13, 8, 10), OfficeWithHoliday.Add(Jan(12, 10), IsoDuration.Parse("PT10M")));
        Assert.Equal(Jan(13, 8, 10), OfficeWithHoliday.Add(Jan(10, 10), IsoDuration.Parse("PT10M")));
    }

    [Theory]
    [InlineData("2026-01-05T15:00:00+07:00", "PT1H", "2026-01-05T16:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+07:00", "PT8H", "2026-01-05T16:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+07:00", "PT16H", "2026-01-06T16:00:00+07:00")]
    [InlineData("2026-01-05T15:00:00+07:00", "PT9H", "2026-01-06T16:00:00+07:00")]
    [InlineData("2026-01-09T08:00:00+07:00", "PT16H", "2026-01-12T16:00:00+07:00")]
    [InlineData("2026-01-10T08:00:00+07:00", "PT8H", "2026-01-12T16:00:00+07:00")]
    public void Add_EndsAtClosingTime_WhenDurationEndsExactlyAtClosing(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Theory]
    [InlineData("2026-01-06T10:00:00+07:00", "P1D", "2026-01-07T10:00:00+07:00")]
    [InlineData("2026-01-09T10:00:00+07:00", "P1D", "2026-01-12T10:00:00+07:00")]
    [InlineData("2026-01-05T10:00:00+07:00", "P5D", "2026-01-12T10:00:00+07:00")]
    [InlineData("2026-01-10T10:00:00+07:00", "P1D", "2026-01-13T08:00:00+07:00")]
    [InlineData("2026-01-06T17:00:00+07:00", "P1D", "2026-01-08T08:00:00+07:00")]
    [InlineData("2026-01-06T15:00:00+07:00", "P1DT2H", "2026-01-08T09:00:00+07:00")]
    [InlineData("2026-01-06T15:30:00+07:00", "P1DT30M", "2026-01-07T16:00:00+07:00")]
    public void Add_CountsWorkingDays_WhenDurationHasDays(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Fact]
    public void Add_SkipsHoliday_WhenDaysCrossHoliday()
    {
        Assert.Equal(Jan(13, 10), OfficeWithHoliday.Add(Jan(9, 10), IsoDuration.Parse("P1D")));
    }

    [Fact]
    public void Add_CountsSevenWorkingDays_WhenDurationIsOneWeek()
    {
        // Weeks fold into days, and each day is a working day: Tuesday 6 plus seven working days is Thursday 15.
        Assert.Equal(Jan(15, 10), Office.Add(Jan(6, 10), IsoDuration.Parse("P1W")));
        Assert.Equal(Jan(16, 10), OfficeWithHoliday.Add(Jan(6, 10), IsoDuration.Parse("P1W")));
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+07:00", "P1M", "2026-02-05T10:00:00+07:00")]
    [InlineData("2026-01-30T10:00:00+07:00", "P1M", "2026-03-02T08:00:00+07:00")]
    [InlineData("2026-01-05T10:00:00+07:00", "P1Y", "2027-01-05T10:00:00+07:00")]
    [InlineData("2026-01-05T17:00:00+07:00", "P1M", "2026-02-06T08:00:00+07:00")]
    [InlineData("2026-01-05T10:00:00+07:00", "P1MT7H", "2026-02-06T09:00:00+07:00")]
    public void Add_MovesLocalDate_WhenDurationHasYearsOrMonths(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), IsoDuration.Parse(duration)));
    }

    [Fact]
    public void Add_EndsOnClosingOf125thWorkingDay_WhenDurationIsPT1000H()
    {
        var holidays = new CountingHolidays();
        var calendar = new OfficeHoursCalendar(new OfficeHoursOptions(), holidays);

        // 1000 hours are 125 office days of 8 hours: 25 weeks from Monday 5 January to Friday 26 June.
        var due = calendar.Add(Jan(5, 8), IsoDuration.Parse("PT1000H"));

        Assert.Equal(new DateTimeOffset(2026, 6, 26, 16, 0, 0, Wib), due);
        Assert.InRange(holidays.Calls, 1, 400);
    }

    [Fact]
    public void Add_SkipsHolidaysInBulk_WhenDurationIsLong()
    {
        var holidays = new FixedHolidays([new DateOnly(2026, 3, 20), new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 14)]);
        var calendar = new OfficeHoursCalendar(new OfficeHoursOptions(), holidays);

        // Three holidays on weekdays push the end three working days on: Wednesday 1 July.
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 16, 0, 0, Wib), calendar.Add(Jan(5, 8), IsoDuration.Parse("PT1000H")));
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+07:00", "2026-01-05T10:00:00+07:00")]
    [InlineData("2026-01-10T10:00:00+07:00", "2026-01-12T08:00:00+07:00")]
    public void Add_IsNextOpening_WhenDurationIsZero(string start, string expected)
    {
        Assert.Equal(At(expected), Office.Add(At(start), default));
    }

    [Fact]
    public void Add_ReturnsOfficeOffset_WhenStartIsInUtc()
    {
        // 08:55 UTC is 15:55 in Jakarta.
        var due = Office.Add(At("2026-01-05T08:55:00Z"), IsoDuration.Parse("PT10M"));

        Assert.Equal(Jan(6, 8, 5), due);
        Assert.Equal(Wib, due.Offset);
    }

    [Fact]
    public void Add_UsesConfiguredHours_WhenOptionsAreCustom()
    {
        var options = new OfficeHoursOptions
        {
            TimeZoneId = "Asia/Makassar",
            OpensAt = new TimeOnly(7, 30),
            ClosesAt = new TimeOnly(12, 0),
            WorkingDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
        };
        var calendar = new OfficeHoursCalendar(options, FixedHolidays.None);
        var wita = TimeSpan.FromHours(8);

        var due = calendar.Add(new DateTimeOffset(2026, 1, 9, 11, 0, 0, wita), IsoDuration.Parse("PT2H"));

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 8, 30, 0, wita), due);
        Assert.Equal(wita, due.Offset);
    }

    [Theory]
    [InlineData("2026-01-05T10:00:00+07:00", "2026-01-05T10:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+07:00", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T15:59:59+07:00", "2026-01-05T15:59:59+07:00")]
    [InlineData("2026-01-05T07:00:00+07:00", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T16:00:00+07:00", "2026-01-06T08:00:00+07:00")]
    [InlineData("2026-01-09T18:00:00+07:00", "2026-01-12T08:00:00+07:00")]
    [InlineData("2026-01-11T12:00:00+07:00", "2026-01-12T08:00:00+07:00")]
    [InlineData("2026-01-05T03:00:00Z", "2026-01-05T10:00:00+07:00")]
    public void NextOpening_ReturnsOpenInstant_WhenGivenAnyInstant(string instant, string expected)
    {
        var opening = Office.NextOpening(At(instant));

        Assert.Equal(At(expected), opening);
        Assert.Equal(Wib, opening.Offset);
    }

    [Fact]
    public void NextOpening_SkipsHoliday_WhenInstantIsOnHoliday()
    {
        Assert.Equal(Jan(13, 8), OfficeWithHoliday.NextOpening(Jan(12, 9)));
        Assert.Equal(Jan(13, 8), OfficeWithHoliday.NextOpening(Jan(9, 16)));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(13, true)]
    public void IsWorkingDay_ExcludesWeekendsAndHolidays_WhenGivenDate(int day, bool expected)
    {
        Assert.Equal(expected, OfficeWithHoliday.IsWorkingDay(new DateOnly(2026, 1, day)));
    }

    [Fact]
    public void Name_IsOfficeHours_WhenOfficeHoursCalendar()
    {
        Assert.Equal(CalendarNames.OfficeHours, Office.Name);
    }

    [Fact]
    public void Add_Throws_WhenEveryDayIsHoliday()
    {
        var calendar = new OfficeHoursCalendar(new OfficeHoursOptions(), new EveryDayHoliday());

        Assert.Throws<InvalidOperationException>(() => calendar.Add(Jan(5, 9), IsoDuration.Parse("PT1H")));
    }

    // Options

    [Fact]
    public void Validate_FindsNoProblem_WhenOptionsAreDefault()
    {
        var options = new OfficeHoursOptions();

        Assert.Empty(options.Validate());
        Assert.Equal("Asia/Jakarta", options.TimeZoneId);
        Assert.Equal(new TimeOnly(8, 0), options.OpensAt);
        Assert.Equal(new TimeOnly(16, 0), options.ClosesAt);
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            options.WorkingDays);
    }

    [Fact]
    public void Validate_ReportsEveryProblem_WhenOptionsAreInvalid()
    {
        using var culture = UiCultureScope.Indonesian();
        var options = new OfficeHoursOptions
        {
            TimeZoneId = "Asia/Atlantis",
            OpensAt = new TimeOnly(16, 0),
            ClosesAt = new TimeOnly(8, 0),
            WorkingDays = [],
        };

        var messages = options.Validate().Select(result => result.ErrorMessage).ToList();

        Assert.Equal(
            [
                "Jam tutup kantor (08:00) harus setelah jam buka (16:00).",
                "Tentukan minimal satu hari kerja untuk jam kantor.",
                "Zona waktu \"Asia/Atlantis\" tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
            ],
            messages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_ReportsMissingZone_WhenTimeZoneIsBlank(string zone)
    {
        using var culture = UiCultureScope.Indonesian();

        var result = Assert.Single(new OfficeHoursOptions { TimeZoneId = zone }.Validate());

        Assert.Equal("Zona waktu kantor belum diisi (contoh: Asia/Jakarta).", result.ErrorMessage);
        Assert.Equal([nameof(OfficeHoursOptions.TimeZoneId)], result.MemberNames);
    }

    [Fact]
    public void Validate_ReportsClosing_WhenClosesAtEqualsOpensAt()
    {
        var options = new OfficeHoursOptions { OpensAt = new TimeOnly(8, 0), ClosesAt = new TimeOnly(8, 0) };

        Assert.Single(options.Validate());
    }

    [Fact]
    public void Validator_UsesValidatableObject_WhenValidatingWithDataAnnotations()
    {
        var options = new OfficeHoursOptions { WorkingDays = [] };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Single(results);
    }

    [Fact]
    public void Constructor_Throws_WhenOptionsAreInvalid()
    {
        using var culture = UiCultureScope.Indonesian();

        var exception = Assert.Throws<ArgumentException>(
            () => new OfficeHoursCalendar(new OfficeHoursOptions { ClosesAt = new TimeOnly(7, 0) }, FixedHolidays.None));

        Assert.StartsWith("Jam tutup kantor (07:00) harus setelah jam buka (08:00).", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ReplacesDefaultWorkingDays_WhenConfigurationListsDays()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workflows:OfficeHours:TimeZoneId"] = "Asia/Jayapura",
                ["Workflows:OfficeHours:OpensAt"] = "07:30",
                ["Workflows:OfficeHours:ClosesAt"] = "15:30",
                ["Workflows:OfficeHours:WorkingDays:0"] = "Monday",
                ["Workflows:OfficeHours:WorkingDays:1"] = "Tuesday",
                ["Workflows:OfficeHours:WorkingDays:2"] = "Wednesday",
                ["Workflows:OfficeHours:WorkingDays:3"] = "Thursday",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddOptions<OfficeHoursOptions>()
            .BindConfiguration(OfficeHoursOptions.SectionName)
            .ValidateDataAnnotations()
            .Services
            .BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<OfficeHoursOptions>>().Value;

        Assert.Equal("Asia/Jayapura", options.TimeZoneId);
        Assert.Equal(new TimeOnly(7, 30), options.OpensAt);
        Assert.Equal(new TimeOnly(15, 30), options.ClosesAt);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], options.WorkingDays);
    }

    [Fact]
    public void Bind_FailsValidation_WhenConfiguredHoursAreInvalid()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:OfficeHours:TimeZoneId"] = "Nowhere/Never" })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddOptions<OfficeHoursOptions>()
            .BindConfiguration(OfficeHoursOptions.SectionName)
            .ValidateDataAnnotations()
            .Services
            .BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OfficeHoursOptions>>().Value);
    }

    [Fact]
    public void WorkingDays_KeepDefaults_WhenDayIsRemovedInCode()
    {
        var options = new OfficeHoursOptions();

        options.WorkingDays.Remove(DayOfWeek.Friday);
        options.WorkingDays.Add(DayOfWeek.Saturday);

        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Saturday],
            options.WorkingDays);
    }

    // Holidays

    [Fact]
    public void IsHoliday_MatchesOnlyGivenDates_WhenFixedHolidays()
    {
        var holidays = new FixedHolidays([HolidayMonday, HolidayMonday]);

        Assert.True(holidays.IsHoliday(HolidayMonday));
        Assert.False(holidays.IsHoliday(HolidayMonday.AddDays(1)));
        Assert.Single(holidays.Dates);
        Assert.False(FixedHolidays.None.IsHoliday(HolidayMonday));
    }

    private sealed class CountingHolidays : IHolidayProvider
    {
        public int Calls { get; private set; }

        public bool IsHoliday(DateOnly localDate)
        {
            Calls++;
            return false;
        }
    }

    private sealed class EveryDayHoliday : IHolidayProvider
    {
        public bool IsHoliday(DateOnly localDate) => true;
    }
}
