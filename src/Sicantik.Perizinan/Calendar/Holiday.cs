namespace Sicantik.Perizinan.Calendar;

/// <summary>
/// A day the office is closed (a national holiday or collective leave, <i>cuti bersama</i>), entered by an administrator:
/// an office-hours baku mutu counts no time on it.
/// </summary>
public sealed class Holiday
{
    /// <summary>The date in the office's time zone; one row per date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>What the day is (keterangan), for example "Hari Raya Idulfitri 1451 H".</summary>
    public string Name { get; set; } = "";

    /// <summary>The administrator who entered it (user id).</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
