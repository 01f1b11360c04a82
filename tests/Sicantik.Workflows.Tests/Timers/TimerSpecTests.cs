using System.Globalization;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Timers;

public sealed class TimerSpecTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, Wib);
    private static readonly WallClockCalendar WallClock = new();

    private static TimerSpec Parse(TimerKind kind, string text)
    {
        Assert.True(TimerSpec.TryParse(kind, text, out var spec, out var error), error);
        Assert.Null(error);
        return Assert.IsType<TimerSpec>(spec);
    }

    private static string Refuse(TimerKind kind, string? text)
    {
        Assert.False(TimerSpec.TryParse(kind, text, out var spec, out var error));
        Assert.Null(spec);
        return Assert.IsType<string>(error);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    // Duration

    [Fact]
    public void TryParse_ReturnsDuration_WhenKindIsDuration()
    {
        var spec = Parse(TimerKind.Duration, "PT10M");

        Assert.Equal(TimerKind.Duration, spec.Kind);
        Assert.Equal(IsoDuration.FromTimeSpan(TimeSpan.FromMinutes(10)), spec.Duration);
        Assert.Null(spec.Date);
        Assert.Null(spec.Repetitions);
        Assert.Null(spec.CycleStart);
        Assert.Null(spec.CycleEnd);
        Assert.Equal("PT10M", spec.ToString());
    }

    [Fact]
    public void FirstDue_AddsDurationInCalendar_WhenKindIsDuration()
    {
        var spec = Parse(TimerKind.Duration, "P1DT2H");

        Assert.Equal(new DateTimeOffset(2026, 1, 6, 11, 0, 0, Wib), spec.FirstDue(Now, WallClock));
    }

    [Fact]
    public void NextDue_IsNull_WhenKindIsDuration()
    {
        var spec = Parse(TimerKind.Duration, "PT10M");

        Assert.Null(spec.NextDue(spec.FirstDue(Now, WallClock), 1, WallClock));
    }

    [Fact]
    public void TryParse_PassesDurationReason_WhenDurationIsInvalid()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal("\"PT5X\" bukan durasi ISO 8601 (contoh: PT10M, P1DT2H).", Refuse(TimerKind.Duration, "PT5X"));
        Assert.StartsWith("\"-PT5M\" adalah durasi negatif", Refuse(TimerKind.Duration, "-PT5M"), StringComparison.Ordinal);
        Assert.StartsWith("\"10 menit\" bukan durasi ISO 8601", Refuse(TimerKind.Duration, "10 menit"), StringComparison.Ordinal);
    }

    // Date

    [Theory]
    [InlineData("2026-01-05T08:00:00+07:00", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T01:00:00Z", "2026-01-05T01:00:00Z")]
    [InlineData("2026-01-05t01:00:00z", "2026-01-05T01:00:00Z")]
    [InlineData("2026-01-05T01:00:00+00:00", "2026-01-05T01:00:00Z")]
    [InlineData("2026-01-05T08:00+07:00", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+0700", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00+07", "2026-01-05T08:00:00+07:00")]
    [InlineData("2026-01-05T08:00:00.5+07:00", "2026-01-05T08:00:00.5+07:00")]
    [InlineData("2026-01-05T08:00:00,25+07:00", "2026-01-05T08:00:00.25+07:00")]
    [InlineData("2026-01-05T08:00:00-03:30", "2026-01-05T08:00:00-03:30")]
    [InlineData(" 2026-01-05T08:00:00+09:00 ", "2026-01-05T08:00:00+09:00")]
    public void TryParse_ReturnsInstant_WhenKindIsDateWithOffset(string text, string canonical)
    {
        var spec = Parse(TimerKind.Date, text);

        Assert.Equal(TimerKind.Date, spec.Kind);
        Assert.Equal(At(canonical), spec.Date);
        Assert.Equal(At(canonical).Offset, spec.Date!.Value.Offset);
        Assert.Null(spec.Duration);
        Assert.Equal(canonical, spec.ToString());
    }

    [Theory]
    [InlineData("2026-01-05T08:00:00")]
    [InlineData("2026-01-05T08:00")]
    [InlineData("2026-01-05")]
    public void TryParse_RefusesWithZoneReason_WhenDateHasNoOffset(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        var error = Refuse(TimerKind.Date, text);

        Assert.StartsWith($"\"{text}\" tidak menyebut zona waktu; zona kantor dan server bisa berbeda", error, StringComparison.Ordinal);
        Assert.Contains("+07:00", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30T08:00:00+07:00")]
    [InlineData("2026-13-01T08:00:00+07:00")]
    [InlineData("2026-01-05T24:00:00+07:00")]
    [InlineData("2026-01-05T08:60:00+07:00")]
    [InlineData("2026-01-05T08:00:60+07:00")]
    [InlineData("2026-01-05T08:00:00+15:00")]
    [InlineData("2026-01-05T08:00:00+07:75")]
    [InlineData("2026-01-05+07:00")]
    [InlineData("05/01/2026 08:00")]
    [InlineData("PT5M")]
    [InlineData("besok pagi")]
    [InlineData("0000-01-01T00:00:00+07:00")]
    public void TryParse_RefusesWithDateReason_WhenDateIsInvalid(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal(
            $"\"{text}\" bukan tanggal-waktu ISO 8601 (contoh: 2026-01-05T08:00:00+07:00).",
            Refuse(TimerKind.Date, text));
    }

    [Fact]
    public void FirstDue_IsTheDate_WhenDateIsInThePast()
    {
        var spec = Parse(TimerKind.Date, "2025-12-31T23:00:00+07:00");

        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 0, 0, Wib), spec.FirstDue(Now, WallClock));
        Assert.Null(spec.NextDue(spec.FirstDue(Now, WallClock), 1, WallClock));
    }

    [Fact]
    public void FirstDue_IgnoresCalendar_WhenKindIsDate()
    {
        // A Saturday: a date is an instant, not an amount of office time.
        var spec = Parse(TimerKind.Date, "2026-01-10T10:00:00+07:00");
        var officeHours = new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None);

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 10, 0, 0, Wib), spec.FirstDue(Now, officeHours));
    }

    // Cycle

    [Fact]
    public void TryParse_ReturnsCycle_WhenRepetitionsAndInterval()
    {
        var spec = Parse(TimerKind.Cycle, "R3/PT5M");

        Assert.Equal(TimerKind.Cycle, spec.Kind);
        Assert.Equal(3, spec.Repetitions);
        Assert.Equal(IsoDuration.Parse("PT5M"), spec.Duration);
        Assert.Null(spec.CycleStart);
        Assert.Null(spec.CycleEnd);
        Assert.Null(spec.Date);
        Assert.Equal("R3/PT5M", spec.ToString());
    }

    [Fact]
    public void TryParse_ReturnsUnboundedCycle_WhenRepetitionsAreOmitted()
    {
        var spec = Parse(TimerKind.Cycle, "R/P1D");

        Assert.Null(spec.Repetitions);
        Assert.Equal(IsoDuration.Parse("P1D"), spec.Duration);
        Assert.Equal("R/P1D", spec.ToString());
    }

    [Fact]
    public void TryParse_ReturnsCycleWithStart_WhenStartComesBeforeInterval()
    {
        var spec = Parse(TimerKind.Cycle, "R3/2026-01-05T08:00:00+07:00/PT5M");

        Assert.Equal(3, spec.Repetitions);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 8, 0, 0, Wib), spec.CycleStart);
        Assert.Null(spec.CycleEnd);
        Assert.Equal(IsoDuration.Parse("PT5M"), spec.Duration);
        Assert.Equal("R3/2026-01-05T08:00:00+07:00/PT5M", spec.ToString());
    }

    [Fact]
    public void TryParse_ReturnsCycleWithEnd_WhenEndComesAfterInterval()
    {
        var spec = Parse(TimerKind.Cycle, "R3/PT5M/2026-01-05T09:00:00Z");

        Assert.Equal(3, spec.Repetitions);
        Assert.Null(spec.CycleStart);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero), spec.CycleEnd);
        Assert.Equal("R3/PT5M/2026-01-05T09:00:00Z", spec.ToString());
    }

    [Theory]
    [InlineData("r3/pt5m", "R3/PT5M")]
    [InlineData("R3/PT300S", "R3/PT5M")]
    [InlineData("R/P1W", "R/P7D")]
    [InlineData("R03/PT5M", "R3/PT5M")]
    [InlineData("R2/2026-01-05T08:00+07:00/PT1H", "R2/2026-01-05T08:00:00+07:00/PT1H")]
    public void ToString_IsCanonical_WhenCycleIsWrittenOtherwise(string text, string canonical)
    {
        var spec = Parse(TimerKind.Cycle, text);

        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, Parse(TimerKind.Cycle, spec.ToString()));
    }

    [Theory]
    [InlineData(TimerKind.Duration, "P1Y2M3DT4H5M6.5S")]
    [InlineData(TimerKind.Date, "2026-01-05T08:00:00.1234567+07:00")]
    [InlineData(TimerKind.Cycle, "R/PT1H")]
    [InlineData(TimerKind.Cycle, "R10/2026-01-05T08:00:00Z/P1D")]
    [InlineData(TimerKind.Cycle, "R10/P1D/2026-02-05T08:00:00+07:00")]
    public void ToString_RoundTrips_WhenTextIsCanonical(TimerKind kind, string text)
    {
        var spec = Parse(kind, text);

        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, Parse(kind, spec.ToString()));
    }

    [Fact]
    public void TryParse_SuggestsRepetitions_WhenCycleIsPlainDuration()
    {
        using var culture = UiCultureScope.Indonesian();

        var error = Refuse(TimerKind.Cycle, "PT5M");

        Assert.Equal(
            "\"PT5M\" bukan siklus: awali dengan jumlah pengulangan, misalnya R3/PT5M (tiga kali tiap 5 menit) atau R/PT5M (tanpa batas).",
            error);
    }

    [Fact]
    public void TryParse_RefusesZeroRepetitions_WhenCycleIsR0()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal("\"R0/PT5M\": jumlah pengulangan harus minimal 1 (contoh: R3/PT5M).", Refuse(TimerKind.Cycle, "R0/PT5M"));
    }

    [Fact]
    public void TryParse_RefusesZeroInterval_WhenCycleIntervalIsZero()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal("\"R3/PT0S\": interval siklus tidak boleh nol (contoh: R3/PT5M).", Refuse(TimerKind.Cycle, "R3/PT0S"));
    }

    [Theory]
    [InlineData("Rx/PT5M")]
    [InlineData("R-1/PT5M")]
    [InlineData("R+3/PT5M")]
    [InlineData("R99999999999/PT5M")]
    public void TryParse_RefusesRepetitions_WhenCountIsNotANumber(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.StartsWith($"\"{text}\": jumlah pengulangan harus bilangan bulat setelah R", Refuse(TimerKind.Cycle, text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("R3")]
    [InlineData("R3/PT5M/2026-01-05T09:00:00Z/PT5M")]
    [InlineData("R3/PT5M/PT5M")]
    [InlineData("setiap 5 menit")]
    public void TryParse_RefusesCycle_WhenShapeIsWrong(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.StartsWith($"\"{text}\" bukan siklus ISO 8601", Refuse(TimerKind.Cycle, text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("R3/2026-01-05T08:00:00Z/2026-01-05T09:00:00Z")]
    [InlineData("R3/5 menit")]
    public void TryParse_AsksForInterval_WhenCycleHasNoDuration(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.StartsWith($"\"{text}\": siklus harus menyebut interval berupa durasi", Refuse(TimerKind.Cycle, text), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PassesReason_WhenCyclePartIsInvalid()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.StartsWith("\"-PT5M\" adalah durasi negatif", Refuse(TimerKind.Cycle, "R3/-PT5M"), StringComparison.Ordinal);
        Assert.Equal("\"PT5X\" bukan durasi ISO 8601 (contoh: PT10M, P1DT2H).", Refuse(TimerKind.Cycle, "R3/PT5X"));
        Assert.StartsWith(
            "\"2026-01-05T08:00:00\" tidak menyebut zona waktu",
            Refuse(TimerKind.Cycle, "R3/2026-01-05T08:00:00/PT5M"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void NextDue_FiresThreeTimesThenNull_WhenCycleIsR3()
    {
        var spec = Parse(TimerKind.Cycle, "R3/PT5M");

        var first = spec.FirstDue(Now, WallClock);
        var second = spec.NextDue(first, 1, WallClock);
        var third = spec.NextDue(second!.Value, 2, WallClock);
        var none = spec.NextDue(third!.Value, 3, WallClock);

        Assert.Equal(Now.AddMinutes(5), first);
        Assert.Equal(Now.AddMinutes(10), second);
        Assert.Equal(Now.AddMinutes(15), third);
        Assert.Null(none);
    }

    [Fact]
    public void NextDue_IsNull_WhenCycleIsR1AndFiredOnce()
    {
        var spec = Parse(TimerKind.Cycle, "R1/PT5M");

        Assert.Null(spec.NextDue(spec.FirstDue(Now, WallClock), 1, WallClock));
    }

    [Fact]
    public void NextDue_NeverEnds_WhenCycleIsUnbounded()
    {
        var spec = Parse(TimerKind.Cycle, "R/PT1H");

        var due = spec.FirstDue(Now, WallClock);
        for (var fired = 1; fired <= 1000; fired++)
        {
            due = spec.NextDue(due, fired, WallClock) ?? throw new InvalidOperationException($"Ended after {fired}.");
        }

        Assert.Equal(Now.AddHours(1001), due);
    }

    [Fact]
    public void FirstDue_IsTheStart_WhenCycleHasStart()
    {
        var spec = Parse(TimerKind.Cycle, "R3/2026-01-05T08:00:00+07:00/PT5M");
        var start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, Wib);

        var first = spec.FirstDue(Now, WallClock);

        Assert.Equal(start, first);
        Assert.Equal(start.AddMinutes(5), spec.NextDue(first, 1, WallClock));
        Assert.Equal(start.AddMinutes(10), spec.NextDue(start.AddMinutes(5), 2, WallClock));
        Assert.Null(spec.NextDue(start.AddMinutes(10), 3, WallClock));
    }

    [Fact]
    public void NextDue_StopsAtEnd_WhenCycleHasEnd()
    {
        // 09:05, 09:10, 09:15; 09:20 is after the end.
        var spec = Parse(TimerKind.Cycle, "R10/PT5M/2026-01-05T02:17:00Z");

        var first = spec.FirstDue(Now, WallClock);
        var second = spec.NextDue(first, 1, WallClock);
        var third = spec.NextDue(second!.Value, 2, WallClock);

        Assert.Equal(Now.AddMinutes(5), first);
        Assert.Equal(Now.AddMinutes(10), second);
        Assert.Equal(Now.AddMinutes(15), third);
        Assert.Null(spec.NextDue(third!.Value, 3, WallClock));
    }

    [Fact]
    public void NextDue_FiresAtEnd_WhenNextDueIsExactlyTheEnd()
    {
        var spec = Parse(TimerKind.Cycle, "R/PT5M/2026-01-05T09:10:00+07:00");

        var first = spec.FirstDue(Now, WallClock);
        var second = spec.NextDue(first, 1, WallClock);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 10, 0, Wib), second);
        Assert.Null(spec.NextDue(second!.Value, 2, WallClock));
    }

    [Fact]
    public void NextDue_CountsOfficeHours_WhenCalendarIsOfficeHours()
    {
        var spec = Parse(TimerKind.Cycle, "R/PT1H");
        var officeHours = new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None);

        var first = spec.FirstDue(new DateTimeOffset(2026, 1, 9, 15, 30, 0, Wib), officeHours);
        var second = spec.NextDue(first, 1, officeHours);

        Assert.Equal(new DateTimeOffset(2026, 1, 12, 8, 30, 0, Wib), first);
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 9, 30, 0, Wib), second);
    }

    // Any kind

    [Theory]
    [InlineData(TimerKind.Cycle, "0 0 * * *")]
    [InlineData(TimerKind.Cycle, "0 */5 8-16 ? * MON-FRI")]
    [InlineData(TimerKind.Cycle, "0 0 12 * * ? 2026")]
    [InlineData(TimerKind.Duration, "*/5 * * * *")]
    [InlineData(TimerKind.Date, "0 8 5 1 *")]
    public void TryParse_RefusesCron_WhenTextIsCronExpression(TimerKind kind, string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.StartsWith($"\"{text}\" tampak seperti ekspresi cron, yang tidak didukung", Refuse(kind, text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimerKind.Duration, null)]
    [InlineData(TimerKind.Date, "")]
    [InlineData(TimerKind.Cycle, "  \n ")]
    public void TryParse_RefusesAsEmpty_WhenTextIsBlank(TimerKind kind, string? text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal("Definisi timer kosong.", Refuse(kind, text));
    }

    [Fact]
    public void TryParse_RefusesKind_WhenKindIsUndefined()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.Equal("Jenis timer \"99\" tidak dikenal.", Refuse((TimerKind)99, "PT5M"));
    }

    [Fact]
    public void TryParse_ExplainsInEnglish_WhenUiCultureIsEnglish()
    {
        using var culture = UiCultureScope.English();

        Assert.Equal("\"R0/PT5M\": the number of repetitions must be at least 1 (for example R3/PT5M).", Refuse(TimerKind.Cycle, "R0/PT5M"));
    }

    [Fact]
    public void FirstDueAndNextDue_Throw_WhenCalendarIsNull()
    {
        var spec = Parse(TimerKind.Cycle, "R3/PT5M");

        Assert.Throws<ArgumentNullException>(() => spec.FirstDue(Now, null!));
        Assert.Throws<ArgumentNullException>(() => spec.NextDue(Now, 1, null!));
    }

    // Wall clock

    [Fact]
    public void Name_IsWallClock_WhenWallClockCalendar()
    {
        Assert.Equal(CalendarNames.WallClock, WallClock.Name);
    }

    [Theory]
    [InlineData("2026-01-09T15:55:00+07:00", "PT10M", "2026-01-09T16:05:00+07:00")]
    [InlineData("2026-01-10T10:00:00+07:00", "P1D", "2026-01-11T10:00:00+07:00")]
    [InlineData("2026-01-31T10:00:00+07:00", "P1MT1H", "2026-02-28T11:00:00+07:00")]
    [InlineData("2026-01-05T10:00:00Z", "PT1000H", "2026-02-16T02:00:00Z")]
    public void Add_CountsEveryMinute_WhenWallClockCalendar(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), WallClock.Add(At(start), IsoDuration.Parse(duration)));
    }
}
