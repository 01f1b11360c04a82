using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Issuance;

public sealed class IssuanceTests
{
    [Fact]
    public async Task TandaTerima_IssuesTheReceipt_InTheStepsTransaction()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(3));

        // Through the staff task service, as the inbox completes it: it records who decided.
        var task = await host.TaskAsync(application.Id, "Task_VerifikasiKelengkapan");
        var clerk = new WorkflowUser("fo-pendaftaran-1", "fo-pendaftaran");
        var staffTasks = host.Services.GetRequiredService<StaffTaskService>();
        await staffTasks.ClaimAsync(task.Id, clerk);
        await staffTasks.CompleteAsync(task.Id, clerk, new TaskCompletion("lengkap", null));

        var number = (await host.ReloadAsync(application.Id)).Number;
        var receipt = Assert.Single(await Documents(host, application.Id));
        Assert.Equal((IssuedDocumentKind.TandaTerima, number, "Task_TerbitkanTandaTerima", "fo-pendaftaran-1"), (receipt.Kind, receipt.Number, receipt.ElementId, receipt.IssuedBy));
        Assert.Equal(host.Clock.GetUtcNow(), receipt.IssuedAt);
        await using var content = await host.Files.OpenReadAsync(receipt.Sha256);
        Assert.NotNull(content);
        Assert.Equal(receipt.SizeBytes, content.Length);
    }

    [Fact]
    public async Task AFailedReceipt_CommitsNeitherItsNumberNorADocument()
    {
        // The letterhead's logo is missing: drawing the receipt fails after the number was drawn. The engine commits the
        // failed step with its retry; the number is not issued with it, but stays reserved for the step's next run (or,
        // past its lease, for the next draw), so the sequence gets no gap.
        await using var host = await PerizinanHost.StartAsync(new Dictionary<string, string?>
        {
            ["Documents:Letterhead:LogoPath"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "logo.png"),
        });
        var application = await host.SubmittedReklameAsync();

        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");

        var reloaded = await host.ReloadAsync(application.Id);
        Assert.Null(reloaded.Number);
        Assert.Equal(ApplicationStatus.Submitted, reloaded.Status);
        Assert.Empty(await Documents(host, application.Id));
        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        var reservation = Assert.Single(await context.Set<NumberReservation>().AsNoTracking().ToListAsync());
        Assert.Equal(("pendaftaran", 1L, reloaded.ProcessInstanceId), (reservation.Name, reservation.Value, (Guid?)reservation.InstanceId));
        var instance = await host.Runtime.GetAsync(reloaded.ProcessInstanceId!.Value);
        Assert.False(instance.Variables.ContainsKey("nomorPendaftaran"));
    }

    [Fact]
    public async Task IssueDrafts_SupersedesTheEarlierDrafts_WhenTheStepRunsAgain()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");

        for (var run = 0; run < 2; run++)
        {
            await using var scope = host.NewScope();
            var issuer = scope.ServiceProvider.GetRequiredService<DocumentIssuer>();
            await issuer.IssueDraftsAsync(application.Id, "500.16/0001/ND/DPMPTSP/2026", "503/0001/SK-REKLAME/DPMPTSP/2026", "Task_BuatDraft", "kasi-1", host.Clock.GetUtcNow());
            await scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context.SaveChangesAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var all = await Documents(host, application.Id);
        var current = all.Where(d => d.SupersededAt is null).OrderBy(d => d.Kind).ToList();
        Assert.Equal([IssuedDocumentKind.TandaTerima, IssuedDocumentKind.NotaDinas, IssuedDocumentKind.SkDraft], current.Select(d => d.Kind));
        Assert.Equal(2, all.Count(d => d.Kind == IssuedDocumentKind.SkDraft));
        Assert.All(all.Where(d => d.Kind == IssuedDocumentKind.SkDraft), d => Assert.Equal("503/0001/SK-REKLAME/DPMPTSP/2026", d.Number));
        Assert.Single(all, d => d.Kind == IssuedDocumentKind.SkDraft && d.SupersededAt == PerizinanHost.MondayMorning.AddMinutes(1));
    }

    [Fact]
    public async Task AStepRunAgainAfterALostRace_ReusesTheSignedSk_InsteadOfSigningAgain()
    {
        // The engine runs a step that lost a race again on the same scope, with the same time and number: the signed SK
        // of the first run (its verification code is new on every render) is staged again, not rendered and signed anew.
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        var now = host.Clock.GetUtcNow();
        const string number = "503/0001/SK-REKLAME/DPMPTSP/2026";

        await using var scope = host.NewScope();
        var issuer = scope.ServiceProvider.GetRequiredService<DocumentIssuer>();
        var first = await issuer.IssueDecreeAsync(application.Id, number, "Task_TandatanganiSK", "kadis-1", now);
        var again = await issuer.IssueDecreeAsync(application.Id, number, "Task_TandatanganiSK", "kadis-1", now);

        Assert.NotSame(first, again);
        Assert.Equal((first.VerificationCode, first.Sha256), (again.VerificationCode, again.Sha256));

        // Another step (another scope) signs its own.
        await using var other = host.NewScope();
        var elsewhere = await other.ServiceProvider.GetRequiredService<DocumentIssuer>().IssueDecreeAsync(application.Id, number, "Task_TandatanganiSK", "kadis-1", now);
        Assert.NotEqual(first.VerificationCode, elsewhere.VerificationCode);
        Assert.NotEqual(first.Sha256, elsewhere.Sha256);
    }

    [Fact]
    public void AgencySigningCertificate_IsGeneratedOnce_AndReusedAfterARestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sicantik-cert-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options.Create(new DocumentsOptions { GeneratedCertificatePath = Path.Combine(folder, "sertifikat", "penandatangan.pfx") });
            var clock = new FakeTimeProvider(PerizinanHost.MondayMorning);
            string thumbprint;
            using (var first = new AgencySigningCertificate(options, clock))
            {
                thumbprint = first.Certificate.Thumbprint;
                Assert.True(first.Certificate.HasPrivateKey);
                Assert.Contains("Sicantik DPMPTSP", first.Certificate.Subject, StringComparison.Ordinal);
            }

            clock.Advance(TimeSpan.FromDays(3));
            using var restarted = new AgencySigningCertificate(options, clock);

            Assert.Equal(thumbprint, restarted.Certificate.Thumbprint);
            Assert.Single(Directory.GetFiles(Path.Combine(folder, "sertifikat")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.Value.GeneratedCertificatePath!));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void AgencySigningCertificate_IsTakenFromTheCertificateStore_WhenAThumbprintIsConfigured()
    {
        var clock = new FakeTimeProvider(PerizinanHost.MondayMorning);
        using var created = Sicantik.Documents.Signing.AgencyCertificate.CreateSelfSigned("CN=Uji Penyimpanan Sertifikat, O=Sicantik DPMPTSP, C=ID", 1, clock);
        using var stored = X509CertificateLoader.LoadPkcs12(
            Sicantik.Documents.Signing.AgencyCertificate.ExportPfx(created, null), null, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(stored);
        try
        {
            // As an operator copies it from a certificate viewer: spaced, lower case.
            var typed = string.Join(' ', stored.Thumbprint.ToLowerInvariant().Chunk(2).Select(c => new string(c)));
            var options = Options.Create(new DocumentsOptions { CertificateThumbprint = typed, GeneratedCertificatePath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "tidak-dipakai.pfx") });
            using var signing = new AgencySigningCertificate(options, clock);

            Assert.Equal(stored.Thumbprint, signing.Certificate.Thumbprint);
            Assert.True(signing.Certificate.HasPrivateKey);
            Assert.False(File.Exists(options.Value.GeneratedCertificatePath), "No certificate is generated when the store has one.");
        }
        finally
        {
            store.Remove(stored);
        }
    }

    [Fact]
    public void AgencySigningCertificate_NamesTheThumbprintAndStore_WhenTheStoreHasNoSuchCertificate()
    {
        var options = Options.Create(new DocumentsOptions { CertificateThumbprint = new string('A', 40) });
        using var signing = new AgencySigningCertificate(options, new FakeTimeProvider(PerizinanHost.MondayMorning));

        var error = Assert.Throws<InvalidOperationException>(() => signing.Certificate);

        Assert.Contains(new string('A', 40), error.Message, StringComparison.Ordinal);
        Assert.Contains("CurrentUser", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcd-2345", "ABCD-2345")]
    [InlineData(" ABCD 2345 ", "ABCD-2345")]
    [InlineData("abcd2345", "ABCD-2345")]
    [InlineData("ABCD-234", null)]
    [InlineData("OBCD-2345", null)]
    [InlineData("ABCD-2341", null)]
    [InlineData("", null)]
    public void VerificationCode_Normalize_ReadsWhatPeopleType(string typed, string? expected)
    {
        Assert.Equal(expected, VerificationCode.Normalize(typed));
    }

    [Fact]
    public void VerificationCode_New_IsWellFormedAndVaried()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => VerificationCode.New()).ToList();

        Assert.All(codes, c => Assert.Equal(c, VerificationCode.Normalize(c)));
        Assert.Equal(200, codes.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<List<IssuedDocument>> Documents(PerizinanHost host, Guid applicationId)
    {
        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        return await context.Set<IssuedDocument>().AsNoTracking().Where(d => d.ApplicationId == applicationId).ToListAsync();
    }
}
