using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tracking;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Support;

/// <summary>
/// The domain as the host composes it: the real engine on EF Core stores, the permit services and handlers, one
/// context over a SQLite file (WAL) per test, the real <c>workflows/penerbitan-izin.bpmn</c> deployed and published,
/// and a fake clock starting on a Monday at 08:00 WIB (office hours).
/// </summary>
public sealed class PerizinanHost : IAsyncDisposable
{
    /// <summary>Monday 23 November 2026, 08:00 WIB.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    public const string Applicant = "pemohon-budi";
    public const string OtherApplicant = "pemohon-siti";

    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;
    private readonly string _folder;

    private PerizinanHost(ServiceProvider provider, FakeTimeProvider clock, string folder)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
        Clock = clock;
        _folder = folder;
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public IServiceScopeFactory Scopes => _provider.GetRequiredService<IServiceScopeFactory>();

    public string FileStoreFolder => Path.Combine(_folder, "berkas");

    public string DatabasePath => Path.Combine(_folder, "sicantik.db");

    public ApplicationService Applications => Services.GetRequiredService<ApplicationService>();

    public PermitTypeService PermitTypes => Services.GetRequiredService<PermitTypeService>();

    public TrackingService Tracking => Services.GetRequiredService<TrackingService>();

    public ApplicationStatusService Statuses => Services.GetRequiredService<ApplicationStatusService>();

    public TaskService Tasks => Services.GetRequiredService<TaskService>();

    public RuntimeService Runtime => Services.GetRequiredService<RuntimeService>();

    public DefinitionService Definitions => Services.GetRequiredService<DefinitionService>();

    public IFileStore Files => Services.GetRequiredService<IFileStore>();

    /// <summary>How many saves lost an optimistic-concurrency race (and were run again by the engine).</summary>
    public int Conflicts => _provider.GetRequiredService<ConflictCounter>().Count;

    /// <summary>A host with the SOP deployed and the catalogue seeded.</summary>
    public static async Task<PerizinanHost> StartAsync(IDictionary<string, string?>? settings = null, bool seed = true, DateTimeOffset? now = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sicantik-perizinan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new FakeTimeProvider(now ?? MondayMorning);
        var values = new Dictionary<string, string?>
        {
            ["Perizinan:FileStorePath"] = Path.Combine(folder, "berkas"),
            ["Documents:GeneratedCertificatePath"] = Path.Combine(folder, "sertifikat", "penandatangan.pfx"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ConflictCounter>();
        services.AddDbContext<TestPerizinanDbContext>((sp, o) => o
            .UseSqlite($"Data Source={Path.Combine(folder, "sicantik.db")};Pooling=False;Default Timeout=60")
            .AddInterceptors(sp.GetRequiredService<ConflictCounter>()));
        services.AddWorkflows()
            .AddEntityFrameworkStores<TestPerizinanDbContext>();
        services.AddPerizinan().UseDbContext<TestPerizinanDbContext>();
        var provider = services.BuildServiceProvider(validateScopes: true);

        var host = new PerizinanHost(provider, clock, folder);
        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        await context.Database.EnsureCreatedAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await host.Definitions.DeployAsync(await File.ReadAllTextAsync(SopPath), "admin", publish: true);
        if (seed)
        {
            await host.Services.GetRequiredService<PermitCatalogSeeder>().SeedAsync();
        }

        return host;
    }

    public static string SopPath => Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn");

    /// <summary>A new scope: its own context and connection, as a second request or node would have.</summary>
    public AsyncServiceScope NewScope() => Scopes.CreateAsyncScope();

    /// <summary>A reklame draft for <paramref name="applicant"/> with a valid form.</summary>
    public Task<PermitApplication> DraftReklameAsync(string applicant = Applicant) =>
        Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.Reklame,
            ApplicantId = applicant,
            ApplicantName = applicant == Applicant ? "Budi Santoso" : "Siti Aminah",
            ApplicantNik = "3404011203850001",
            FormValues = Forms.Reklame(),
        });

