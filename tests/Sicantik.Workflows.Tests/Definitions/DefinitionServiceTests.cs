using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Definitions;

public sealed class DefinitionServiceTests
{
    private static readonly WorkflowUser Staf = new("ani", "staf");

    private static readonly string V1 = Bpmn.SingleTask(id: "izin");

    /// <summary>The same key with a second step: a new version.</summary>
    private static readonly string V2 = Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Task" name="Tugas" camunda:candidateGroups="staf" />
        <bpmn:userTask id="Paraf" name="Paraf kepala" camunda:candidateGroups="kepala" />
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Task")}
        {Bpmn.Flow("f2", "Task", "Paraf")}
        {Bpmn.Flow("f3", "Paraf", "End")}
        """,
        "izin");

    /// <summary>A user task nobody may work: refused with rule <c>NoCandidate</c>.</summary>
    private static readonly string Invalid = Bpmn.SingleTask(id: "izin", taskAttributes: string.Empty);

    private static string Sha256(string xml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public async Task Deploy_CreatesDraftVersionOneWithHash_WhenKeyIsNew()
    {
        await using var engine = TestEngine.Create();

        var result = await engine.Definitions.DeployAsync(V1, "admin");

        Assert.True(result.IsNew);
        var record = result.Definition;
        Assert.Equal("izin", record.Key);
        Assert.Equal(1, record.Version);
        Assert.Equal(DefinitionState.Draft, record.State);
        Assert.Equal(Sha256(V1), record.Hash);
        Assert.Equal(64, record.Hash.Length);
        Assert.Equal("admin", record.DeployedBy);
        Assert.Equal(engine.Clock.GetUtcNow(), record.DeployedAt);
        Assert.Null(record.PublishedAt);
        Assert.Equal(V1, record.Xml);
        var stored = await engine.Definitions.GetAsync("izin", 1);
        Assert.Equal(DefinitionState.Draft, stored.State);
        Assert.Equal(record.Hash, stored.Hash);
    }

    [Fact]
    public async Task Deploy_ReturnsExistingVersion_WhenXmlIsUnchanged()
    {
        await using var engine = TestEngine.Create();
        var first = await engine.Definitions.DeployAsync(V1, "admin");
        engine.Clock.Advance(TimeSpan.FromHours(1));

        var again = await engine.Definitions.DeployAsync(V1, "someone-else");

        Assert.False(again.IsNew);
        Assert.Equal(1, again.Definition.Version);
        Assert.Equal(first.Definition.Hash, again.Definition.Hash);
        Assert.Equal("admin", again.Definition.DeployedBy);
        Assert.Equal(first.Definition.DeployedAt, again.Definition.DeployedAt);
        Assert.Single(await engine.Definitions.ListAsync("izin"));
    }

    [Fact]
    public async Task Deploy_CreatesDraftVersionTwo_WhenXmlChanged()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");

        var second = await engine.Definitions.DeployAsync(V2, "admin");

        Assert.True(second.IsNew);
        Assert.Equal(2, second.Definition.Version);
        Assert.Equal(DefinitionState.Draft, second.Definition.State);
        Assert.Equal(Sha256(V2), second.Definition.Hash);
        Assert.NotEqual(Sha256(V1), second.Definition.Hash);
        Assert.Equal(DefinitionState.Draft, (await engine.Definitions.GetAsync("izin", 1)).State);
    }

    [Fact]
    public async Task Publish_PublishesVersionAndRetiresPreviouslyPublished_WhenAnotherWasPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");
        await engine.Definitions.DeployAsync(V2, "admin");
        var v1 = await engine.Definitions.PublishAsync("izin", 1, "kadis");
        Assert.Equal(DefinitionState.Published, v1.State);
        Assert.Equal("kadis", v1.PublishedBy);
        Assert.Equal(engine.Clock.GetUtcNow(), v1.PublishedAt);
        engine.Clock.Advance(TimeSpan.FromDays(1));

        var v2 = await engine.Definitions.PublishAsync("izin", 2, "kadis");

        Assert.Equal(DefinitionState.Published, v2.State);
        Assert.Equal(engine.Clock.GetUtcNow(), v2.PublishedAt);
        var retired = await engine.Definitions.GetAsync("izin", 1);
        Assert.Equal(DefinitionState.Retired, retired.State);
        Assert.Equal(engine.Clock.GetUtcNow(), retired.RetiredAt);
        Assert.Equal("kadis", retired.RetiredBy);
        Assert.Equal(2, (await engine.Definitions.GetPublishedAsync("izin")).Version);
        Assert.Single(await engine.Definitions.ListAsync("izin"), d => d.State == DefinitionState.Published);
    }

    [Fact]
    public async Task Publish_GoesBackToAnOlderVersion_WhenANewerOneIsPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");
        await engine.Definitions.DeployAsync(V2, "admin");
        await engine.Definitions.PublishAsync("izin", 2, "kadis");

        var v1 = await engine.Definitions.PublishAsync("izin", 1, "kadis");

        Assert.Equal(DefinitionState.Published, v1.State);
        Assert.Equal(DefinitionState.Retired, (await engine.Definitions.GetAsync("izin", 2)).State);
        Assert.Equal(1, (await engine.Definitions.GetPublishedAsync("izin")).Version);
        Assert.Single(await engine.Definitions.ListAsync("izin"), d => d.State == DefinitionState.Published);
        var instance = await engine.StartAsync("izin", businessKey: "kembali");
        Assert.Equal(1, instance.DefinitionVersion);
    }

    [Fact]
    public async Task Publish_ThrowsDefinitionStateConflict_WhenVersionIsAlreadyPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin", publish: true);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Definitions.PublishAsync("izin", 1));

        Assert.Equal(WorkflowError.DefinitionStateConflict, ex.Error);
        Assert.Equal(DefinitionState.Published, (await engine.Definitions.GetAsync("izin", 1)).State);
    }

    [Fact]
    public async Task Retire_RetiresVersionAndStartIsRefused_WhenNoOtherVersionIsPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin", publish: true);
        engine.Clock.Advance(TimeSpan.FromHours(2));

        var retired = await engine.Definitions.RetireAsync("izin", 1, "kadis");

        Assert.Equal(DefinitionState.Retired, retired.State);
        Assert.Equal(engine.Clock.GetUtcNow(), retired.RetiredAt);
        Assert.Equal("kadis", retired.RetiredBy);
        Assert.Equal(DefinitionState.Retired, (await engine.Definitions.GetAsync("izin", 1)).State);
        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.StartAsync("izin"));
        Assert.Equal(WorkflowError.NoPublishedVersion, ex.Error);
        var published = await Assert.ThrowsAsync<WorkflowException>(() => engine.Definitions.GetPublishedAsync("izin"));
        Assert.Equal(WorkflowError.NoPublishedVersion, published.Error);
    }

    [Fact]
    public async Task Retire_ThrowsDefinitionStateConflict_WhenAlreadyRetired()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin", publish: true);
        await engine.Definitions.RetireAsync("izin", 1);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Definitions.RetireAsync("izin", 1));

        Assert.Equal(WorkflowError.DefinitionStateConflict, ex.Error);
    }

    [Fact]
    public async Task Start_ThrowsNoPublishedVersion_WhenOnlyDraftsExist()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.StartAsync("izin"));

        Assert.Equal(WorkflowError.NoPublishedVersion, ex.Error);
    }

    [Fact]
    public async Task Start_ThrowsDefinitionNotFound_WhenKeyIsUnknown()
    {
        await using var engine = TestEngine.Create();

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.StartAsync("tidak-ada"));

        Assert.Equal(WorkflowError.DefinitionNotFound, ex.Error);
    }

    [Fact]
    public async Task Publish_KeepsRunningInstancesOnTheirVersion_WhenNewVersionIsPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin", publish: true);
        var onV1 = await engine.StartAsync("izin", businessKey: "lama");
        Assert.Equal(1, onV1.DefinitionVersion);

        await engine.Definitions.DeployAsync(V2, "admin", publish: true);
        var onV2 = await engine.StartAsync("izin", businessKey: "baru");

        Assert.Equal(2, onV2.DefinitionVersion);
        Assert.Equal(DefinitionState.Retired, (await engine.Definitions.GetAsync("izin", 1)).State);
        var oldTask = await engine.TaskAsync(onV1.Id, "Task");
        Assert.Equal(1, oldTask.DefinitionVersion);
        await engine.Tasks.CompleteAsync(oldTask.Id, Staf);
        var finished = await engine.InstanceAsync(onV1.Id);
        Assert.Equal(InstanceState.Completed, finished.State);
        Assert.Equal(1, finished.DefinitionVersion);
        Assert.Equal("End", finished.EndedWith);

        var newTask = await engine.TaskAsync(onV2.Id, "Task");
        Assert.Equal(2, newTask.DefinitionVersion);
        await engine.Tasks.CompleteAsync(newTask.Id, Staf);
        var paraf = await engine.TaskAsync(onV2.Id, "Paraf");
        Assert.Equal(2, paraf.DefinitionVersion);
        Assert.Equal(InstanceState.Running, (await engine.InstanceAsync(onV2.Id)).State);
    }

    [Fact]
    public async Task Deploy_PublishesAtOnce_WhenPublishIsTrue()
    {
        await using var engine = TestEngine.Create();

        var result = await engine.Definitions.DeployAsync(V1, "admin", publish: true);

        Assert.True(result.IsNew);
        Assert.Equal(DefinitionState.Published, result.Definition.State);
        Assert.Equal("admin", result.Definition.PublishedBy);
        Assert.Equal(engine.Clock.GetUtcNow(), result.Definition.PublishedAt);
        Assert.Equal(DefinitionState.Published, (await engine.Definitions.GetAsync("izin", 1)).State);
        var instance = await engine.StartAsync("izin");
        Assert.Equal(1, instance.DefinitionVersion);
    }

    [Fact]
    public async Task Deploy_PublishesExistingDraft_WhenSameXmlIsDeployedWithPublish()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");

        var result = await engine.Definitions.DeployAsync(V1, "admin", publish: true);

        Assert.False(result.IsNew);
        Assert.Equal(1, result.Definition.Version);
        Assert.Equal(DefinitionState.Published, result.Definition.State);
        Assert.Single(await engine.Definitions.ListAsync("izin"));
    }

    [Fact]
    public async Task Deploy_ThrowsValidationAndStoresNothing_WhenXmlIsInvalid()
    {
        await using var engine = TestEngine.Create();

        var ex = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.DeployAsync(Invalid, "admin"));

        Assert.Equal(WorkflowError.DefinitionInvalid, ex.Error);
        var error = Assert.Single(ex.Errors);
        Assert.Equal("NoCandidate", error.Rule);
        Assert.Equal("Task", error.ElementId);
        Assert.Empty(await engine.Definitions.ListAsync());
        Assert.Empty(await engine.Definitions.ListAsync("izin"));
    }

    [Fact]
    public async Task Deploy_ThrowsValidationAndStoresNothing_WhenXmlIsMalformed()
    {
        await using var engine = TestEngine.Create();

        var ex = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.DeployAsync("<bpmn:definitions", "admin"));

        Assert.Equal("MalformedXml", Assert.Single(ex.Errors).Rule);
        Assert.Empty(await engine.Definitions.ListAsync());
    }

    [Fact]
    public async Task Get_ThrowsDefinitionNotFound_WhenVersionIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Definitions.GetAsync("izin", 2));

        Assert.Equal(WorkflowError.DefinitionNotFound, ex.Error);
        var unknownKey = await Assert.ThrowsAsync<WorkflowException>(() => engine.Definitions.GetAsync("tidak-ada", 1));
        Assert.Equal(WorkflowError.DefinitionNotFound, unknownKey.Error);
    }

    [Fact]
    public async Task Validate_ReturnsErrorsWithoutStoring_WhenXmlIsInvalid()
    {
        await using var engine = TestEngine.Create();

        var errors = engine.Definitions.Validate(Invalid);

        var error = Assert.Single(errors);
        Assert.Equal("NoCandidate", error.Rule);
        Assert.Equal("userTask", error.ElementType);
        Assert.Contains("Task", error.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.Definitions.ListAsync());
    }

    [Fact]
    public async Task Validate_ReturnsNoErrorsWithoutStoring_WhenXmlIsValid()
    {
        await using var engine = TestEngine.Create();

        Assert.Empty(engine.Definitions.Validate(V1));
        Assert.Empty(await engine.Definitions.ListAsync());
    }

    [Fact]
    public async Task List_ReturnsVersionsOfKeyInOrder_WhenKeyIsGiven()
    {
        await using var engine = TestEngine.Create();
        await engine.Definitions.DeployAsync(V1, "admin");
        await engine.Definitions.DeployAsync(Bpmn.SingleTask(id: "lain"), "admin");
        await engine.Definitions.DeployAsync(V2, "admin", publish: true);
        await engine.Definitions.DeployAsync(Bpmn.SingleTask(id: "izin", taskAttributes: """camunda:candidateGroups="kepala" """), "admin");

        var izin = await engine.Definitions.ListAsync("izin");

        Assert.Equal([1, 2, 3], izin.Select(d => d.Version));
        Assert.All(izin, d => Assert.Equal("izin", d.Key));
        Assert.Equal([DefinitionState.Draft, DefinitionState.Published, DefinitionState.Draft], izin.Select(d => d.State));
        var all = await engine.Definitions.ListAsync();
        Assert.Equal(["izin:1", "izin:2", "izin:3", "lain:1"], all.Select(d => $"{d.Key}:{d.Version}"));
        Assert.Empty(await engine.Definitions.ListAsync("tidak-ada"));
    }

    [Fact]
    public async Task Publish_LeavesOnePublishedVersion_WhenTwoVersionsArePublishedConcurrentlyWithNoneYetPublished()
    {
        await using var engine = TestEngine.Create(configure: s => s.Replace(
            ServiceDescriptor.Singleton<IDefinitionStore>(sp => new GatedDefinitionStore(sp.GetRequiredService<InMemoryDefinitionStore>()))));
        var gate = Assert.IsType<GatedDefinitionStore>(engine.Services.GetRequiredService<IDefinitionStore>());
        await engine.Definitions.DeployAsync(V1, "admin");
        await engine.Definitions.DeployAsync(V2, "admin");
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();
        await using var first = scopes.CreateAsyncScope();
        await using var second = scopes.CreateAsyncScope();
        var firstDefinitions = first.ServiceProvider.GetRequiredService<DefinitionService>();
        var secondDefinitions = second.ServiceProvider.GetRequiredService<DefinitionService>();

        // Both publishes look for the published version before either saves.
        gate.Arm(calls: 2);
        await Task.WhenAll(
            Task.Run(() => firstDefinitions.PublishAsync("izin", 1, "kadis")),
            Task.Run(() => secondDefinitions.PublishAsync("izin", 2, "sekda")));

        var versions = await engine.Definitions.ListAsync("izin");
        Assert.Single(versions, d => d.State == DefinitionState.Published);
        Assert.Single(versions, d => d.State == DefinitionState.Retired);
    }
}

/// <summary>
/// A definition store that, once armed, holds each look-up of the published version until the expected number of
/// look-ups have been made, so that concurrent publishes deterministically see the same state.
/// </summary>
internal sealed class GatedDefinitionStore(InMemoryDefinitionStore inner) : IDefinitionStore
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _barrier;
    private int _expected;
    private int _arrived;

    public void Arm(int calls)
    {
        lock (_lock)
        {
            _barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _expected = calls;
            _arrived = 0;
        }
    }

    public async Task<DefinitionRecord?> FindPublishedAsync(string key, CancellationToken cancellationToken = default)
    {
        var published = await inner.FindPublishedAsync(key, cancellationToken);
        Task? wait = null;
        lock (_lock)
        {
            if (_barrier is { } barrier)
            {
                wait = barrier.Task;
                if (++_arrived >= _expected)
                {
                    _barrier = null;
                    barrier.SetResult();
                }
            }
        }

        if (wait is not null)
        {
            // A guard against a hang if a call never comes, not a timing assertion.
            await wait.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return published;
    }

    public Task<DefinitionRecord?> FindAsync(string key, int version, CancellationToken cancellationToken = default) => inner.FindAsync(key, version, cancellationToken);

    public Task<DefinitionRecord?> FindLatestAsync(string key, CancellationToken cancellationToken = default) => inner.FindLatestAsync(key, cancellationToken);

    public Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default) => inner.ListAsync(key, cancellationToken);

    public Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default) => inner.SaveAsync(records, cancellationToken);
}
