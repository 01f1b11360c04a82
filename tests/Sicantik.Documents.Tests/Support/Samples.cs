using SkiaSharp;
using Sicantik.Documents.Decrees;
using Sicantik.Documents.Memos;
using Sicantik.Documents.Receipts;

namespace Sicantik.Documents.Tests.Support;

/// <summary>One application's documents, as the office would issue them, with a fictional regency.</summary>
internal static class Samples
{
    private static readonly Lazy<string> LogoFile = new(WriteLogo);

    public static readonly Applicant Applicant = new(
        "Siti Rahmawati",
        Nik: "3209015506880002",
        Nib: "9120001234567",
        Address: "Jalan Melati Nomor 7, RT 002/RW 005, Kelurahan Sukasari, Kecamatan Sukamaju");

    public static readonly Official Clerk = new("Dewi Lestari, A.Md.", "Petugas Loker Pendaftaran", "19900215 201503 2 004");

    public static readonly Official Kasi = new("Ahmad Fauzi, S.H.", "Kepala Seksi Perizinan", "19820310 200801 1 002", "Penata Tingkat I");

    public static readonly Official Kabid = new("Dra. Sri Wahyuni, M.Si.", "Kepala Bidang Perizinan", "19750822 199803 2 003", "Pembina");

    public static readonly Official Kadis = new(
        "Dr. H. Bambang Sutrisno, S.E., M.M.",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Sukamaju",
        "19700512 199203 1 005",
        "Pembina Utama Muda");

    public const string PermitType = "Izin Usaha Toko Swalayan";

    public const string RegistrationNumber = "REG/2025/03/000123";

    public static LetterheadOptions Letterhead(bool withLogo = true) => new()
    {
        Region = "Pemerintah Kabupaten Sukamaju",
        AgencyName = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        Address = "Jalan Jenderal Sudirman Nomor 45, Sukamaju, Jawa Barat 45111",
        City = "Sukamaju",
        Phone = "(0231) 123456",
        Email = "dpmptsp@sukamajukab.go.id",
        Website = "dpmptsp.sukamajukab.go.id",
        LogoPath = withLogo ? LogoFile.Value : null,
    };

    public static DocumentRenderer Renderer() => new(Letterhead());

    public static RegistrationReceipt Receipt() => new()
    {
        RegistrationNumber = RegistrationNumber,
        Applicant = Applicant,
        PermitType = PermitType,
        RequirementsReceived =
        [
            "Fotokopi KTP pemohon",
            "Fotokopi NPWP",
            "Nomor Induk Berusaha (NIB)",
            "Surat pernyataan kesanggupan mematuhi ketentuan penataan toko swalayan, bermeterai",
            "Denah lokasi dan foto bangunan tempat usaha",
            "Pas foto berwarna ukuran 3 × 4 cm (2 lembar)",
        ],
        ReceivedAt = new DateTimeOffset(2025, 3, 12, 9, 15, 0, TimeSpan.FromHours(7)),
        Clerk = Clerk,
        TrackingUrl = new Uri("https://sicantik.sukamajukab.go.id/lacak"),
    };

    public static NotaDinas ApprovalMemo() => new()
    {
        Kind = NotaDinasKind.Approval,
        Number = "800/041/PRZ/2025",
        Date = new DateOnly(2025, 3, 13),
        From = Kasi,
        To = Kabid,
        RegistrationNumber = RegistrationNumber,
        Applicant = Applicant,
        PermitType = PermitType,
        Attachment = "1 (satu) berkas",
        DraftDecreeNumber = "503/012/DPMPTSP/2025",
    };

    public static NotaDinas RejectionMemo() => new()
    {
        Kind = NotaDinasKind.Rejection,
        Number = "800/042/PRZ/2025",
        Date = new DateOnly(2025, 3, 13),
        From = Kabid,
        To = Kadis with { Position = "Kepala Dinas Penanaman Modal dan PTSP" },
        RegistrationNumber = RegistrationNumber,
        Applicant = Applicant,
        PermitType = PermitType,
        RejectionReason = "Lokasi usaha berada di zona perumahan menurut Rencana Detail Tata Ruang Kabupaten Sukamaju, sehingga tidak sesuai untuk kegiatan toko swalayan.",
        Notes = ["Pemohon dapat mengajukan permohonan baru untuk lokasi lain yang sesuai dengan peruntukan ruang."],
    };

