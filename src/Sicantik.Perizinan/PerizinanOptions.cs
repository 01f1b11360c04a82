using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;

namespace Sicantik.Perizinan;

/// <summary>The permit domain's settings (section <c>Perizinan</c>).</summary>
public sealed class PerizinanOptions
{
    public const string SectionName = "Perizinan";

    /// <summary>
    /// Where uploaded files live: a folder outside any web root, content addressed by SHA-256. Relative paths are
    /// resolved against the current directory.
    /// </summary>
    [Required]
    public string FileStorePath { get; set; } = Path.Combine("data", "berkas");

    /// <summary>
    /// The registration number issued with the receipt (tanda terima). Tokens: <c>{seq}</c> or <c>{seq:0000}</c> (the
    /// per-year sequence, required), <c>{year}</c> (required: the sequence restarts every year), <c>{month}</c>,
    /// <c>{monthRoman}</c>, <c>{code}</c> (the permit type code).
    /// </summary>
    [Required]
    public string RegistrationNumberPattern { get; set; } = "503/{seq:0000}/DPMPTSP/{year}";

    /// <summary>The gap-free sequence the registration numbers are drawn from (one row per name and year).</summary>
    [Required]
    [StringLength(100)]
    public string RegistrationSequenceName { get; set; } = "pendaftaran";

    /// <summary>The number of the Nota Dinas drafted by the Kepala Seksi (sequence <c>nota-dinas</c>); same tokens.</summary>
    [Required]
    public string NotaDinasNumberPattern { get; set; } = "500.16/{seq:0000}/ND/DPMPTSP/{year}";

    /// <summary>The number of the decree (SK) drafted with it (sequence <c>sk</c>); same tokens.</summary>
    [Required]
    public string SkNumberPattern { get; set; } = "503/{seq:0000}/SK-{code}/DPMPTSP/{year}";

    /// <summary>
    /// How long a number drawn for a step stays the step's own while the step has not committed (it failed, or its
    /// node died). Past that, the next draw of the sequence takes the number over before it draws a new one, so that
    /// the sequence keeps no gap; a step that comes back later draws again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan NumberReservationLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The office's time zone: the year of a number and the times in the timeline are the office's.</summary>
    [Required]
    public string TimeZoneId { get; set; } = "Asia/Jakarta";

    /// <summary>How the office's time zone is written after a time (WIB, WITA, WIT).</summary>
    [Required]
    public string TimeZoneLabel { get; set; } = "WIB";

    /// <summary>The largest size limit an administrator may give a requirement.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequirementSizeBytes { get; set; } = 20L * 1024 * 1024;

    internal TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}

/// <summary>Checks what data annotations cannot: the number pattern's tokens and the time zone.</summary>
internal sealed class PerizinanOptionsValidator : IValidateOptions<PerizinanOptions>
{
    public ValidateOptionsResult Validate(string? name, PerizinanOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, pattern) in new[]
        {
            (nameof(options.RegistrationNumberPattern), options.RegistrationNumberPattern),
            (nameof(options.NotaDinasNumberPattern), options.NotaDinasNumberPattern),
            (nameof(options.SkNumberPattern), options.SkNumberPattern),
        })
        {
            if (RegistrationNumberFormat.Check(pattern) is { } problem)
            {
                failures.Add($"Perizinan:{key}: {problem}");
            }
        }

        try
        {
            _ = options.TimeZone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            failures.Add($"Perizinan:TimeZoneId '{options.TimeZoneId}' is not a known time zone.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