    /// <summary>A reklame application with every mandatory requirement uploaded.</summary>
    public async Task<PermitApplication> CompleteReklameAsync(string applicant = Applicant)
    {
        var draft = await DraftReklameAsync(applicant);
        var type = await PermitTypes.GetByCodeAsync(PermitCatalog.Reklame);
        foreach (var requirement in type.Requirements.Where(r => r.Mandatory))
        {
            await UploadAsync(draft.Id, requirement.Key, applicant);
        }

        return draft;
    }

    /// <summary>Uploads a small, distinct PDF (or PNG when the requirement takes no PDF) for a requirement.</summary>
    public async Task<ApplicationDocument> UploadAsync(Guid applicationId, string requirementKey, string applicant = Applicant)
    {
        var application = await ReloadAsync(applicationId);
        var type = await PermitTypes.GetByCodeAsync(application.PermitTypeCode);
        var pdf = type.Requirements.Single(r => r.Key == requirementKey).AcceptedTypes.Contains("pdf");
        var seed = $"{applicationId:N}/{requirementKey}";
        await using var content = pdf ? TestFiles.Pdf(2048, seed) : TestFiles.Png(2048, seed);
        return await Applications.UploadDocumentAsync(applicationId, applicant, new DocumentUpload(requirementKey, requirementKey + (pdf ? ".pdf" : ".png"), content));
    }

    /// <summary>A submitted reklame application.</summary>
    public async Task<PermitApplication> SubmittedReklameAsync(string applicant = Applicant)
    {
        var draft = await CompleteReklameAsync(applicant);
        return await Applications.SubmitAsync(draft.Id, applicant);
    }

    /// <summary>The application's one open task at <paramref name="elementId"/>.</summary>
    public async Task<HumanTask> TaskAsync(Guid applicationId, string elementId) =>
        Assert.Single(await Tasks.QueryAsync(new TaskQuery { BusinessKey = applicationId.ToString("D"), ElementId = elementId }));

    /// <summary>A clerk of <paramref name="role"/> claims and completes the application's open step, as the inbox does.</summary>
    public async Task StaffAsync(Guid applicationId, string elementId, string role, string? outcome = null, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var task = await TaskAsync(applicationId, elementId);
        var user = new WorkflowUser(role + "-1", role);
        await Tasks.ClaimAsync(task.Id, user);
        await Tasks.CompleteAsync(task.Id, user, outcome, variables);
    }

    /// <summary>Moves the clock on and fires the timers that became due, as the scheduler would.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Services.GetRequiredService<TimerService>().FireDueAsync();
    }

    public async Task<PermitApplication> ReloadAsync(Guid applicationId) =>
        await Applications.FindForStaffAsync(applicationId) ?? throw new InvalidOperationException("gone");

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Valid form values per permit type.</summary>
public static class Forms
{
    public static Dictionary<string, string?> Reklame() => new()
    {
        ["jenis_reklame"] = "Baliho",
        ["naskah_reklame"] = "Promo pembukaan Toko Makmur Jaya",
        ["panjang_m"] = "4",
        ["lebar_m"] = "6",
        ["jumlah_muka"] = "1",
        ["jumlah_unit"] = "1",
        ["lokasi"] = "Jl. Wates km 5, Gamping, Sleman",
        ["tanggal_mulai"] = "2026-12-01",
        ["tanggal_selesai"] = "2027-11-30",
    };

    public static Dictionary<string, string?> SipPerawat() => new()
    {
        ["jenis_permohonan"] = "Baru",
        ["nomor_str"] = "1234567890123456",
        ["jenis_praktik"] = "Di fasilitas pelayanan kesehatan",
        ["nama_tempat_praktik"] = "RSUD Wates",
        ["alamat_tempat_praktik"] = "Jl. Tentara Pelajar km 1, Wates",
        ["sip_ke"] = "1",
    };
}

/// <summary>Counts the saves refused on a stale revision: the races the engine then runs again.</summary>
public sealed class ConflictCounter : SaveChangesInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData,
        InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return ValueTask.FromResult(result);
    }
}
