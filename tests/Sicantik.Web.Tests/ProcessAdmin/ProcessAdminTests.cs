using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Tests.ProcessAdmin;

/// <summary>Finding an application's instance through the instance list, as the supervisors' pages do.</summary>
internal static class Instances
{
    public static async Task<InstanceSummary> OfAsync(HttpClient client, Guid applicationId, string key = SopCopies.Key)
    {
        var page = await client.GetAsync<InstancePage>($"/api/admin/instances?definition={key}&pageSize=200");
        return Assert.Single(page.Items, i => i.BusinessKey == applicationId.ToString("D"));
    }

    public static Task<InstanceView> ViewAsync(HttpClient client, Guid instanceId) =>
        client.GetAsync<InstanceView>($"/api/admin/instances/{instanceId}");
}

public sealed class DefinitionCompareTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task Compare_ReportsAddedRemovedChangedAndMovedElements_OfAnEditedCopyOfTheSop()
    {
        var edited = SopCopies.Original
            .WithTimer("Timer_ValidasiKasi", "PT10M")
            .WithName("Task_VerifikasiBerkas", "Verifikasi berkas oleh analis")
            .Rename("Task_Eskalasi_CetakSK", "Task_EskalasiCetak")
            .MoveShape("Task_IsiSKM", 40);
        var version = await SopCopies.DeployAsync(host, edited);
        Assert.Equal(2, version);

        using var admin = await host.AdminAsync();
        var diff = await admin.GetAsync<DefinitionDiff>($"/api/admin/definitions/{SopCopies.Key}/compare?from=1&to=2");

        Assert.Equal((1, 2), (diff.FromVersion, diff.ToVersion));
        var added = Assert.Single(diff.Added);
        Assert.Equal(("Task_EskalasiCetak", "serviceTask", "Eskalasi ke Kasi"), (added.Id, added.Type, added.Name));
        Assert.Equal("Task_Eskalasi_CetakSK", Assert.Single(diff.Removed).Id);

        var timer = Assert.Single(diff.Changed, c => c.Id == "Timer_ValidasiKasi");
        Assert.Equal(new PropertyChange("timerEventDefinition/timeCycle", "R3/PT5M", "R3/PT10M"), Assert.Single(timer.Changes));
        var task = Assert.Single(diff.Changed, c => c.Id == Steps.VerifikasiBerkas);
        Assert.Equal(new PropertyChange("name", "Entri data dan verifikasi berkas", "Verifikasi berkas oleh analis"), Assert.Single(task.Changes));
        // The flows into and out of the renamed step now refer to the new id; the lane lists it instead of the old one.
        Assert.Contains(diff.Changed, c => c.Id == "Flow_Timer_CetakSK_Eskalasi" && c.Changes.Single().Property == "targetRef");
        Assert.Contains(diff.Changed, c => c.Id == "Lane_FoPengambilan" && c.Changes.Single().Property == "flowNodeRef");
        Assert.Equal(["Task_IsiSKM"], diff.LayoutChanged.Select(e => e.Id));
        Assert.DoesNotContain(diff.Changed, c => c.Id is "Task_ValidasiKasi" or "Task_IsiSKM" or SopCopies.Key);

        var same = await admin.GetAsync<DefinitionDiff>($"/api/admin/definitions/{SopCopies.Key}/compare?from=2&to=2");
        Assert.True(same.IsEmpty);
    }

    [Fact]
    public async Task Compare_IsRefused_WithoutVersions_ForAnUnknownVersion_AndForStaffWhoAreNotAdmins()
    {
        using var admin = await host.AdminAsync();
        await TestApi.ProblemAsync(await admin.GetAsync($"/api/admin/definitions/{SopCopies.Key}/compare?from=1"), HttpStatusCode.BadRequest, "compare-versions-required");
        await TestApi.ProblemAsync(await admin.GetAsync($"/api/admin/definitions/{SopCopies.Key}/compare?from=1&to=99"), HttpStatusCode.NotFound, "definition-not-found");

        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        foreach (var path in new[]
        {
            $"/api/admin/definitions/{SopCopies.Key}/compare?from=1&to=1",
            "/api/admin/instances",
            $"/api/admin/instances/{Guid.NewGuid()}",
            $"/api/admin/definitions/{SopCopies.Key}/versions/1/heatmap",
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await clerk.Client.GetAsync(path)).StatusCode);
        }

        var plan = await clerk.Client.PostAsJsonAsync($"/api/admin/definitions/{SopCopies.Key}/migrations/plan", new MigrationRequest(1, 1, null));
        Assert.Equal(HttpStatusCode.Forbidden, plan.StatusCode);
        var retry = await clerk.Client.PostAsync($"/api/admin/instances/{Guid.NewGuid()}/incidents/{Guid.NewGuid()}/retry", null);
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);

        // A supervisor (the Kasi) reads instances and heat maps, but neither compares nor migrates.
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        Assert.Equal(HttpStatusCode.OK, (await kasi.Client.GetAsync("/api/admin/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kasi.Client.GetAsync($"/api/admin/definitions/{SopCopies.Key}/versions/1/heatmap")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kasi.Client.GetAsync($"/api/admin/definitions/{SopCopies.Key}/compare?from=1&to=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/api/admin/instances")).StatusCode);
    }
}

public sealed class InstanceMigrationTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const string Renamed = "Task_CekKelengkapan";

    [Fact]
    public async Task Migration_IsRefusedNamingTheWaitingStepWithoutTarget_ThenMovesEveryInstanceWithTheMapping()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var first = await Sop.SubmitNewAsync(applicant.Client);
        var second = await Sop.SubmitNewAsync(applicant.Client);
        var v2 = await SopCopies.DeployAsync(host, SopCopies.Original.Rename(Steps.VerifikasiKelengkapan, Renamed).WithTimer("Timer_ValidasiKasi", "PT10M"));
        using var admin = await host.AdminAsync();
        var path = $"/api/admin/definitions/{SopCopies.Key}/migrations";

        // The plan maps every element by id where the new version has it, and says where the instances wait.
        var plan = await admin.PostAsync<MigrationPlanDto>(path + "/plan", new MigrationRequest(1, v2, null));
        Assert.False(plan.CanMigrate);
        Assert.Equal(2, plan.InstanceCount);
        Assert.Equal(2, plan.WaitingCounts[Steps.VerifikasiKelengkapan]);
        Assert.Equal(Steps.ValidasiKasi, plan.Mapping[Steps.ValidasiKasi]);
        Assert.Equal("Timer_VerifikasiKelengkapan", plan.Mapping["Timer_VerifikasiKelengkapan"]);
        Assert.False(plan.Mapping.ContainsKey(Steps.VerifikasiKelengkapan));
        var row = plan.Rows[0];
        Assert.Equal((Steps.VerifikasiKelengkapan, (string?)null, 2), (row.SourceId, row.TargetId, row.Waiting));
        Assert.Contains(plan.TargetElements, e => e.Id == Renamed);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal(Steps.VerifikasiKelengkapan, problem.ElementId);

        // Migrating as planned is refused, naming the step, and nothing moves.
        var refused = await TestApi.ProblemAsync(await admin.PostAsJsonAsync(path, new MigrationRequest(1, v2, null), TestApi.Json), HttpStatusCode.UnprocessableEntity, "migration-refused");
        Assert.Contains(Steps.VerifikasiKelengkapan, refused.Detail, StringComparison.Ordinal);
        Assert.Contains("tidak ada instance yang dipindahkan", refused.Detail, StringComparison.Ordinal);
        Assert.Equal([Steps.VerifikasiKelengkapan], refused.Errors!.Keys);
        Assert.Equal(2, (await admin.GetAsync<InstancePage>($"/api/admin/instances?definition={SopCopies.Key}&version=1&state=running")).Total);
        Assert.Equal(0, (await admin.GetAsync<InstancePage>($"/api/admin/instances?definition={SopCopies.Key}&version={v2}")).Total);

        // Bad requests change nothing either.
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync(path, new { toVersion = v2 }, TestApi.Json), HttpStatusCode.BadRequest, "migration-versions-required");
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync(path, new MigrationRequest(1, 1, null), TestApi.Json), HttpStatusCode.UnprocessableEntity, "migration-refused");

        // With the step mapped to its new id, both instances move.
        var mapping = new Dictionary<string, string> { [Steps.VerifikasiKelengkapan] = Renamed };
        var mapped = await admin.PostAsync<MigrationPlanDto>(path + "/plan", new MigrationRequest(1, v2, mapping));
        Assert.True(mapped.CanMigrate);
        Assert.Empty(mapped.Problems);
        var result = await admin.PostAsync<MigrationResultDto>(path, new MigrationRequest(1, v2, mapping));
        Assert.Equal(2, result.Migrated);
        Assert.Equal(0, (await admin.GetAsync<InstancePage>($"/api/admin/instances?definition={SopCopies.Key}&version=1&state=running")).Total);

        var instance = await Instances.OfAsync(admin, first.Id);
        Assert.Equal(v2, instance.DefinitionVersion);
        var view = await Instances.ViewAsync(admin, instance.Id);
        Assert.Equal([Renamed], view.ActiveElementIds);
        Assert.Contains(view.History, e => e.Type == HistoryEventType.InstanceMigrated && e.Detail == $"v1 -> v{v2}");

        // The migrated instance runs on: the counter completes the step under its new id.
        await Sop.WorkAsync(office.Loket2, first.Id, Renamed, "lengkap");
        Assert.Equal([Steps.VerifikasiBerkas], (await Instances.ViewAsync(admin, instance.Id)).ActiveElementIds);
        Assert.Equal(v2, (await Instances.OfAsync(admin, second.Id)).DefinitionVersion);
    }
}

