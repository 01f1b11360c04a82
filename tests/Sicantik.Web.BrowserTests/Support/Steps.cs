namespace Sicantik.Web.BrowserTests.Support;

/// <summary>The user tasks of workflows/penerbitan-izin.bpmn by the names the inbox and the timeline show.</summary>
public static class Steps
{
    public const string VerifikasiKelengkapan = "Verifikasi kelengkapan berkas";
    public const string VerifikasiBerkas = "Entri data dan verifikasi berkas";
    public const string ValidasiKasi = "Verifikasi keabsahan dan validasi izin";
    public const string PersetujuanKabid = "Persetujuan Kepala Bidang";
    public const string TandaTanganKadis = "Penetapan dan tanda tangan elektronik SK";
    public const string CetakSk = "Cetak SK";
    public const string IsiSkm = "Isi Survei Kepuasan Masyarakat (SKM)";
    public const string SerahkanSk = "Serahkan SK kepada Pemohon";
}
