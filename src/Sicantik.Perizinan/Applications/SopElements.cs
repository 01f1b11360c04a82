namespace Sicantik.Perizinan.Applications;

/// <summary>
/// The elements of <c>workflows/penerbitan-izin.bpmn</c> the domain reacts to. An administrator may change the process in
/// the designer; these ids are its contract with the domain and must be kept.
/// </summary>
public static class SopElements
{
    /// <summary>The applicant completes a file the registration counter found incomplete.</summary>
    public const string LengkapiBerkas = "Task_LengkapiBerkas";

    /// <summary>The applicant corrects a file the back office sent back.</summary>
    public const string PerbaikiBerkas = "Task_PerbaikiBerkas";

    /// <summary>The registration counter checks the file is complete (SOP step 5).</summary>
    public const string VerifikasiKelengkapan = "Task_VerifikasiKelengkapan";

    /// <summary>The Kepala Seksi validates (SOP step 7).</summary>
    public const string ValidasiKasi = "Task_ValidasiKasi";

    /// <summary>The Kepala Bidang approves or rejects (SOP step 8).</summary>
    public const string PersetujuanKabid = "Task_PersetujuanKabid";

    /// <summary>The Kepala Dinas approves the electronic signature of the SK.</summary>
    public const string TandaTanganKadis = "Task_TandaTanganKadis";

    /// <summary>The applicant fills the satisfaction survey.</summary>
    public const string IsiSkm = "Task_IsiSKM";

    /// <summary>The pickup counter prints the signed SK (step 10).</summary>
    public const string CetakSk = "Task_CetakSK";

    /// <summary>The complaints counter hands the SK over (step 12).</summary>
    public const string SerahkanSk = "Task_SerahkanSK";

    /// <summary>The end event of an issued permit.</summary>
    public const string EndTerbit = "End_Terbit";

    /// <summary>The terminate end event of a rejection.</summary>
    public const string EndDitolak = "End_Ditolak";

    /// <summary>Open steps that mean the Kepala Bidang approved.</summary>
    public static IReadOnlySet<string> AfterApproval { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TandaTanganKadis, CetakSk, IsiSkm, SerahkanSk,
    };

    /// <summary>The applicant's own steps that return the file to them.</summary>
    public static IReadOnlySet<string> ApplicantRevision { get; } = new HashSet<string>(StringComparer.Ordinal) { LengkapiBerkas, PerbaikiBerkas };
}

/// <summary>The service-task topics this domain serves (<c>camunda:topic</c>).</summary>
public static class SopTopics
{
    public const string TandaTerima = "tanda-terima";
    public const string NotaDinasPenolakan = "nota-dinas-penolakan";
    public const string DraftDokumen = "draft-dokumen";
    public const string TandaTanganSk = "tanda-tangan-sk";
    public const string Eskalasi = "eskalasi";
}

/// <summary>The instance variables the domain writes and reads.</summary>
public static class SopVariables
{
    /// <summary>The applicant's user id: the assignee of the applicant's tasks.</summary>
    public const string Pemohon = "pemohon";

    public const string NamaPemohon = "namaPemohon";

    /// <summary>The permit type code.</summary>
    public const string JenisIzin = "jenisIzin";

    public const string NamaIzin = "namaIzin";

    /// <summary>The application id (the business key).</summary>
    public const string NomorPermohonan = "nomorPermohonan";

    /// <summary>The registration number issued with the receipt.</summary>
    public const string NomorPendaftaran = "nomorPendaftaran";

    /// <summary>The clerk's notes when the file goes back to the applicant.</summary>
    public const string Catatan = "catatan";

    /// <summary>The Kepala Bidang's reason for a rejection.</summary>
    public const string Alasan = "alasan";

    /// <summary>The Nota Dinas number drawn by <c>draft-dokumen</c>.</summary>
    public const string NomorNotaDinas = "nomorNotaDinas";

    /// <summary>The SK number drawn by <c>draft-dokumen</c>.</summary>
    public const string NomorSk = "nomorSK";

    /// <summary>Who completed the Kepala Dinas's signature step (set with the completion by <c>StaffTaskService</c>).</summary>
    public const string KadisTaskCompletedBy = "kadis";

    /// <summary>Who completed the registration counter's check (the clerk on the receipt).</summary>
    public const string PetugasPendaftaran = "petugasPendaftaran";

    /// <summary>Who completed the Kepala Seksi's validation.</summary>
    public const string KasiTaskCompletedBy = "kasi";

    /// <summary>Who completed the Kepala Bidang's decision.</summary>
    public const string KabidTaskCompletedBy = "kabid";

    /// <summary>The rejection Nota Dinas's number, drawn by <c>nota-dinas-penolakan</c>.</summary>
    public const string NomorNotaDinasPenolakan = "nomorNotaDinasPenolakan";

    public const string SkDitandatanganiOleh = "skDitandatanganiOleh";

    public const string SkDitandatanganiPada = "skDitandatanganiPada";

    /// <summary>Who printed the SK (step 10, set by <c>StaffTaskService</c>).</summary>
    public const string SkDicetakOleh = "skDicetakOleh";

    public const string SkDicetakPada = "skDicetakPada";

    /// <summary>How many copies of the SK were printed.</summary>
    public const string JumlahCetak = "jumlahCetak";

    /// <summary>The printing clerk's note, when there is one.</summary>
    public const string CatatanCetak = "catatanCetak";

    /// <summary>Who handed the SK over (step 12, set by <c>StaffTaskService</c>).</summary>
    public const string SkDiserahkanOleh = "skDiserahkanOleh";

    public const string SkDiserahkanPada = "skDiserahkanPada";

    /// <summary>The name of the person who received the SK.</summary>
    public const string PenerimaSk = "penerimaSK";

    /// <summary><c>pemohon</c> or <c>kuasa</c>.</summary>
    public const string PenerimaSebagai = "penerimaSebagai";

    /// <summary>The recipient's identity document: <c>KTP</c>, <c>SIM</c>, <c>PASPOR</c> or <c>KITAS</c>.</summary>
    public const string JenisIdentitasPenerima = "jenisIdentitasPenerima";

    public const string NomorIdentitasPenerima = "nomorIdentitasPenerima";

    /// <summary>The power of attorney a proxy showed (its number or date), when a proxy received the SK.</summary>
    public const string SuratKuasa = "suratKuasa";

    /// <summary>The handing-over clerk's note, when there is one.</summary>
    public const string CatatanPenyerahan = "catatanPenyerahan";

    /// <summary>
    /// <c>true</c> once the applicant filled the survey: the only trace of it beside their name. The answers stay in the
    /// anonymous survey store; instances of older versions held them as <c>skm</c> and <c>skmSaran</c>, which the
    /// migration <c>RemoveSurveyAnswersFromInstances</c> removed.
    /// </summary>
    public const string SkmDiisi = "skmDiisi";

    /// <summary>Where the survey was filled: <c>portal</c> or <c>kiosk</c>.</summary>
    public const string SkmMelalui = "skmMelalui";

    /// <summary>The clerk who opened the counter's kiosk for the applicant, when it was filled there.</summary>
    public const string SkmKioskDibukaOleh = "skmKioskDibukaOleh";
}
