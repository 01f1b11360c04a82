using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class ServiceTaskTests
{
    private const string Topic = "cek-berkas";
    private static readonly DateTimeOffset T0 = TestEngine.MondayMorning;

    /// <summary>start → Svc (topic cek-berkas) → After → end.</summary>
    private static string ServiceThenTask(string serviceBody = "", string extra = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {ServiceTask("Svc", Topic, serviceBody)}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {extra}
        {Bpmn.Flow("f1", "Start", "Svc")}
        {Bpmn.Flow("f2", "Svc", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "layanan");

    private static void AlwaysFail(TestEngine engine) =>
        engine.Handlers.On(Topic, _ => throw new InvalidOperationException("server OSS tidak menjawab"));

    [Fact]
    public async Task Handler_SetsVariablesAndInstanceContinues_WhenItSucceeds()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        engine.Handlers.On(Topic, ctx =>
        {
            Assert.Equal("IZN-1", ctx.BusinessKey);
            Assert.Equal("layanan", ctx.DefinitionKey);
            Assert.Equal("Svc", ctx.ElementId);
            Assert.Equal(T0, ctx.Now);
            Assert.Equal("Budi", ctx.Variables["nama"]);
            ctx.SetVariable("x", 1);
            Assert.Equal(1L, ctx.Variables["x"]);
        });
        await engine.DeployAsync(ServiceThenTask());

        var instance = await engine.StartAsync("layanan", new { nama = "Budi" }, "IZN-1");

        Assert.Equal(1L, instance.Variables["x"]);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(instance));
        var call = Assert.Single(engine.Handlers.Calls);
        Assert.Equal(new ServiceTaskCall(Topic, "Svc", "IZN-1", 1, null), call);
        Assert.Equal(["InstanceStarted Start", "ServiceTaskCompleted Svc", "TaskCreated After"], await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task Handler_IsRetriedAfterBackoff_WhenItFailsOnceThenSucceeds()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        engine.Handlers.On(Topic, ctx =>
        {
            if (ctx.Attempt == 1)
            {
                throw new InvalidOperationException("server OSS tidak menjawab");
            }

            ctx.SetVariable("nib", "1234");
        });
        await engine.DeployAsync(ServiceThenTask());

        var instance = await engine.StartAsync("layanan");

        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(["Svc:Waiting:Retry"], TokenPositions(instance));
        Assert.Equal(1, instance.Tokens[0].Attempts);
        var retry = Assert.Single(instance.Timers);
        Assert.Equal(TimerPurpose.Retry, retry.Purpose);
        Assert.Equal("Svc", retry.ElementId);
        Assert.Equal(T0.AddMinutes(1), retry.DueAt);
        Assert.Empty(instance.Incidents);
        var failed = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.ServiceTaskFailed));
        Assert.Equal("server OSS tidak menjawab", failed.Detail);

        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 0, 59)));
        Assert.Single(engine.Handlers.Calls);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal([1, 2], engine.Handlers.Calls.Select(c => c.Attempt));
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal("1234", after.Variables["nib"]);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(0, after.Tokens[0].Attempts);
        Assert.Empty(after.Timers);
        Assert.Equal(
            ["InstanceStarted Start", "ServiceTaskFailed Svc", "TimerFired Svc", "ServiceTaskCompleted Svc", "TaskCreated After"],
            await engine.HistoryLinesAsync(instance.Id));
        Assert.Null(Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired)).Detail);
    }

    [Fact]
    public async Task Handler_BecomesIncidentAfterThreeAttempts_WhenItAlwaysFails()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask());
        var instance = await engine.StartAsync("layanan");

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));
        var second = await engine.InstanceAsync(instance.Id);
        Assert.Equal(T0.AddMinutes(3), Assert.Single(second.Timers).DueAt);
        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 1, 59)));
        Assert.Equal(InstanceState.Running, (await engine.InstanceAsync(instance.Id)).State);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal([1, 2, 3], engine.Handlers.Calls.Select(c => c.Attempt));
        var faulted = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal(IncidentKind.HandlerFailed, incident.Kind);
        Assert.Equal("Svc", incident.ElementId);
        Assert.Contains("server OSS tidak menjawab", incident.Message, StringComparison.Ordinal);
        Assert.Equal(T0.AddMinutes(3), incident.CreatedAt);
        Assert.Equal(["Svc:Failed:None"], TokenPositions(faulted));
        Assert.Empty(faulted.Timers);
        Assert.Equal(2, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.ServiceTaskFailed)).Length);
        Assert.Equal(["IncidentCreated Svc", "InstanceFaulted Svc"], (await engine.HistoryLinesAsync(instance.Id))[^2..]);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(3, engine.Handlers.Calls.Count);
    }

    [Fact]
    public async Task Handler_IsTriedFiveTimes_WhenRetryTimeCycleSaysR5()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask(
            """<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R5/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>"""));
        var instance = await engine.StartAsync("layanan");

        // Whatever the waits between attempts, ten minutes cover each one.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(InstanceState.Running, (await engine.InstanceAsync(instance.Id)).State);
            Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));
        }

        Assert.Equal([1, 2, 3, 4, 5], engine.Handlers.Calls.Select(c => c.Attempt));
        var faulted = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        Assert.Equal(IncidentKind.HandlerFailed, Assert.Single(faulted.Incidents).Kind);
        Assert.Equal(4, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.ServiceTaskFailed)).Length);
    }

    [Fact]
    public async Task RetryIncident_CompletesServiceTask_WhenHandlerFixed()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask());
        var instance = await engine.StartAsync("layanan");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(1));
        await engine.AdvanceAsync(TimeSpan.FromMinutes(2));
        var incident = Assert.Single((await engine.InstanceAsync(instance.Id)).Incidents);

        engine.Handlers.On(Topic, ctx => ctx.SetVariable("nib", "1234"));
        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator");

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal("1234", after.Variables["nib"]);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(after));
        Assert.False(Assert.Single(after.Incidents).IsOpen);

        // A retried incident starts counting attempts afresh.
        Assert.Equal(1, engine.Handlers.Calls[^1].Attempt);
        Assert.Equal(["IncidentResolved Svc", "ServiceTaskCompleted Svc", "TaskCreated After"], (await engine.HistoryLinesAsync(instance.Id))[^3..]);
    }

    [Fact]
    public async Task ServiceTask_FaultsWithNoHandler_WhenNoHandlerServesTopic()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ServiceThenTask());

        var instance = await engine.StartAsync("layanan");

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.NoHandler, incident.Kind);
        Assert.Equal("Svc", incident.ElementId);
        Assert.Contains(Topic, incident.Message, StringComparison.Ordinal);
        Assert.Contains("Svc", incident.Message, StringComparison.Ordinal);
        Assert.Empty(instance.Timers);
        Assert.Equal(["Svc:Failed:None"], TokenPositions(instance));
    }

    [Fact]
    public async Task GatewayExpression_FaultsInsteadOfThrowing_WhenVariableIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {UserTask("Nilai")}
            {Gateway("exclusive", "Gw", "fGagal")}
            {UserTask("Lulus")}
            {UserTask("Gagal")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Nilai")}
            {Bpmn.Flow("f2", "Nilai", "Gw")}
            {Bpmn.Flow("fLulus", "Gw", "Lulus", "${nilai gt 70}")}
            {Bpmn.Flow("fGagal", "Gw", "Gagal")}
            {Bpmn.Flow("f3", "Lulus", "End")}
            {Bpmn.Flow("f4", "Gagal", "End")}
            """,
            "ujian"));
        var instance = await engine.StartAsync("ujian");

        // No exception for the user completing the task: the gateway's failure is the operator's.
        await engine.CompleteTaskAsync(instance.Id, "Nilai");

        var faulted = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal(IncidentKind.ExpressionFailed, incident.Kind);
        Assert.Equal("Gw", incident.ElementId);
        Assert.Contains("Gw", incident.Message, StringComparison.Ordinal);
        Assert.Contains("nilai", incident.Message, StringComparison.Ordinal);
        Assert.Equal(["Gw:Failed:None"], TokenPositions(faulted));

        await engine.Runtime.SetVariablesAsync(instance.Id, Vars.From(new { nilai = 80 }), "operator");
        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator");

        var retried = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, retried.State);
        Assert.Equal(["Lulus"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal("fLulus", (await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken)).Single().FlowId);
    }

    [Fact]
    public async Task RetryIncident_ThrowsIncidentNotFound_WhenIncidentIdIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ServiceThenTask());
        var instance = await engine.StartAsync("layanan");

        await ThrowsWorkflowAsync(WorkflowError.IncidentNotFound, () => engine.Runtime.RetryIncidentAsync(instance.Id, Guid.NewGuid()));
        Assert.Equal(InstanceState.Faulted, (await engine.InstanceAsync(instance.Id)).State);
    }

    /// <summary>
    /// A timer boundary event on a service task is accepted at deploy time, so it must be armed while the task waits
    /// for its next attempt: a modeller's "give up after 30 minutes" path must not be ignored silently.
    /// </summary>
    [Fact]
    public async Task BoundaryTimer_InterruptsServiceTask_WhenTaskWaitsForRetry()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask(
            """<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R10/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>""",
            $"""
            {BoundaryTimer("Timeout", "Svc", "timeDuration", "PT30M")}
            {UserTask("Manual")}
            <bpmn:endEvent id="ManualEnd" />
            {Bpmn.Flow("fManual", "Timeout", "Manual")}
            {Bpmn.Flow("fManualEnd", "Manual", "ManualEnd")}
            """));
        var instance = await engine.StartAsync("layanan");

        await engine.AdvanceAsync(TimeSpan.FromMinutes(30));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Manual:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
        Assert.Equal(InstanceState.Running, after.State);
    }

    /// <summary>
    /// HttpClient reports its timeout as a <see cref="TaskCanceledException"/>; when the engine's own token was not
    /// cancelled, that is a failed attempt like any other, not an exception for whoever started the command.
    /// </summary>
    [Fact]
    public async Task Handler_IsRetried_WhenItThrowsTaskCanceledWithoutEngineCancellation()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        engine.Handlers.On(Topic, ctx =>
        {
            if (ctx.Attempt == 1)
            {
                throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");
            }
        });
        await engine.DeployAsync(ServiceThenTask());

        var instance = await engine.StartAsync("layanan", businessKey: "IZN-1");

        Assert.Equal(["Svc:Waiting:Retry"], TokenPositions(instance));
        Assert.Equal(T0.AddMinutes(1), Assert.Single(instance.Timers).DueAt);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    /// <summary>
    /// Each retry waits twice as long as the one before; with many attempts the wait must not overflow the calendar
    /// (and an exception must not escape the timer sweep, where it would stop every other instance's timers).
    /// </summary>
    [Fact]
    public async Task Handler_BecomesIncidentWithoutOverflow_WhenRetryCycleAllowsManyAttempts()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask(
            """<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R40/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>"""));
        var instance = await engine.StartAsync("layanan");

        for (var attempt = 2; attempt <= 40; attempt++)
        {
            var retry = Assert.Single((await engine.InstanceAsync(instance.Id)).Timers);
            engine.Clock.Advance(retry.DueAt - engine.Clock.GetUtcNow());
            Assert.Equal(1, await engine.Timers.FireDueAsync());
        }

        Assert.Equal(40, engine.Handlers.Calls.Count);
        var faulted = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        Assert.Equal(IncidentKind.HandlerFailed, Assert.Single(faulted.Incidents).Kind);
    }

    /// <summary>
    /// A non-interrupting boundary timer fires once per activity instance; a service task that keeps failing is still
    /// the same activity instance, so later failures must not arm the timer again.
    /// </summary>
    [Fact]
    public async Task NonInterruptingBoundary_FiresOnce_WhenServiceTaskKeepsFailing()
    {
        await using var engine = TestEngine.Create(topics: [Topic]);
        AlwaysFail(engine);
        await engine.DeployAsync(ServiceThenTask(
            """<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R8/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>""",
            $"""
            {BoundaryTimer("Lapor", "Svc", "timeDuration", "PT5M", interrupting: false)}
            <bpmn:endEvent id="LaporEnd" />
            {Bpmn.Flow("fLapor", "Lapor", "LaporEnd")}
            """));
        var instance = await engine.StartAsync("layanan");

        for (var minute = 0; minute < 60; minute++)
        {
            await engine.AdvanceAsync(TimeSpan.FromMinutes(1));
        }

        Assert.True(engine.Handlers.Calls.Count >= 5);
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired), e => e.ElementId == "Lapor");
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.EndEventReached), e => e.ElementId == "LaporEnd");
    }
}
