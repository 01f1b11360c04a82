namespace Sicantik.Web.Tests.Support;

/// <summary>The element ids of workflows/penerbitan-izin.bpmn, as the API reports them.</summary>
public static class Steps
{
    public const string VerifikasiKelengkapan = "Task_VerifikasiKelengkapan";
    public const string LengkapiBerkas = "Task_LengkapiBerkas";
    public const string TerbitkanTandaTerima = "Task_TerbitkanTandaTerima";
    public const string VerifikasiBerkas = "Task_VerifikasiBerkas";
    public const string PerbaikiBerkas = "Task_PerbaikiBerkas";
    public const string ValidasiKasi = "Task_ValidasiKasi";
    public const string BuatDraft = "Task_BuatDraft";
    public const string PersetujuanKabid = "Task_PersetujuanKabid";
    public const string TerbitkanPenolakan = "Task_TerbitkanPenolakan";
    public const string TandaTanganKadis = "Task_TandaTanganKadis";
    public const string TandatanganiSk = "Task_TandatanganiSK";
    public const string CetakSk = "Task_CetakSK";
    public const string IsiSkm = "Task_IsiSKM";
    public const string SerahkanSk = "Task_SerahkanSK";
    public const string EndTerbit = "End_Terbit";
    public const string EndDitolak = "End_Ditolak";
}
