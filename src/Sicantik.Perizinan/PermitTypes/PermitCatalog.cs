namespace Sicantik.Perizinan.PermitTypes;

/// <summary>
/// The starting catalogue of a kabupaten DPMPTSP: three permits with the requirement lists their regulations ask for.
/// This is seed data (an administrator edits it afterwards in the catalogue), written in the office's language.
/// </summary>
public static class PermitCatalog
{
    public const string SipPerawat = "SIP-PERAWAT";
    public const string Reklame = "REKLAME";
    public const string Apotek = "SIA";

    private const long Mb = 1024 * 1024;

    private static readonly string[] Documents = ["pdf"];
    private static readonly string[] Scans = ["pdf", "jpg", "png"];
    private static readonly string[] Photos = ["jpg", "png"];

    /// <summary>Fresh copies of the seed types (the seeder fills in ids and dates).</summary>
    public static IReadOnlyList<PermitType> All() => [SuratIzinPraktikPerawat(), IzinReklame(), SuratIzinApotek()];

    /// <summary>SIPP: Permenkes 26/2019 (pelaksanaan UU 38/2014 tentang Keperawatan), UU 17/2023 and PP 28/2024.</summary>
    public static PermitType SuratIzinPraktikPerawat() => new()
    {
        Code = SipPerawat,
        Name = "Surat Izin Praktik Perawat (SIPP)",
        Description = "Izin bagi perawat untuk menjalankan praktik keperawatan di fasilitas pelayanan kesehatan atau praktik mandiri perawat.",
        LegalBasis = "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan; "
            + "Undang-Undang Nomor 38 Tahun 2014 tentang Keperawatan; "
            + "Peraturan Pemerintah Nomor 28 Tahun 2024 tentang Peraturan Pelaksanaan Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan; "
            + "Peraturan Menteri Kesehatan Nomor 26 Tahun 2019 tentang Peraturan Pelaksanaan Undang-Undang Nomor 38 Tahun 2014 tentang Keperawatan.",
        ProcessKey = PermitTypeDefaults.ProcessKey,
        ValidityMonths = 60,
        FormFields =
        [
            new() { Key = "jenis_permohonan", Label = "Jenis permohonan", Type = FormFieldType.Select, Required = true, Options = ["Baru", "Perpanjangan", "Perubahan"] },
            new() { Key = "nomor_str", Label = "Nomor STR Perawat", Required = true },
            new() { Key = "masa_berlaku_str", Label = "Masa berlaku STR", Type = FormFieldType.Date, Help = "Kosongkan bila STR berlaku seumur hidup." },
            new() { Key = "jenis_praktik", Label = "Jenis praktik", Type = FormFieldType.Select, Required = true, Options = ["Di fasilitas pelayanan kesehatan", "Praktik mandiri perawat"] },
            new() { Key = "nama_tempat_praktik", Label = "Nama fasilitas pelayanan kesehatan / tempat praktik", Required = true },
            new() { Key = "alamat_tempat_praktik", Label = "Alamat tempat praktik", Type = FormFieldType.Textarea, Required = true },
            new() { Key = "sip_ke", Label = "SIPP ke-", Type = FormFieldType.Select, Required = true, Options = ["1", "2"], Help = "Perawat paling banyak memiliki 2 (dua) SIPP." },
            new() { Key = "jadwal_praktik", Label = "Hari dan jam praktik", Type = FormFieldType.Textarea },
        ],
        Requirements =
        [
            new() { Key = "ktp", Name = "Kartu Tanda Penduduk (KTP)", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new() { Key = "str", Name = "Surat Tanda Registrasi (STR) Perawat yang masih berlaku", Description = "Salinan yang dilegalisasi.", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "ijazah", Name = "Ijazah pendidikan keperawatan", Description = "Paling rendah Diploma III Keperawatan; salinan yang dilegalisasi.", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "surat_sehat", Name = "Surat keterangan sehat dari dokter yang memiliki Surat Izin Praktik", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new()
            {
                Key = "surat_tempat_praktik",
                Name = "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan tempat praktik, atau surat pernyataan memiliki tempat praktik",
                Description = "Surat pernyataan untuk praktik mandiri perawat.",
                AcceptedTypes = Documents,
                MaxSizeBytes = 2 * Mb,
            },
            new() { Key = "rekomendasi_ppni", Name = "Rekomendasi organisasi profesi (Persatuan Perawat Nasional Indonesia)", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "pas_foto", Name = "Pas foto berwarna terbaru ukuran 4x6 cm", Description = "Latar belakang merah, tampak depan.", AcceptedTypes = Photos, MaxSizeBytes = 1 * Mb },
            new() { Key = "sipp_lama", Name = "SIPP lama", Description = "Untuk permohonan perpanjangan atau perubahan.", Mandatory = false, AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
        ],
    };

    /// <summary>Izin reklame: UU 1/2022 (pajak reklame), Permen PU 20/PRT/M/2010 and the kabupaten's perda on reklame.</summary>
    public static PermitType IzinReklame() => new()
    {
        Code = Reklame,
        Name = "Izin Penyelenggaraan Reklame",
        Description = "Izin untuk memasang reklame (papan/billboard, baliho, neon box, videotron, spanduk) di wilayah kabupaten.",
        LegalBasis = "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah; "
            + "Undang-Undang Nomor 28 Tahun 2002 tentang Bangunan Gedung sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023; "
            + "Peraturan Menteri Pekerjaan Umum Nomor 20/PRT/M/2010 tentang Pedoman Pemanfaatan dan Penggunaan Bagian-Bagian Jalan; "
            + "Peraturan Daerah Kabupaten tentang Penyelenggaraan Reklame; "
            + "Peraturan Daerah Kabupaten tentang Pajak Daerah dan Retribusi Daerah.",
        ProcessKey = PermitTypeDefaults.ProcessKey,
        ValidityMonths = 12,
        FormFields =
        [
            new()
            {
                Key = "jenis_reklame",
                Label = "Jenis reklame",
                Type = FormFieldType.Select,
                Required = true,
                Options = ["Papan/billboard", "Baliho", "Neon box", "Videotron/megatron", "Spanduk", "Umbul-umbul", "Reklame melekat (stiker)"],
            },
            new() { Key = "naskah_reklame", Label = "Naskah/tema reklame", Type = FormFieldType.Textarea, Required = true },
            new() { Key = "panjang_m", Label = "Panjang bidang reklame (meter)", Type = FormFieldType.Number, Required = true },
            new() { Key = "lebar_m", Label = "Lebar bidang reklame (meter)", Type = FormFieldType.Number, Required = true },
            new() { Key = "jumlah_muka", Label = "Jumlah muka/sisi", Type = FormFieldType.Number, Required = true },
            new() { Key = "jumlah_unit", Label = "Jumlah unit", Type = FormFieldType.Number, Required = true },
            new() { Key = "lokasi", Label = "Alamat lokasi pemasangan", Type = FormFieldType.Textarea, Required = true },
            new() { Key = "koordinat", Label = "Titik koordinat (lintang, bujur)", Help = "Contoh: -7.797068, 110.370529" },
            new() { Key = "tanggal_mulai", Label = "Tanggal mulai tayang", Type = FormFieldType.Date, Required = true },
            new() { Key = "tanggal_selesai", Label = "Tanggal berakhir tayang", Type = FormFieldType.Date, Required = true },
        ],
        Requirements =
        [
            new() { Key = "ktp", Name = "KTP pemohon atau penanggung jawab badan usaha", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new() { Key = "nib", Name = "Nomor Induk Berusaha (NIB)", Description = "Bagi pemohon badan usaha.", Mandatory = false, AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "desain_reklame", Name = "Desain/foto visual reklame berwarna beserta ukurannya", AcceptedTypes = Scans, MaxSizeBytes = 5 * Mb },
            new() { Key = "denah_lokasi", Name = "Denah dan titik lokasi pemasangan reklame", AcceptedTypes = Scans, MaxSizeBytes = 5 * Mb },
            new() { Key = "foto_lokasi", Name = "Foto lokasi rencana pemasangan", AcceptedTypes = Scans, MaxSizeBytes = 5 * Mb },
            new()
            {
                Key = "gambar_konstruksi",
                Name = "Gambar konstruksi dan perhitungan konstruksi reklame",
                Description = "Wajib untuk reklame permanen berkonstruksi (billboard, videotron); ditandatangani tenaga ahli konstruksi.",
                Mandatory = false,
                AcceptedTypes = Documents,
                MaxSizeBytes = 10 * Mb,
            },
            new() { Key = "persetujuan_pemilik", Name = "Surat persetujuan pemilik lahan atau bangunan tempat reklame dipasang", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "bukti_pajak", Name = "Bukti pembayaran pajak reklame (SSPD)", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new() { Key = "pernyataan_bongkar", Name = "Surat pernyataan kesanggupan membongkar reklame setelah masa izin berakhir", Description = "Bermeterai.", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "polis_asuransi", Name = "Polis asuransi tanggung gugat pihak ketiga", Description = "Untuk reklame permanen berkonstruksi.", Mandatory = false, AcceptedTypes = Documents, MaxSizeBytes = 5 * Mb },
        ],
    };

    /// <summary>SIA: PMK 9/2017 tentang Apotek (Pasal 13) and PMK 26/2018 (perizinan berusaha sektor kesehatan, NIB via OSS).</summary>
    public static PermitType SuratIzinApotek() => new()
    {
        Code = Apotek,
        Name = "Surat Izin Apotek (SIA)",
        Description = "Izin penyelenggaraan apotek oleh Apoteker, dengan atau tanpa kerja sama pemilik modal.",
        LegalBasis = "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan; "
            + "Peraturan Pemerintah Nomor 51 Tahun 2009 tentang Pekerjaan Kefarmasian; "
            + "Peraturan Pemerintah Nomor 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko; "
            + "Peraturan Menteri Kesehatan Nomor 9 Tahun 2017 tentang Apotek; "
            + "Peraturan Menteri Kesehatan Nomor 26 Tahun 2018 tentang Pelayanan Perizinan Berusaha Terintegrasi Secara Elektronik Sektor Kesehatan.",
        ProcessKey = PermitTypeDefaults.ProcessKey,
        ValidityMonths = 60,
        FormFields =
        [
            new() { Key = "jenis_permohonan", Label = "Jenis permohonan", Type = FormFieldType.Select, Required = true, Options = ["Baru", "Perpanjangan", "Perubahan"] },
            new() { Key = "nama_apotek", Label = "Nama apotek", Required = true },
            new() { Key = "alamat_apotek", Label = "Alamat apotek", Type = FormFieldType.Textarea, Required = true },
            new() { Key = "nama_apoteker", Label = "Nama Apoteker penanggung jawab", Required = true },
            new() { Key = "nomor_stra", Label = "Nomor STRA/STR Apoteker", Required = true },
            new() { Key = "nomor_sipa", Label = "Nomor SIPA", Help = "Isi bila SIPA untuk apotek ini sudah terbit." },
            new() { Key = "status_bangunan", Label = "Status bangunan", Type = FormFieldType.Select, Required = true, Options = ["Milik sendiri", "Sewa/kontrak", "Pinjam pakai"] },
            new() { Key = "luas_bangunan", Label = "Luas bangunan (m²)", Type = FormFieldType.Number, Required = true },
            new() { Key = "sumber_modal", Label = "Sumber modal", Type = FormFieldType.Select, Required = true, Options = ["Apoteker sendiri", "Kerja sama dengan pemilik modal"] },
        ],
        Requirements =
        [
            new() { Key = "nib", Name = "Nomor Induk Berusaha (NIB) dari sistem OSS", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "ktp_apoteker", Name = "KTP Apoteker penanggung jawab", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new() { Key = "npwp_apoteker", Name = "NPWP Apoteker", AcceptedTypes = Scans, MaxSizeBytes = 2 * Mb },
            new() { Key = "stra", Name = "STRA/STR Apoteker yang masih berlaku", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new()
            {
                Key = "sipa",
                Name = "SIPA Apoteker penanggung jawab",
                Description = "Bila sudah terbit; SIPA untuk apotek ini dapat dimohonkan bersamaan.",
                Mandatory = false,
                AcceptedTypes = Documents,
                MaxSizeBytes = 2 * Mb,
            },
            new() { Key = "peta_lokasi", Name = "Peta lokasi apotek", AcceptedTypes = Scans, MaxSizeBytes = 5 * Mb },
            new()
            {
                Key = "denah_bangunan",
                Name = "Denah bangunan apotek",
                Description = "Menunjukkan ruang penerimaan resep, peracikan, penyerahan obat, konseling, penyimpanan dan arsip.",
                AcceptedTypes = Scans,
                MaxSizeBytes = 5 * Mb,
            },
            new() { Key = "daftar_sarana", Name = "Daftar sarana, prasarana dan peralatan apotek", AcceptedTypes = Documents, MaxSizeBytes = 2 * Mb },
            new() { Key = "bukti_bangunan", Name = "Bukti kepemilikan bangunan atau perjanjian sewa/kontrak bangunan", AcceptedTypes = Documents, MaxSizeBytes = 5 * Mb },
            new()
            {
                Key = "surat_pernyataan",
                Name = "Surat pernyataan kesanggupan mematuhi ketentuan peraturan perundang-undangan di bidang kefarmasian",
                Description = "Ditandatangani Apoteker, bermeterai.",
                AcceptedTypes = Documents,
                MaxSizeBytes = 2 * Mb,
            },
            new() { Key = "perjanjian_kerja_sama", Name = "Akta perjanjian kerja sama Apoteker dengan pemilik modal", Description = "Bila apotek didirikan dengan modal pihak lain.", Mandatory = false, AcceptedTypes = Documents, MaxSizeBytes = 5 * Mb },
            new() { Key = "daftar_ttk", Name = "Daftar tenaga teknis kefarmasian beserta STR dan SIP-nya", Mandatory = false, AcceptedTypes = Documents, MaxSizeBytes = 5 * Mb },
            new() { Key = "pas_foto", Name = "Pas foto Apoteker penanggung jawab ukuran 4x6 cm", AcceptedTypes = Photos, MaxSizeBytes = 1 * Mb },
        ],
    };
}
