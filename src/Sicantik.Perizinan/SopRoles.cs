namespace Sicantik.Perizinan;

/// <summary>
/// The roles of the SOP. Staff roles are the lanes' <c>sicantik:candidateGroups</c> in <c>workflows/penerbitan-izin.bpmn</c>;
/// an applicant holds <see cref="Pemohon"/>; <see cref="Admin"/> maintains accounts, permit types and the process.
/// </summary>
public static class SopRoles
{
    public const string Pemohon = "pemohon";
    public const string FoPendaftaran = "fo-pendaftaran";
    public const string BoAnalis = "bo-analis";
    public const string KasiPerizinan = "kasi-perizinan";
    public const string KabidPerizinan = "kabid-perizinan";
    public const string Kadis = "kadis";
    public const string FoPengambilan = "fo-pengambilan";
    public const string FoPengaduan = "fo-pengaduan";
    public const string Admin = "admin";

    /// <summary>Roles an admin gives to staff accounts, in the order of the SOP.</summary>
    public static IReadOnlyList<string> Staff { get; } =
        [FoPendaftaran, BoAnalis, KasiPerizinan, KabidPerizinan, Kadis, FoPengambilan, FoPengaduan, Admin];

    /// <summary>Every role, the applicant's first.</summary>
    public static IReadOnlyList<string> All { get; } = [Pemohon, .. Staff];

    /// <summary>Roles that read the office's reports (the IKM): the heads of section, division and agency, and admins.</summary>
    public static IReadOnlyList<string> Supervisors { get; } = [KasiPerizinan, KabidPerizinan, Kadis, Admin];

    /// <summary>Roles that work SOP tasks from an inbox.</summary>
    public static IReadOnlySet<string> Clerks { get; } = new HashSet<string>(Staff.Where(r => r != Admin), StringComparer.Ordinal);
}
