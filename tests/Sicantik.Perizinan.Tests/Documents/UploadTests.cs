using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Tests.Support;

namespace Sicantik.Perizinan.Tests.Documents;

public sealed class UploadTests
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Theory]
    [InlineData("desain.pdf", "pdf", "application/pdf")]
    [InlineData("desain.PNG", "png", "image/png")]
    [InlineData("desain.jpeg", "jpg", "image/jpeg")]
    [InlineData(@"C:\Users\budi\Desktop\desain.jpg", "jpg", "image/jpeg")]
    public async Task UploadDocumentAsync_AcceptsPdfPngAndJpeg_ByTheirContent(string fileName, string kind, string mediaType)
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        await using var content = kind switch
        {
            "pdf" => TestFiles.Pdf(50_000),
            "png" => TestFiles.Png(50_000),
            _ => TestFiles.Jpeg(50_000),
        };

        var document = await host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("desain_reklame", fileName, content));

        Assert.Equal(mediaType, document.ContentType);
        Assert.Equal(50_000, document.SizeBytes);
        Assert.Equal(Path.GetFileName(fileName.Replace('\\', '/')), document.FileName);
        Assert.Equal(PerizinanHost.Applicant, document.UploadedBy);
        Assert.Matches("^[0-9a-f]{64}$", document.Sha256);
        var path = Path.Combine(host.FileStoreFolder, document.Sha256[..2], document.Sha256[2..4], document.Sha256);
        Assert.Equal(50_000, new FileInfo(path).Length);
        await using var stored = await host.Files.OpenReadAsync(document.Sha256);
        Assert.NotNull(stored);
        content.Position = 0;
        Assert.Equal(((MemoryStream)content).ToArray(), ReadAll(stored));
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesARenamedExecutable()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        await using var program = TestFiles.Executable();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp-budi.pdf", program)));

        Assert.Equal(PerizinanError.DocumentTypeRefused, refused.Code);
        Assert.Equal(
            "Berkas 'ktp-budi.pdf' ditolak: isinya program (executable), bukan dokumen. Unggah dokumen PDF, JPG atau PNG untuk persyaratan 'KTP pemohon atau penanggung jawab badan usaha'.",
            refused.Message);
        Assert.Equal("ktp", Assert.Single(refused.Errors).Key);
        AssertNothingStored(host);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesAnElfProgramNamedAsAPhoto()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        await using var program = TestFiles.Elf();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("foto_lokasi", "lokasi.png", program)));

        Assert.Equal(PerizinanError.DocumentTypeRefused, refused.Code);
        Assert.Contains("executable", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesATypeTheRequirementDoesNotAccept()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        await using var photo = TestFiles.Png(20_000);

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("persetujuan_pemilik", "surat.png", photo)));

        Assert.Equal(PerizinanError.DocumentTypeRefused, refused.Code);
        Assert.Equal(
            "Berkas 'surat.png' tidak dapat diterima untuk persyaratan 'Surat persetujuan pemilik lahan atau bangunan tempat reklame dipasang': jenis berkas yang diterima hanya PDF.",
            refused.Message);
        Assert.Equal(0, photo.Position);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesContentThatIsNotWhatItsNameSays()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        await using var photo = TestFiles.Png(20_000);
        await using var text = new MemoryStream("Surat pernyataan (teks biasa)"u8.ToArray());

        var mismatch = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("desain_reklame", "desain.pdf", photo)));
        var unknown = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("pernyataan_bongkar", "pernyataan.pdf", text)));

        Assert.Equal(
            "Berkas 'desain.pdf' ditolak: namanya berakhiran .PDF tetapi isinya berkas PNG. Unggah berkas PDF yang benar untuk persyaratan 'Desain/foto visual reklame berwarna beserta ukurannya', atau sesuaikan nama berkasnya dengan isinya.",
            mismatch.Message);
        Assert.Equal(
            "Berkas 'pernyataan.pdf' ditolak: isinya bukan berkas PDF yang sah (mungkin rusak atau hanya diganti namanya). Unggah berkas PDF yang asli untuk persyaratan 'Surat pernyataan kesanggupan membongkar reklame setelah masa izin berakhir'.",
            unknown.Message);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesOneBytePastTheLimit_AndAcceptsTheLimit()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        var tooBig = new GeneratedStream(TwoMegabytes + 1);

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.pdf", tooBig)));

        Assert.Equal(PerizinanError.DocumentTooLarge, refused.Code);
        Assert.Equal(
            "Berkas 'ktp.pdf' terlalu besar untuk persyaratan 'KTP pemohon atau penanggung jawab badan usaha': ukuran paling besar 2 MB. Perkecil ukuran berkas (misalnya pindai ulang dengan resolusi lebih rendah) lalu unggah kembali.",
            refused.Message);
        AssertNothingStored(host);

        var document = await host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.pdf", new GeneratedStream(TwoMegabytes)));
        Assert.Equal(TwoMegabytes, document.SizeBytes);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesFiftyMegabytes_WithoutReadingThemAll()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        var body = new GeneratedStream(50L * 1024 * 1024);

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.pdf", body)));

        Assert.Equal(PerizinanError.DocumentTooLarge, refused.Code);
        Assert.Equal(TwoMegabytes + 1, body.BytesRead);
        AssertNothingStored(host);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesADeclaredFiftyMegabytes_BeforeReadingAnything()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        var body = new GeneratedStream(50L * 1024 * 1024, seekable: true);

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("gambar_konstruksi", "konstruksi.pdf", body)));

        Assert.Equal(PerizinanError.DocumentTooLarge, refused.Code);
        Assert.Contains("ukuran paling besar 10 MB", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task UploadDocumentAsync_RefusesAnEmptyFileAndAnUnknownRequirement()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();

        var empty = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.pdf", new MemoryStream())));
        var unknown = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("str", "str.pdf", TestFiles.Pdf(1000))));

        Assert.Equal(PerizinanError.DocumentEmpty, empty.Code);
        Assert.Equal(PerizinanError.UnknownRequirement, unknown.Code);
        Assert.Equal("Persyaratan 'str' tidak ada pada jenis izin Izin Penyelenggaraan Reklame.", unknown.Message);
    }

    [Fact]
    public async Task IdenticalContent_IsStoredOnce()
    {
        await using var host = await PerizinanHost.StartAsync();
        var mine = await host.DraftReklameAsync();
        var theirs = await host.DraftReklameAsync(PerizinanHost.OtherApplicant);

        await using var first = TestFiles.Pdf(30_000, "ktp yang sama");
        var a = await host.Applications.UploadDocumentAsync(mine.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.pdf", first));
        await using var second = TestFiles.Pdf(30_000, "ktp yang sama");
        var b = await host.Applications.UploadDocumentAsync(theirs.Id, PerizinanHost.OtherApplicant, new DocumentUpload("ktp", "salinan-ktp.pdf", second));
        await using var again = TestFiles.Pdf(30_000, "ktp yang sama");
        var stored = await host.Files.SaveAsync(again);

        Assert.Equal(a.Sha256, b.Sha256);
        Assert.NotEqual(a.Id, b.Id);
        Assert.True(stored.AlreadyStored);
        var files = Directory.GetFiles(host.FileStoreFolder, "*", SearchOption.AllDirectories);
        Assert.Equal([Path.Combine(host.FileStoreFolder, a.Sha256[..2], a.Sha256[2..4], a.Sha256)], files);
    }

    [Fact]
    public async Task UploadingAgain_ReplacesTheRequirementsDocument_AndRemoveDeletesIt()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        var first = await host.UploadAsync(draft.Id, "ktp");
        await using var newer = TestFiles.Jpeg(9000, "ktp baru");
        var second = await host.Applications.UploadDocumentAsync(draft.Id, PerizinanHost.Applicant, new DocumentUpload("ktp", "ktp.jpg", newer));

        var checklist = (await host.Applications.GetChecklistAsync(draft.Id, PerizinanHost.Applicant))!;
        Assert.Equal(second.Id, checklist.Single(i => i.Requirement.Key == "ktp").Document!.Id);
        Assert.Null(await host.Applications.OpenDocumentAsync(draft.Id, PerizinanHost.Applicant, first.Id));
        Assert.Equal(6, checklist.Count(i => i.IsMissing));

        await host.Applications.RemoveDocumentAsync(draft.Id, PerizinanHost.Applicant, second.Id);
        Assert.True((await host.Applications.GetChecklistAsync(draft.Id, PerizinanHost.Applicant))!.Single(i => i.Requirement.Key == "ktp").IsMissing);
    }

    [Fact]
    public async Task UploadDocumentAsync_IsRefusedWhileTheOfficeHasTheFile()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await using var pdf = TestFiles.Pdf(4000, "terlambat");

        var refused = await Assert.ThrowsAsync<PerizinanException>(() =>
            host.Applications.UploadDocumentAsync(application.Id, PerizinanHost.Applicant, new DocumentUpload("nib", "nib.pdf", pdf)));

        Assert.Equal(PerizinanError.InvalidState, refused.Code);
        Assert.StartsWith("Permohonan ini sedang diajukan, menunggu verifikasi kelengkapan berkas;", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileKinds_KnowTheirMagicBytes()
    {
        Assert.Equal(FileKind.Pdf, FileKinds.Detect("%PDF-1.4"u8).Kind);
        Assert.Equal(FileKind.Jpeg, FileKinds.Detect([0xFF, 0xD8, 0xFF, 0xDB]).Kind);
        Assert.Equal(FileKind.Png, FileKinds.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).Kind);
        Assert.Null(FileKinds.Detect([0x89, 0x50, 0x4E, 0x47]).Kind);
        Assert.True(FileKinds.Detect("MZ\x90\0"u8).IsExecutable);
        Assert.True(FileKinds.Detect("#!/bin/sh"u8).IsExecutable);
        Assert.False(FileKinds.Detect("%PDF-1.4"u8).IsExecutable);
        Assert.Equal("jpg", FileKinds.Normalize(".JPEG"));
        Assert.Null(FileKinds.Normalize("exe"));
    }

    private static void AssertNothingStored(PerizinanHost host)
    {
        var files = Directory.Exists(host.FileStoreFolder) ? Directory.GetFiles(host.FileStoreFolder, "*", SearchOption.AllDirectories) : [];
        Assert.Empty(files);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
