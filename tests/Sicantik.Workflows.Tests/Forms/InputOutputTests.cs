using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Forms;

public sealed class InputOutputTests
{
    private static readonly BpmnReader Reader = new(
        new JintExpressionEvaluator(new ExpressionOptions()),
        [new WallClockCalendar(), new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None)]);

    private static readonly WorkflowUser Ani = new("ani", "staf");

    private static string Mapped(string parameters) =>
        Bpmn.SingleTask("mapped", taskBody: $"<bpmn:extensionElements><camunda:inputOutput>{parameters}</camunda:inputOutput></bpmn:extensionElements>");

    [Fact]
    public async Task Inputs_AreSetWhenTheTaskStarts_AndOutputsWhenItCompletes()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Mapped("""
            <camunda:inputParameter name="judul">Tinjauan teknis</camunda:inputParameter>
            <camunda:inputParameter name="batas">${hari * 2}</camunda:inputParameter>
            <camunda:inputParameter name="kosong" />
            <camunda:outputParameter name="hasilTinjauan">${approved ? 'setuju' : 'tolak'}</camunda:outputParameter>
            <camunda:outputParameter name="sumber">formulir</camunda:outputParameter>
            """));
        var instance = await engine.StartAsync("mapped", new { nomor = "B-1", hari = 5L, kosong = "ada" });

        var started = await engine.InstanceAsync(instance.Id);
        Assert.Equal("Tinjauan teknis", started.Variables["judul"]);
        Assert.Equal(10L, started.Variables["batas"]);
        Assert.Null(started.Variables["kosong"]);
        Assert.False(started.Variables.ContainsKey("hasilTinjauan"));

        await engine.Tasks.CompleteAsync((await engine.TaskAsync(instance.Id, "Task")).Id, Ani, variables: new Dictionary<string, object?> { ["approved"] = true });

        var ended = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, ended.State);
        Assert.Equal("setuju", ended.Variables["hasilTinjauan"]);
        Assert.Equal("formulir", ended.Variables["sumber"]);
    }

    [Fact]
    public async Task AnOutputThatCannotBeEvaluated_RefusesTheCompletion_AndKeepsTheTaskOpen()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Mapped("""<camunda:outputParameter name="hasil">${tidakAda + 1}</camunda:outputParameter>"""));
        var instance = await engine.StartAsync("mapped");
        var task = await engine.TaskAsync(instance.Id, "Task");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.InvalidVariables, ex.Error);
        Assert.Contains("'Task'", ex.Message, StringComparison.Ordinal);
        Assert.True((await engine.Tasks.GetAsync(task.Id)).IsOpen);
        Assert.False((await engine.InstanceAsync(instance.Id)).Variables.ContainsKey("hasil"));
    }

    [Theory]
    [InlineData("""<camunda:inputParameter name="daftar"><camunda:list><camunda:value>a</camunda:value></camunda:list></camunda:inputParameter>""", "IoParameterNotText", "camunda:list")]
    [InlineData("""<camunda:inputParameter name="x"><camunda:script scriptFormat="javascript">1</camunda:script></camunda:inputParameter>""", "IoParameterNotText", "camunda:script")]
    [InlineData("""<camunda:outputParameter>nilai</camunda:outputParameter>""", "IoParameterMissingName", "camunda:outputParameter")]
    [InlineData("""<camunda:inputParameter name="judul">Tinjauan ${nomor}</camunda:inputParameter>""", "IoParameterComposite", "'judul'")]
    [InlineData("""<camunda:outputParameter name="x">${a +}</camunda:outputParameter>""", "IoParameterExpressionInvalid", "'x'")]
    public void Read_RefusesWhatItCannotRun_NamingTheElementAndParameter(string parameters, string rule, string named)
    {
        var result = Reader.Read(Mapped(parameters));

        var error = Assert.Single(result.Errors);
        Assert.Equal((rule, "Task"), (error.Rule, error.ElementId));
        Assert.Contains("userTask 'Task'", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StillRefusesInputOutputOnAnElementThatDoesNotRunIt()
    {
        var result = Reader.Read(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:exclusiveGateway>
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("f2", "G", "End")}
            """));

        Assert.Contains(result.Errors, e => e.Rule == "UnsupportedExtension" && e.ElementId == "G");
    }
}