    public static PermitDecree Decree(DecreeStatus status) => new()
    {
        Status = status,
        Number = "503/012/DPMPTSP/2025",
        PermitName = PermitType,
        RegistrationNumber = RegistrationNumber,
        Holder = Applicant,
        PermittedActivity = "usaha toko swalayan (minimarket) dengan luas lantai penjualan 250 m²",
        Location = "Jalan Raya Sukamaju Nomor 88, Kelurahan Sukasari, Kecamatan Sukamaju",
        Considerations = ["bahwa berdasarkan hasil verifikasi dan validasi berkas, permohonan tersebut telah memenuhi persyaratan teknis dan administratif;"],
        LegalBasis =
        [
            "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang;",
            "Peraturan Pemerintah Nomor 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko;",
            "Peraturan Presiden Nomor 97 Tahun 2014 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu;",
            "Peraturan Daerah Kabupaten Sukamaju Nomor 3 Tahun 2022 tentang Penyelenggaraan Perizinan;",
            "Peraturan Bupati Sukamaju Nomor 15 Tahun 2023 tentang Pendelegasian Kewenangan Penyelenggaraan Perizinan kepada Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu;",
        ],
        Obligations =
        [
            "menjalankan usaha sesuai dengan kegiatan dan lokasi yang tercantum dalam keputusan ini;",
            "menyediakan ruang usaha bagi usaha mikro dan kecil setempat;",
            "menyampaikan laporan kegiatan usaha setiap tahun kepada Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu.",
        ],
        ValidFrom = new DateOnly(2025, 3, 14),
        ValidUntil = new DateOnly(2030, 3, 13),
        Place = "Sukamaju",
        Date = new DateOnly(2025, 3, 14),
        Signer = Kadis,
        VerificationCode = status == DecreeStatus.Final ? "SK7Q-M2XD" : null,
        VerificationUrl = status == DecreeStatus.Final ? new Uri("https://sicantik.sukamajukab.go.id/verifikasi/SK7Q-M2XD") : null,
    };

    /// <summary>A made-up regency emblem (a shield with a star), drawn here so the tests ship no image.</summary>
    private static string WriteLogo()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "logo-kabupaten-sukamaju.png");
        using var surface = SKSurface.Create(new SKImageInfo(240, 280, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var shieldBuilder = new SKPathBuilder();
        shieldBuilder.MoveTo(20, 20);
        shieldBuilder.LineTo(220, 20);
        shieldBuilder.LineTo(220, 150);
        shieldBuilder.CubicTo(220, 215, 160, 250, 120, 270);
        shieldBuilder.CubicTo(80, 250, 20, 215, 20, 150);
        shieldBuilder.Close();
        using var shield = shieldBuilder.Detach();
        using var green = new SKPaint { Color = new SKColor(0x1B, 0x5E, 0x20), IsAntialias = true };
        using var gold = new SKPaint { Color = new SKColor(0xF9, 0xA8, 0x25), IsAntialias = true };
        using var goldStroke = new SKPaint { Color = gold.Color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 10 };
        canvas.DrawPath(shield, green);
        canvas.DrawPath(shield, goldStroke);
        using var starBuilder = new SKPathBuilder();
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? 55f : 22f;
            var angle = (Math.PI / 5 * i) - (Math.PI / 2);
            var point = new SKPoint(120 + (float)(radius * Math.Cos(angle)), 120 + (float)(radius * Math.Sin(angle)));
            if (i == 0)
            {
                starBuilder.MoveTo(point);
            }
            else
            {
                starBuilder.LineTo(point);
            }
        }

        starBuilder.Close();
        using var star = starBuilder.Detach();
        canvas.DrawPath(star, gold);
        canvas.DrawRect(new SKRect(60, 195, 180, 205), gold);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
        return path;
    }
}
