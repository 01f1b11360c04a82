namespace Sicantik.Perizinan.Survey;

/// <summary>Where a survey was filled.</summary>
public enum SurveyChannel
{
    /// <summary>By the applicant in the portal.</summary>
    Portal,

    /// <summary>At the counter's kiosk page.</summary>
    Kiosk,
}

/// <summary>How the channel is written in the instance variable <c>skmMelalui</c>.</summary>
public static class SurveyChannelNames
{
    public const string Portal = "portal";
    public const string Kiosk = "kiosk";

    public static string Of(SurveyChannel channel) => channel == SurveyChannel.Kiosk ? Kiosk : Portal;
}

/// <summary>
/// One filled satisfaction survey (SKM), kept anonymous for reports: it records the permit type and the day, never the
/// applicant or the application, and no time finer than the day that could join it to the step's completion.
/// </summary>
public sealed class SurveyResponse
{
    /// <summary>A random id (never a time-ordered one, which would carry the moment of submission).</summary>
    public Guid Id { get; set; }

    public string PermitTypeCode { get; set; } = string.Empty;

    /// <summary>The start of the office's day the survey was filled on (see <see cref="DayOf"/>).</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    public SurveyChannel Channel { get; set; }

    /// <summary>The nine elements' ratings, 1 (tidak baik) to 4 (sangat baik).</summary>
    public int U1 { get; set; }

    public int U2 { get; set; }

    public int U3 { get; set; }

    public int U4 { get; set; }

    public int U5 { get; set; }

    public int U6 { get; set; }

    public int U7 { get; set; }

    public int U8 { get; set; }

    public int U9 { get; set; }

    public string? Suggestion { get; set; }

    /// <summary>The start of the office's day (in <paramref name="zone"/>) that holds <paramref name="instant"/>.</summary>
    public static DateTimeOffset DayOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var midnight = TimeZoneInfo.ConvertTime(instant, zone).Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    /// <summary>The ratings in element order (u1..u9).</summary>
    public IReadOnlyList<int> Ratings => [U1, U2, U3, U4, U5, U6, U7, U8, U9];
}