public sealed class InstanceViewTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task InstanceView_ShowsActiveSteps_ThePathTaken_AndEachStepsTimeAgainstItsBakuMutu()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await Sop.WorkAsync(office.Loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        host.Clock.Advance(TimeSpan.FromMinutes(7));

        // The Kasi supervises: the instance is found by the application's business key in the list.
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        var summary = await Instances.OfAsync(kasi.Client, application.Id);
        var view = await Instances.ViewAsync(kasi.Client, summary.Id);

        Assert.Equal(InstanceState.Running, view.State);
        Assert.Equal(application.Id, view.ApplicationId);
        Assert.Equal([Steps.VerifikasiBerkas], view.ActiveElementIds);
        Assert.Superset(
            new HashSet<string> { "StartEvent_Diajukan", Steps.VerifikasiKelengkapan, "Gateway_Kelengkapan", Steps.TerbitkanTandaTerima, Steps.VerifikasiBerkas },
            view.Path.ElementIds.ToHashSet());
        Assert.DoesNotContain(Steps.LengkapiBerkas, view.Path.ElementIds);
        Assert.Contains("Flow_Lengkap", view.Path.FlowIds);
        Assert.Contains("Flow_Start_VerifikasiKelengkapan", view.Path.FlowIds);
        Assert.DoesNotContain("Flow_TidakLengkap", view.Path.FlowIds);

        var counter = Assert.Single(view.Steps, s => s.ElementId == Steps.VerifikasiKelengkapan);
        Assert.Equal((HumanTaskState.Completed, 3.0, (int?)10, false, "lengkap"), (counter.State, counter.ElapsedMinutes, counter.StandardMinutes, counter.IsLate, counter.Outcome));
        Assert.StartsWith("Petugas", counter.Assignee, StringComparison.Ordinal);
        var analyst = Assert.Single(view.Steps, s => s.ElementId == Steps.VerifikasiBerkas);
        Assert.Equal((HumanTaskState.Open, 7.0, (int?)5, true), (analyst.State, analyst.ElapsedMinutes, analyst.StandardMinutes, analyst.IsLate));
        Assert.Equal(SicantikWebFactory.Start.AddMinutes(3).AddMinutes(5), analyst.DueAt);

        Assert.Null(view.Variables);
        using var admin = await host.AdminAsync();
        Assert.Equal(application.Id.ToString("D"), (await Instances.ViewAsync(admin, summary.Id)).Variables!["nomorPermohonan"]?.ToString());
        Assert.Contains(view.History, e => e.Type == HistoryEventType.TaskCompleted && e.ElementId == Steps.VerifikasiKelengkapan && e.Outcome == "lengkap" && e.UserName == counter.Assignee);
        Assert.Empty(view.Incidents);

        // The registration number, printed on the Tanda Terima, leads to the same instance.
        var registered = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}");
        Assert.NotNull(registered.Number);
        await using var scope = host.Services.CreateAsyncScope();
        var views = scope.ServiceProvider.GetRequiredService<InstanceViews>();
        Assert.Equal(summary.Id, await views.ResolveAsync(registered.Number));
        Assert.Equal(summary.Id, await views.ResolveAsync(application.Id.ToString("D")));
        Assert.Null(await views.ResolveAsync("SALAH/0000"));

        await TestApi.ProblemAsync(await kasi.Client.GetAsync($"/api/admin/instances/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "instance-not-found");
        await TestApi.ProblemAsync(await kasi.Client.GetAsync("/api/admin/instances?state=tidur"), HttpStatusCode.BadRequest, "unknown-instance-state");
    }

    [Fact]
    public async Task AnIncident_IsShownWithItsStep_AndRetryingItAfterTheFix_LetsTheInstanceRunOn()
    {
        const string Key = "uji-insiden";
        const string Xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs_UjiInsiden" targetNamespace="http://sicantik.id/uji">
              <bpmn:process id="uji-insiden" name="Uji insiden" isExecutable="true">
                <bpmn:startEvent id="Mulai" />
                <bpmn:sequenceFlow id="Flow_Mulai" sourceRef="Mulai" targetRef="Gateway_Jalur" />
                <bpmn:exclusiveGateway id="Gateway_Jalur" name="Jalur?" />
                <bpmn:sequenceFlow id="Flow_A" sourceRef="Gateway_Jalur" targetRef="Selesai">
                  <bpmn:conditionExpression>${jalur == 'a'}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>
                <bpmn:endEvent id="Selesai" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        Guid instanceId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DefinitionService>().DeployAsync(Xml, "admin-uji", publish: true);
            var started = await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest
            {
                DefinitionKey = Key,
                Variables = new Dictionary<string, object?> { ["jalur"] = "b" },
            });
            instanceId = started.Id;
        }

        using var admin = await host.AdminAsync();
        var faulted = await Instances.ViewAsync(admin, instanceId);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        var incident = Assert.Single(faulted.Incidents);
        Assert.True(incident.IsOpen);
        Assert.Equal(("Gateway_Jalur", "Jalur?", IncidentKind.NoFlowMatched), (incident.ElementId, incident.ElementName, incident.Kind));
        Assert.Equal(["Gateway_Jalur"], faulted.ActiveElementIds);

        // A supervisor sees it but only an administrator retries; an unknown incident is a 404.
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        Assert.Single((await Instances.ViewAsync(kasi.Client, instanceId)).Incidents);
        Assert.Equal(HttpStatusCode.Forbidden, (await kasi.Client.PostAsync($"/api/admin/instances/{instanceId}/incidents/{incident.Id}/retry", null)).StatusCode);
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/instances/{instanceId}/incidents/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound, "incident-not-found");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RuntimeService>().SetVariablesAsync(instanceId, new Dictionary<string, object?> { ["jalur"] = "a" }, "admin-uji");
        }

        var retried = await admin.PostAsync<InstanceView>($"/api/admin/instances/{instanceId}/incidents/{incident.Id}/retry", null);
        Assert.Equal(InstanceState.Completed, retried.State);
        Assert.False(Assert.Single(retried.Incidents).IsOpen);
        Assert.Empty(retried.ActiveElementIds);
        Assert.Contains("Flow_A", retried.Path.FlowIds);
        Assert.Contains(retried.History, e => e.Type == HistoryEventType.IncidentResolved);
    }
}

