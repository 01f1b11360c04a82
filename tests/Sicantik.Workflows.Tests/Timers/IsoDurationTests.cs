using System.Globalization;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Timers;

public sealed class IsoDurationTests
{
    [Theory]
    [InlineData("PT10M", 0, 0, 0, "00:10:00")]
    [InlineData("P1DT2H", 0, 0, 1, "02:00:00")]
    [InlineData("P1Y2M3DT4H5M6.5S", 1, 2, 3, "04:05:06.5")]
    [InlineData("P2W", 0, 0, 14, "00:00:00")]
    [InlineData("P1W2D", 0, 0, 9, "00:00:00")]
    [InlineData("P1Y", 1, 0, 0, "00:00:00")]
    [InlineData("P3M", 0, 3, 0, "00:00:00")]
    [InlineData("PT1M", 0, 0, 0, "00:01:00")]
    [InlineData("P1M", 0, 1, 0, "00:00:00")]
    [InlineData("pt10m", 0, 0, 0, "00:10:00")]
    [InlineData("p1dt2h", 0, 0, 1, "02:00:00")]
    [InlineData("PT1.5H", 0, 0, 0, "01:30:00")]
    [InlineData("PT2,5M", 0, 0, 0, "00:02:30")]
    [InlineData("PT1,25S", 0, 0, 0, "00:00:01.25")]
    [InlineData("PT36H", 0, 0, 0, "1.12:00:00")]
    [InlineData("PT0S", 0, 0, 0, "00:00:00")]
    [InlineData("P0D", 0, 0, 0, "00:00:00")]
    [InlineData("  PT10M\n", 0, 0, 0, "00:10:00")]
    public void TryParse_ReturnsParts_WhenTextIsValid(string text, int years, int months, int days, string time)
    {
        var ok = IsoDuration.TryParse(text, out var duration, out var error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal(new IsoDuration(years, months, days, TimeSpan.Parse(time, CultureInfo.InvariantCulture)), duration);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("p")]
    public void TryParse_RefusesWithNoAmount_WhenTextHasNoComponent(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.Equal($"\"{text}\" tidak menyebut jumlah waktu apa pun; tulis misalnya PT10M (10 menit) atau P1DT2H (1 hari 2 jam).", error);
    }

    [Fact]
    public void TryParse_RefusesWithNotIso_WhenDesignatorIsUnknown()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse("PT5X", out _, out var error));
        Assert.Equal("\"PT5X\" bukan durasi ISO 8601 (contoh: PT10M, P1DT2H).", error);
    }

    [Theory]
    [InlineData("10 menit")]
    [InlineData("5M")]
    [InlineData("P5")]
    [InlineData("PT5")]
    [InlineData("PT5M10H")]
    [InlineData("PT10M10M")]
    [InlineData("P1M1Y")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("PTT5M")]
    [InlineData("P1DT2HT")]
    [InlineData("P.5D")]
    [InlineData("PT.5S")]
    [InlineData("PT5.S")]
    [InlineData("PT5MM")]
    [InlineData("+PT5M")]
    [InlineData("PT 5M")]
    [InlineData("PT5m3")]
    [InlineData("PT٥M")]
    [InlineData("R3/PT5M")]
    public void TryParse_RefusesWithNotIso_WhenTextIsGarbage(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out var duration, out var error));
        Assert.Equal($"\"{text}\" bukan durasi ISO 8601 (contoh: PT10M, P1DT2H).", error);
        Assert.Equal(default, duration);
    }

    [Theory]
    [InlineData("-PT5M")]
    [InlineData("-P1D")]
    public void TryParse_RefusesAsNegative_WhenTextStartsWithMinus(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.Equal($"\"{text}\" adalah durasi negatif; durasi timer tidak boleh negatif (contoh: PT10M, P1DT2H).", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_RefusesAsEmpty_WhenTextIsBlank(string? text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.Equal("Durasi kosong; tulis durasi ISO 8601 (contoh: PT10M, P1DT2H).", error);
    }

    [Fact]
    public void TryParse_RefusesWithTimeMissing_WhenTIsLast()
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse("P1DT", out _, out var error));
        Assert.Equal("\"P1DT\": setelah huruf T harus ada jam, menit, atau detik (contoh: P1DT2H).", error);
    }

    [Theory]
    [InlineData("PT1.5H30M")]
    [InlineData("PT0,5M10S")]
    public void TryParse_RefusesFraction_WhenFractionIsNotLast(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.StartsWith($"\"{text}\": hanya komponen terakhir yang boleh berpecahan", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P1.5D")]
    [InlineData("P0,5Y")]
    [InlineData("P1.5W")]
    public void TryParse_RefusesFraction_WhenFractionIsOnDatePart(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.StartsWith($"\"{text}\": pecahan hanya boleh pada jam, menit, atau detik", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P99999999999Y")]
    [InlineData("P3000000000D")]
    [InlineData("P400000000W")]
    [InlineData("PT99999999999999H")]
    [InlineData("PT123456789012345678901S")]
    public void TryParse_RefusesAsTooLarge_WhenNumberDoesNotFit(string text)
    {
        using var culture = UiCultureScope.Indonesian();

        Assert.False(IsoDuration.TryParse(text, out _, out var error));
        Assert.Equal($"\"{text}\" terlalu besar untuk sebuah durasi timer.", error);
    }

    [Fact]
    public void TryParse_ExplainsInEnglish_WhenUiCultureIsEnglish()
    {
        using var culture = UiCultureScope.English();

        Assert.False(IsoDuration.TryParse("PT5X", out _, out var error));
        Assert.Equal("\"PT5X\" is not an ISO 8601 duration (for example PT10M, P1DT2H).", error);
    }

    [Fact]
    public void Parse_ThrowsFormatExceptionWithReason_WhenTextIsInvalid()
    {
        using var culture = UiCultureScope.Indonesian();

        var exception = Assert.Throws<FormatException>(() => IsoDuration.Parse("PT5X"));

        Assert.Equal("\"PT5X\" bukan durasi ISO 8601 (contoh: PT10M, P1DT2H).", exception.Message);
    }

    [Fact]
    public void Parse_ReturnsDuration_WhenTextIsValid()
    {
        Assert.Equal(new IsoDuration(0, 0, 1, TimeSpan.FromHours(2)), IsoDuration.Parse("P1DT2H"));
    }

    [Theory]
    [InlineData("PT10M", "PT10M")]
    [InlineData("P1DT2H", "P1DT2H")]
    [InlineData("P1Y2M3DT4H5M6.5S", "P1Y2M3DT4H5M6.5S")]
    [InlineData("P2W", "P14D")]
    [InlineData("P1W2DT0S", "P9D")]
    [InlineData("pt10m", "PT10M")]
    [InlineData("PT90M", "PT1H30M")]
    [InlineData("PT1.5H", "PT1H30M")]
    [InlineData("PT0,25S", "PT0.25S")]
    [InlineData("PT36H", "PT36H")]
    [InlineData("PT0.0000001S", "PT0.0000001S")]
    [InlineData("PT1H0M5S", "PT1H5S")]
    [InlineData("P0D", "PT0S")]
    [InlineData("PT0S", "PT0S")]
    [InlineData("P1Y", "P1Y")]
    [InlineData("P0Y0M1D", "P1D")]
    public void ToString_IsCanonical_WhenParsedFromEquivalentText(string text, string expected)
    {
        var duration = IsoDuration.Parse(text);

        Assert.Equal(expected, duration.ToString());
    }

    [Theory]
    [InlineData("PT10M")]
    [InlineData("P1DT2H")]
    [InlineData("P1Y2M3DT4H5M6.5S")]
    [InlineData("P14D")]
    [InlineData("PT0.0000001S")]
    [InlineData("PT0S")]
    [InlineData("PT1000H")]
    public void Parse_RoundTrips_WhenGivenCanonicalText(string text)
    {
        var duration = IsoDuration.Parse(text);

        Assert.Equal(text, duration.ToString());
        Assert.Equal(duration, IsoDuration.Parse(duration.ToString()));
    }

    [Fact]
    public void FromTimeSpan_KeepsOnlyTime_WhenGivenTimeSpan()
    {
        var duration = IsoDuration.FromTimeSpan(TimeSpan.FromMinutes(135));

        Assert.Equal(new IsoDuration(0, 0, 0, TimeSpan.FromMinutes(135)), duration);
        Assert.Equal("PT2H15M", duration.ToString());
        Assert.False(duration.HasCalendarPart);
    }

    [Fact]
    public void FromTimeSpan_Throws_WhenTimeIsNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IsoDuration.FromTimeSpan(TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void Constructor_Throws_WhenAPartIsNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoDuration(-1, 0, 0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoDuration(0, -1, 0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoDuration(0, 0, -1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsoDuration(0, 0, 0, TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void With_Throws_WhenAPartBecomesNegative()
    {
        var duration = IsoDuration.Parse("P1D");

        Assert.Throws<ArgumentOutOfRangeException>(() => duration with { Days = -1 });
        Assert.Equal(IsoDuration.Parse("P2D"), duration with { Days = 2 });
    }

    [Theory]
    [InlineData("PT0S", true, false)]
    [InlineData("P0Y0M0DT0H", true, false)]
    [InlineData("PT1S", false, false)]
    [InlineData("P1D", false, true)]
    [InlineData("P1M", false, true)]
    [InlineData("P1Y", false, true)]
    [InlineData("P1DT1H", false, true)]
    public void IsZeroAndHasCalendarPart_DescribeParts_WhenParsed(string text, bool isZero, bool hasCalendarPart)
    {
        var duration = IsoDuration.Parse(text);

        Assert.Equal(isZero, duration.IsZero);
        Assert.Equal(hasCalendarPart, duration.HasCalendarPart);
    }

    [Fact]
    public void IsZero_IsTrue_WhenDefault()
    {
        Assert.True(default(IsoDuration).IsZero);
        Assert.Equal("PT0S", default(IsoDuration).ToString());
    }

    [Theory]
    [InlineData("2026-01-05T15:55:00+07:00", "PT10M", "2026-01-05T16:05:00+07:00")]
    [InlineData("2026-01-05T10:00:00+07:00", "P1DT2H", "2026-01-06T12:00:00+07:00")]
    [InlineData("2026-01-31T10:00:00+07:00", "P1M", "2026-02-28T10:00:00+07:00")]
    [InlineData("2024-02-29T10:00:00+07:00", "P1Y", "2025-02-28T10:00:00+07:00")]
    [InlineData("2026-01-05T10:00:00+07:00", "P1Y2M3DT4H5M6.5S", "2027-03-08T14:05:06.5+07:00")]
    [InlineData("2026-01-09T10:00:00+07:00", "P1W", "2026-01-16T10:00:00+07:00")]
    public void AddTo_AddsOnWallClock_WhenGivenStart(string start, string duration, string expected)
    {
        var result = IsoDuration.Parse(duration).AddTo(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), result);
        Assert.Equal(TimeSpan.FromHours(7), result.Offset);
    }
}
