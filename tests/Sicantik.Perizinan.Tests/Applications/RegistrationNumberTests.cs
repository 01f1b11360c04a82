using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Applications;

/// <summary>The receipt step (<c>tanda-terima</c>) and its gap-free, per-year registration numbers.</summary>
public sealed class RegistrationNumberTests
{
    [Fact]
    public async Task TandaTerima_IssuesNumbersFromThePattern_AndMarksTheApplicationInReview()
    {
        await using var host = await PerizinanHost.StartAsync();
        var first = await host.SubmittedReklameAsync();
        var second = await host.SubmittedReklameAsync(PerizinanHost.OtherApplicant);
        host.Clock.Advance(TimeSpan.FromMinutes(4));

        await host.StaffAsync(second.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(first.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");

        var a = await host.ReloadAsync(first.Id);
        var b = await host.ReloadAsync(second.Id);
        Assert.Equal("503/0001/DPMPTSP/2026", b.Number);
        Assert.Equal("503/0002/DPMPTSP/2026", a.Number);
        Assert.Equal(ApplicationStatus.InReview, a.Status);
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(4), a.ReceivedAt);
        var instance = await host.Runtime.GetAsync(a.ProcessInstanceId!.Value);
        Assert.Equal("503/0002/DPMPTSP/2026", instance.Variables["nomorPendaftaran"]);
        await host.TaskAsync(first.Id, "Task_VerifikasiBerkas");
    }

    [Fact]
    public async Task TandaTerima_FollowsAConfiguredPattern()
    {
        await using var host = await PerizinanHost.StartAsync(new Dictionary<string, string?>
        {
            ["Perizinan:RegistrationNumberPattern"] = "{code}-{seq:000}/{monthRoman}/{year}",
        });
        var application = await host.SubmittedReklameAsync();

        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");

        Assert.Equal("REKLAME-001/XI/2026", (await host.ReloadAsync(application.Id)).Number);
    }

    [Fact]
    public async Task TheSequence_StartsAgain_OnTheOfficesNewYear()
    {
        // 31 December 2026, 23:50 WIB: still 2026 in the office, already past 16:00 UTC.
        await using var host = await PerizinanHost.StartAsync(now: new DateTimeOffset(2026, 12, 31, 23, 50, 0, TimeSpan.FromHours(7)));
        var old = await host.SubmittedReklameAsync();
        var young = await host.SubmittedReklameAsync(PerizinanHost.OtherApplicant);

        await host.StaffAsync(old.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        host.Clock.Advance(TimeSpan.FromMinutes(15));
        await host.StaffAsync(young.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");

        Assert.Equal("503/0001/DPMPTSP/2026", (await host.ReloadAsync(old.Id)).Number);
        Assert.Equal("503/0001/DPMPTSP/2027", (await host.ReloadAsync(young.Id)).Number);
    }

    [Fact]
    public async Task FiftyConcurrentReceipts_GetFiftyDistinctGapFreeNumbers()
    {
        // Each receipt is one engine step on its own scope, context and connection, as fifty clerks on several nodes. The
        // number is reserved in a transaction of its own, so no step contends with another in its unit of work.
        await using var host = await PerizinanHost.StartAsync();
        await host.PermitTypes.CreateAsync("UJI", new PermitTypeInput
        {
            Name = "Izin uji",
            LegalBasis = "Peraturan uji",
            Requirements = [new Requirement { Key = "ktp", Name = "KTP", AcceptedTypes = ["pdf"] }],
        }, "admin");
        var ids = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            var applicant = $"pemohon-{i:00}";
            var draft = await host.Applications.CreateDraftAsync(new NewApplication
            {
                PermitTypeCode = "UJI",
                ApplicantId = applicant,
                ApplicantName = $"Pemohon {i}",
                ApplicantNik = "3404011203850001",
            });
            await host.UploadAsync(draft.Id, "ktp", applicant);
            await host.Applications.SubmitAsync(draft.Id, applicant);
            ids.Add(draft.Id);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receipts = ids.Select((id, i) => Task.Run(async () =>
        {
            await using var scope = host.NewScope();
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            var task = Assert.Single(await tasks.QueryAsync(new TaskQuery { BusinessKey = id.ToString("D"), ElementId = "Task_VerifikasiKelengkapan" }));
            await start.Task;
            await tasks.CompleteAsync(task.Id, new WorkflowUser($"fo-{i}", "fo-pendaftaran"), "lengkap");
        })).ToList();
        start.SetResult();
        await Task.WhenAll(receipts);

        var applications = await Task.WhenAll(ids.Select(host.ReloadAsync));
        var numbers = applications.Select(a => a.Number).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"503/{n:0000}/DPMPTSP/2026"), numbers.Order(StringComparer.Ordinal));
        Assert.All(applications, a => Assert.Equal(ApplicationStatus.InReview, a.Status));
        foreach (var application in applications)
        {
            var instance = await host.Runtime.GetAsync(application.ProcessInstanceId!.Value);
            Assert.Equal(application.Number, instance.Variables["nomorPendaftaran"]);
        }

        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        var sequence = await context.Set<PermitSequence>().AsNoTracking().SingleAsync();
        Assert.Equal(("pendaftaran", 2026, 50L), (sequence.Name, sequence.Year, sequence.Value));
        Assert.Empty(await context.Set<NumberReservation>().AsNoTracking().ToListAsync());
        Assert.Equal(0, host.Conflicts);
    }

    [Fact]
    public async Task FiftyConcurrentDecreeNumbers_AreGapFreeAndDistinct_InEachDocumentSequence()
    {
        // The draft step draws a Nota Dinas and an SK number in one unit of work, on the same rows the receipts use:
        // fifty such steps at once, each on its own scope and connection; each commits at the first attempt.
        await using var host = await PerizinanHost.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<PerizinanOptions>>().Value;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            await using var scope = host.NewScope();
            var numbers = scope.ServiceProvider.GetRequiredService<RegistrationNumbers>();
            var step = new NumberOwner(Guid.NewGuid(), "Task_BuatDraft");
            var notaDinas = await numbers.NextAsync(step, "nota-dinas", options.NotaDinasNumberPattern, host.Clock.GetUtcNow(), "SIPP");
            var sk = await numbers.NextAsync(step, "sk", options.SkNumberPattern, host.Clock.GetUtcNow(), "SIPP");
            await scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context.SaveChangesAsync();
            return (notaDinas, sk);
        })).ToList();
        start.SetResult();
        var drawn = await Task.WhenAll(steps);

        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"500.16/{n:0000}/ND/DPMPTSP/2026"), drawn.Select(d => d.notaDinas).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"503/{n:0000}/SK-SIPP/DPMPTSP/2026"), drawn.Select(d => d.sk).Order(StringComparer.Ordinal));
        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        var sequences = await context.Set<PermitSequence>().AsNoTracking().OrderBy(s => s.Name).ToListAsync();
        Assert.Equal([("nota-dinas", 50L), ("sk", 50L)], sequences.Select(s => (s.Name, s.Value)));
        Assert.Empty(await context.Set<NumberReservation>().AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task AStepThatDidNotCommit_GetsItsNumberBack_AndNoNumberIsSkipped()
    {
        await using var host = await PerizinanHost.StartAsync();
        var lost = new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima");
        var other = new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima");

        // The first run draws and never commits (its save lost, or the handler failed after the draw).
        Assert.Equal("503/0001/DPMPTSP/2026", await DrawAsync(host, lost, commit: false));
        Assert.Equal("503/0002/DPMPTSP/2026", await DrawAsync(host, other, commit: true));

        // The step runs again, before its lease ends: the same number, now issued.
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("503/0001/DPMPTSP/2026", await DrawAsync(host, lost, commit: true));
        Assert.Equal("503/0003/DPMPTSP/2026", await DrawAsync(host, new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima"), commit: true));

        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        Assert.Empty(await context.Set<NumberReservation>().AsNoTracking().ToListAsync());
        Assert.Equal(3, (await context.Set<PermitSequence>().AsNoTracking().SingleAsync()).Value);
    }

    [Fact]
    public async Task AReservationPastItsLease_IsTakenByTheNextDraw_AndItsOldOwnerCannotCommitIt()
    {
        await using var host = await PerizinanHost.StartAsync();
        var gone = new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima");
        var next = new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima");
        Assert.Equal("503/0001/DPMPTSP/2026", await DrawAsync(host, new NumberOwner(Guid.NewGuid(), "Task_TerbitkanTandaTerima"), commit: true));

        // A step draws 2 and stalls past the lease (its node died, or it is very slow) with its use of 2 staged.
        await using var stalled = host.NewScope();
        var stalledDb = stalled.ServiceProvider.GetRequiredService<PerizinanDb>();
        Assert.Equal("503/0002/DPMPTSP/2026", await stalled.ServiceProvider.GetRequiredService<RegistrationNumbers>().NextAsync(gone, host.Clock.GetUtcNow(), "REKLAME"));
        host.Clock.Advance(TimeSpan.FromMinutes(11));

        // The next draw takes 2 over instead of drawing 3.
        Assert.Equal("503/0002/DPMPTSP/2026", await DrawAsync(host, next, commit: true));

        // The stalled step's commit is refused as a lost race; run again, it draws a new number.
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stalledDb.Context.SaveChangesAsync());
        Assert.Equal("503/0003/DPMPTSP/2026", await DrawAsync(host, gone, commit: true));

        var context = host.Services.GetRequiredService<TestPerizinanDbContext>();
        Assert.Empty(await context.Set<NumberReservation>().AsNoTracking().ToListAsync());
        Assert.Equal(3, (await context.Set<PermitSequence>().AsNoTracking().SingleAsync()).Value);
    }

    /// <summary>One run of a step that draws a registration number, on its own scope; it commits, or it is abandoned.</summary>
    private static async Task<string> DrawAsync(PerizinanHost host, NumberOwner step, bool commit)
    {
        await using var scope = host.NewScope();
        var number = await scope.ServiceProvider.GetRequiredService<RegistrationNumbers>().NextAsync(step, host.Clock.GetUtcNow(), "REKLAME");
        if (commit)
        {
            await scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context.SaveChangesAsync();
        }

        return number;
    }

    [Theory]
    [InlineData("503/{seq}/DPMPTSP", "{year}")]
    [InlineData("503/DPMPTSP/{year}", "{seq}")]
    [InlineData("503/{nomor}/{seq}/{year}", "{nomor}")]
    public void AnUnusablePattern_FailsTheOptionsValidation(string pattern, string named)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Perizinan:RegistrationNumberPattern"] = pattern,
        }).Build());
        services.AddPerizinan();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PerizinanOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_FillsEveryToken()
    {
        var at = new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(7));

        Assert.Equal("503/0042/DPMPTSP/2026", RegistrationNumberFormat.Format("503/{seq:0000}/DPMPTSP/{year}", 42, at, "SIA"));
        Assert.Equal("SIA.7/III/03/2026", RegistrationNumberFormat.Format("{code}.{seq}/{monthRoman}/{month}/{year}", 7, at, "SIA"));
        Assert.Null(RegistrationNumberFormat.Check("{code}.{seq}/{monthRoman}/{month}/{year}"));
    }
}