public sealed class HeatMapTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task HeatMap_CountsWhereInstancesWaitNow_AndTheAverageWaitOfCompletedSteps()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var first = await Sop.SubmitNewAsync(applicant.Client);
        var second = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SubmitNewAsync(applicant.Client);
        host.Clock.Advance(TimeSpan.FromMinutes(4));
        await Sop.WorkAsync(office.Loket2, first.Id, Steps.VerifikasiKelengkapan, "lengkap");
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Sop.WorkAsync(office.Loket2, second.Id, Steps.VerifikasiKelengkapan, "lengkap");

        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        var map = await kabid.Client.GetAsync<HeatMap>($"/api/admin/definitions/{SopCopies.Key}/versions/1/heatmap");
        Assert.Equal(3, map.RunningInstances);
        var counter = Assert.Single(map.Steps, s => s.ElementId == Steps.VerifikasiKelengkapan);
        Assert.Equal((1, 2, (double?)5.0, (double?)6.0, (int?)10), (counter.Waiting, counter.Completed, counter.AverageMinutes, counter.MaxMinutes, counter.StandardMinutes));
        var analyst = Assert.Single(map.Steps, s => s.ElementId == Steps.VerifikasiBerkas);
        Assert.Equal((2, 0, (double?)null), (analyst.Waiting, analyst.Completed, analyst.AverageMinutes));
        Assert.Equal(0, Assert.Single(map.Steps, s => s.ElementId == Steps.ValidasiKasi).Waiting);

        // A period that ends before the work was done has no completed steps; a reversed one is refused.
        var before = SicantikWebFactory.Start.AddMinutes(1).ToString("O");
        var early = await kabid.Client.GetAsync<HeatMap>($"/api/admin/definitions/{SopCopies.Key}/versions/1/heatmap?from={Uri.EscapeDataString(SicantikWebFactory.Start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(before)}");
        Assert.Equal(0, Assert.Single(early.Steps, s => s.ElementId == Steps.VerifikasiKelengkapan).Completed);
        await TestApi.ProblemAsync(
            await kabid.Client.GetAsync($"/api/admin/definitions/{SopCopies.Key}/versions/1/heatmap?from={Uri.EscapeDataString(before)}&to={Uri.EscapeDataString(SicantikWebFactory.Start.AddDays(-1).ToString("O"))}"),
            HttpStatusCode.BadRequest,
            "heatmap-period-invalid");
        await TestApi.ProblemAsync(await kabid.Client.GetAsync($"/api/admin/definitions/{SopCopies.Key}/versions/9/heatmap"), HttpStatusCode.NotFound, "definition-not-found");
    }
}

public sealed class ProcessAdminPageAccessTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task ThePages_RenderForTheirRoles_AndAreClosedToOthers()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        using var admin = await host.AdminAsync();
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);

        var versions = await PageForms.GetHtmlAsync(admin, $"/Admin/Proses/Versi?key={SopCopies.Key}");
        Assert.Contains("data-testid=\"versions-table\"", versions, StringComparison.Ordinal);
        Assert.Contains("data-version=\"1\" data-state=\"Published\" data-running=\"1\"", versions, StringComparison.Ordinal);
        Assert.Contains("id=\"versi-data\"", versions, StringComparison.Ordinal);

        var heat = await PageForms.GetHtmlAsync(kasi.Client, $"/Pengawasan/PetaPanas?key={SopCopies.Key}");
        Assert.Contains("data-step=\"Task_VerifikasiKelengkapan\"", heat, StringComparison.Ordinal);
        Assert.Contains("id=\"peta-panas-data\"", heat, StringComparison.Ordinal);

        var view = await PageForms.GetHtmlAsync(kasi.Client, $"/Pengawasan/Instans?id={application.Id}");
        Assert.Contains("data-testid=\"instance-diagram\"", view, StringComparison.Ordinal);
        Assert.Contains("data-step=\"Task_VerifikasiKelengkapan\"", view, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"retry-incident\"", view, StringComparison.Ordinal);
        var unknown = await PageForms.GetHtmlAsync(kasi.Client, "/Pengawasan/Instans?id=SALAH-0000");
        Assert.Contains("data-testid=\"instance-not-found\"", unknown, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Proses/Versi?key=tidak-ada")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Pengawasan/PetaPanas?key={SopCopies.Key}&version=99")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await kasi.Client.GetAsync($"/Admin/Proses/Versi?key={SopCopies.Key}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.Client.GetAsync("/Pengawasan/Instans")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.Client.GetAsync($"/Pengawasan/PetaPanas?key={SopCopies.Key}")).StatusCode);
    }
}
