using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class StartTests
{
    private static string SingleTask(string taskId = "Task") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {UserTask(taskId)}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", taskId)}
        {Bpmn.Flow("f2", taskId, "End")}
        """,
        "izin");

    [Fact]
    public async Task Start_KeepsBusinessKeyStarterAndNormalizedVariables_WhenGiven()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        var instance = await engine.Runtime.StartAsync(new StartInstanceRequest
        {
            DefinitionKey = "izin",
            BusinessKey = "IZN-2026-001",
            StartedBy = "petugas-loket",
            Variables = Vars.From(new { jumlah = 3, luas = 12.5m, lengkap = true, nama = "Budi", tanggal = new DateOnly(2026, 11, 23), kosong = (string?)null }),
        });

        Assert.Equal("izin", instance.DefinitionKey);
        Assert.Equal(1, instance.DefinitionVersion);
        Assert.Equal("IZN-2026-001", instance.BusinessKey);
        Assert.Equal("petugas-loket", instance.StartedBy);
        Assert.Equal(TestEngine.MondayMorning, instance.StartedAt);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.IsType<long>(instance.Variables["jumlah"]);
        Assert.Equal(3L, instance.Variables["jumlah"]);
        Assert.Equal(12.5, instance.Variables["luas"]);
        Assert.Equal(true, instance.Variables["lengkap"]);
        Assert.Equal("Budi", instance.Variables["nama"]);
        Assert.Equal("2026-11-23", instance.Variables["tanggal"]);
        Assert.True(instance.Variables.ContainsKey("kosong"));
        Assert.Null(instance.Variables["kosong"]);

        var stored = await engine.InstanceAsync(instance.Id);
        Assert.Equal(3L, stored.Variables["jumlah"]);
        Assert.Equal("IZN-2026-001", stored.BusinessKey);
        var task = await engine.TaskAsync(instance.Id, "Task");
        Assert.Equal("IZN-2026-001", task.BusinessKey);
        Assert.Equal(1, task.DefinitionVersion);
        var started = (await engine.HistoryAsync(instance.Id))[0];
        Assert.Equal(HistoryEventType.InstanceStarted, started.Type);
        Assert.Equal("petugas-loket", started.UserId);
        Assert.Equal("IZN-2026-001", started.Detail);
        Assert.Equal("Start", started.ElementId);
    }

    [Fact]
    public async Task Start_IsFoundByBusinessKey_WhenQueried()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());
        var instance = await engine.StartAsync("izin", businessKey: "IZN-7");
        await engine.StartAsync("izin", businessKey: "IZN-8");

        var found = await engine.Runtime.QueryAsync(new InstanceQuery { BusinessKey = "IZN-7" });

        Assert.Equal(instance.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task Start_ThrowsNoPublishedVersion_WhenOnlyDraftExists()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(SingleTask(), "admin");

        var error = await ThrowsWorkflowAsync(WorkflowError.NoPublishedVersion, () => engine.StartAsync("izin"));

        Assert.Contains("izin", error.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.Runtime.QueryAsync(new InstanceQuery()));
    }

    [Fact]
    public async Task Start_ThrowsDefinitionNotFound_WhenKeyIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        var error = await ThrowsWorkflowAsync(WorkflowError.DefinitionNotFound, () => engine.StartAsync("tidak-ada"));

        Assert.Contains("tidak-ada", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ThrowsDefinitionNotFound_WhenExplicitVersionIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        await ThrowsWorkflowAsync(WorkflowError.DefinitionNotFound, () => engine.Runtime.StartAsync(new StartInstanceRequest { DefinitionKey = "izin", Version = 9 }));
    }

    [Fact]
    public async Task Start_RunsDraft_WhenItsVersionIsGivenExplicitly()
    {
        await using var engine = TestEngine.Create();
        var draft = (await engine.Definitions.DeployAsync(SingleTask(), "admin")).Definition;
        Assert.Equal(DefinitionState.Draft, draft.State);

        var instance = await engine.Runtime.StartAsync(new StartInstanceRequest { DefinitionKey = "izin", Version = draft.Version, StartedBy = "admin" });

        Assert.Equal(draft.Version, instance.DefinitionVersion);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Start_UsesPublishedVersionUnlessToldOtherwise_WhenNewerDraftExists()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask("Lama"));
        var draft = (await engine.Definitions.DeployAsync(SingleTask("Baru"), "admin")).Definition;
        Assert.Equal(2, draft.Version);

        var published = await engine.StartAsync("izin");
        var tried = await engine.Runtime.StartAsync(new StartInstanceRequest { DefinitionKey = "izin", Version = 2 });

        Assert.Equal(1, published.DefinitionVersion);
        Assert.Equal(["Lama"], await engine.OpenTaskElementsAsync(published.Id));
        Assert.Equal(2, tried.DefinitionVersion);
        Assert.Equal(["Baru"], await engine.OpenTaskElementsAsync(tried.Id));
    }

    [Fact]
    public async Task Start_ThrowsDefinitionStateConflict_WhenExplicitVersionIsRetired()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask("Lama"));
        await engine.DeployAsync(SingleTask("Baru"));

        await ThrowsWorkflowAsync(WorkflowError.DefinitionStateConflict, () => engine.Runtime.StartAsync(new StartInstanceRequest { DefinitionKey = "izin", Version = 1 }));
        Assert.Equal(2, (await engine.StartAsync("izin")).DefinitionVersion);
    }

    [Fact]
    public async Task Start_ThrowsInvalidVariables_WhenVariableTypeIsUnsupported()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        var error = await ThrowsWorkflowAsync(WorkflowError.InvalidVariables, () => engine.StartAsync("izin", new { berkas = new object() }));

        Assert.Contains("berkas", error.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.Runtime.QueryAsync(new InstanceQuery()));
    }

    [Fact]
    public async Task Start_ThrowsInvalidVariables_WhenVariableIsLargerThanOneMebibyte()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        var error = await ThrowsWorkflowAsync(WorkflowError.InvalidVariables, () => engine.StartAsync("izin", new { lampiran = new string('x', 1_100_000) }));

        Assert.Contains("lampiran", error.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.Runtime.QueryAsync(new InstanceQuery()));
    }

    [Fact]
    public async Task Start_ThrowsInvalidVariables_WhenVariableNameIsBlank()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(SingleTask());

        await ThrowsWorkflowAsync(WorkflowError.InvalidVariables, () => engine.StartAsync("izin", new Dictionary<string, object?> { [" "] = 1 }));
    }

    [Fact]
    public async Task InstanceAsync_ThrowsInstanceNotFound_WhenIdIsUnknown()
    {
        await using var engine = TestEngine.Create();

        await ThrowsWorkflowAsync(WorkflowError.InstanceNotFound, () => engine.InstanceAsync(Guid.NewGuid()));
        Assert.Null(await engine.Runtime.FindAsync(Guid.NewGuid()));
    }
}
