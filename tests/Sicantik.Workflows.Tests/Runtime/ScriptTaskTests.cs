using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class ScriptTaskTests
{
    /// <summary>start → Script → After → end.</summary>
    private static string ScriptThenTask(string script, string attributes = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {ScriptTask("Script", script, attributes)}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Script")}
        {Bpmn.Flow("f2", "Script", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "skrip");

    [Fact]
    public async Task Script_SetsVariablesAndResultVariable_WhenItRuns()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ScriptThenTask(
            """
            execution.setVariable('total', jumlah * 2);
            execution.setVariable('pemohon', execution.getVariable('nama') + ' (diperiksa)');
            jumlah + 1;
            """,
            """camunda:resultVariable="hasil" """));

        var instance = await engine.StartAsync("skrip", new { jumlah = 20, nama = "Budi" });

        Assert.Equal(40L, instance.Variables["total"]);
        Assert.Equal("Budi (diperiksa)", instance.Variables["pemohon"]);
        Assert.Equal(21L, instance.Variables["hasil"]);
        Assert.Equal(20L, instance.Variables["jumlah"]);
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["InstanceStarted Start", "ScriptExecuted Script", "TaskCreated After"], await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task Script_SetsOnlyVariablesItNames_WhenThereIsNoResultVariable()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ScriptThenTask("execution.setVariable('status', 'lengkap'); 42;"));

        var instance = await engine.StartAsync("skrip");

        Assert.Equal(["status"], instance.Variables.Keys);
        Assert.Equal("lengkap", instance.Variables["status"]);
    }

    [Fact]
    public async Task Script_FaultsWithExpressionFailed_WhenScriptThrows()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ScriptThenTask("if (!lengkap) { throw new Error('berkas belum lengkap'); } execution.setVariable('diperiksa', true);"));

        var instance = await engine.StartAsync("skrip", new { lengkap = false });

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.ExpressionFailed, incident.Kind);
        Assert.Equal("Script", incident.ElementId);
        Assert.Contains("berkas belum lengkap", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Script", incident.Message, StringComparison.Ordinal);
        Assert.Equal(["Script:Failed:None"], TokenPositions(instance));
        Assert.DoesNotContain("diperiksa", instance.Variables.Keys);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["InstanceStarted Start", "IncidentCreated Script", "InstanceFaulted Script"], await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task RetryIncident_ContinuesScript_WhenCauseFixedWithSetVariables()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ScriptThenTask("if (!lengkap) { throw new Error('berkas belum lengkap'); } execution.setVariable('diperiksa', true);"));
        var instance = await engine.StartAsync("skrip", new { lengkap = false });
        var incident = Assert.Single(instance.Incidents);

        await engine.Runtime.SetVariablesAsync(instance.Id, Vars.From(new { lengkap = true }), "operator");
        Assert.Equal(InstanceState.Faulted, (await engine.InstanceAsync(instance.Id)).State);
        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator");

        var retried = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, retried.State);
        Assert.Equal(true, retried.Variables["diperiksa"]);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(retried));
        var resolved = Assert.Single(retried.Incidents);
        Assert.False(resolved.IsOpen);
        Assert.Equal("operator", resolved.ResolvedBy);
        Assert.Equal(
            ["VariablesChanged", "IncidentResolved Script", "ScriptExecuted Script", "TaskCreated After"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
        var changed = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.VariablesChanged));
        Assert.Equal("lengkap", changed.Detail);
        Assert.Equal("operator", changed.UserId);
    }

    [Fact]
    public async Task RetryIncident_FaultsAgain_WhenCauseNotFixed()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ScriptThenTask("throw new Error('selalu gagal');"));
        var instance = await engine.StartAsync("skrip");
        var incident = Assert.Single(instance.Incidents);

        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator");

        var again = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, again.State);
        Assert.Equal(2, again.Incidents.Count);
        Assert.Single(again.Incidents, i => i.IsOpen);
        await ThrowsWorkflowAsync(WorkflowError.IncidentNotFound, () => engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator"));
    }

    [Fact]
    public async Task Script_FaultsWithStepLimitExceeded_WhenLoopingEndlessly()
    {
        await using var engine = TestEngine.Create(settings: new Dictionary<string, string?> { ["Workflows:MaxStepsPerCommand"] = "50" });
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {ScriptTask("Hitung", "execution.setVariable('n', n + 1);")}
            {Gateway("exclusive", "Lagi", "fSelesai")}
            {ScriptTask("Catat", "execution.setVariable('catat', n);")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Hitung")}
            {Bpmn.Flow("f2", "Hitung", "Lagi")}
            {Bpmn.Flow("fLagi", "Lagi", "Catat", "${n lt 1000000}")}
            {Bpmn.Flow("fSelesai", "Lagi", "End")}
            {Bpmn.Flow("f3", "Catat", "Hitung")}
            """,
            "loop"));

        // Start returns: the loop becomes an incident, not a hung or crashing call.
        var instance = await engine.StartAsync("loop", new { n = 0 });

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.StepLimitExceeded, incident.Kind);
        Assert.Contains("50", incident.Message, StringComparison.Ordinal);
        var token = Assert.Single(instance.Tokens);
        Assert.Equal(TokenState.Failed, token.State);
        Assert.Equal(incident.ElementId, token.ElementId);
        Assert.InRange((long)instance.Variables["n"]!, 10L, 50L);
        Assert.Equal(HistoryEventType.InstanceFaulted, (await engine.HistoryAsync(instance.Id))[^1].Type);
    }
}
