using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Timers;
using static Sicantik.Workflows.Tests.Definitions.BpmnReaderTests;

namespace Sicantik.Workflows.Tests.Definitions;

/// <summary>Validation a modeller can act on: one error per refused element, warnings for what is ignored.</summary>
public sealed class ValidationFindingsTests
{
    /// <summary>start → <paramref name="middle"/> (id <c>Middle</c>) → a user task → end.</summary>
    private static string Around(string middle) => Bpmn.Process($"""
        <bpmn:startEvent id="Start" />
        {middle}
        <bpmn:userTask id="After" camunda:candidateGroups="staf" />
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Middle")}
        {Bpmn.Flow("f2", "Middle", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """);

    [Theory]
    [InlineData("""<bpmn:userTask id="Middle" camunda:candidateGroups="staf"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>""", "userTask", "LoopNotSupported")]
    [InlineData("""<bpmn:serviceTask id="Middle" camunda:class="org.example.Delegate" />""", "serviceTask", "UnsupportedImplementation")]
    [InlineData("""<bpmn:callActivity id="Middle" calledElement="anak" />""", "callActivity", "UnsupportedElement")]
    [InlineData("""<bpmn:scriptTask id="Middle" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>""", "scriptTask", "UnsupportedScriptFormat")]
    public void Read_GivesExactlyOneErrorNamingTheElement_WhenOneElementIsRefused(string middle, string type, string rule)
    {
        var result = Reader.Read(Around(middle));

        var error = Assert.Single(result.Errors);
        Assert.Equal(rule, error.Rule);
        Assert.Equal("Middle", error.ElementId);
        Assert.Equal(type, error.ElementType);
        Assert.Contains("'Middle'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivesNoFollowOnErrors_WhenARefusedElementIsTheDefaultTargetOrCarriesABoundary()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G" default="toMiddle" />
            <bpmn:serviceTask id="Middle" camunda:delegateExpression="{"${bean}"}" />
            <bpmn:boundaryEvent id="Late" attachedToRef="Middle"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="End" />
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("toMiddle", "G", "Middle")}
            {Bpmn.Flow("toEnd", "G", "End", "${x == 1}")}
            {Bpmn.Flow("f2", "Middle", "End")}
            {Bpmn.Flow("f3", "Late", "LateEnd")}
            """);

        var error = Assert.Single(Reader.Read(xml).Errors);

        Assert.Equal(("Middle", "UnsupportedImplementation"), (error.ElementId, error.Rule));
    }

    [Fact]
    public void Read_GivesOneError_WhenTheStartEventIsRefused()
    {
        var xml = Bpmn.SingleTask().Replace(
            "<bpmn:startEvent id=\"Start\" />",
            "<bpmn:startEvent id=\"Start\"><bpmn:signalEventDefinition /></bpmn:startEvent>",
            StringComparison.Ordinal);

        var error = Assert.Single(Reader.Read(xml).Errors);

        Assert.Equal(("Start", "UnsupportedEventDefinition"), (error.ElementId, error.Rule));
    }

    [Fact]
    public void Read_StillReportsNeighboursOwnFaults_WhenAnElementIsRefused()
    {
        var xml = Around("""<bpmn:callActivity id="Middle" calledElement="anak" />""")
            .Replace("<bpmn:endEvent id=\"End\" />", "<bpmn:endEvent id=\"End\" /><bpmn:userTask id=\"Orphan\" camunda:candidateGroups=\"staf\" />", StringComparison.Ordinal);

        var errors = Reader.Read(xml).Errors;

        Assert.Equal(["Middle UnsupportedElement", "Orphan NoIncomingFlow", "Orphan NoOutgoingFlow"], errors.Select(e => $"{e.ElementId} {e.Rule}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_NamesTheProcess_WhenItHasNoStartEvent()
    {
        var xml = Bpmn.Process("""<bpmn:endEvent id="End" />""", id: "tanpa-awal");

        var error = SingleError(xml, "NoStartEvent");

        Assert.Equal(("tanpa-awal", "process"), (error.ElementId, error.ElementType));
        Assert.Contains("'tanpa-awal'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamesEachProcess_WhenSeveralAreExecutable()
    {
        var xml = Bpmn.SingleTask(id: "utama").Replace(
            "<bpmn:process id=\"utama\"",
            "<bpmn:process id=\"kedua\" isExecutable=\"true\" /><bpmn:process id=\"utama\"",
            StringComparison.Ordinal);

        var error = SingleError(xml, "MultipleExecutableProcesses");

        Assert.Contains("'kedua', 'utama'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamesTheLine_WhenAnElementHasNoId()
    {
        var xml = Bpmn.SingleTask().Replace("<bpmn:endEvent id=\"End\" />", "<bpmn:endEvent id=\"End\" />\n<bpmn:endEvent />", StringComparison.Ordinal);
        var line = xml.Split('\n').ToList().FindIndex(l => l.Contains("<bpmn:endEvent />", StringComparison.Ordinal)) + 1;

        var error = SingleError(xml, "MissingId");

        Assert.Contains($"baris {line}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WarnsForEachIgnoredCamundaAttributeAndExtension_ByElement_AndStillDeploys()
    {
        var xml = Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" camunda:asyncAfter="true" camunda:formKey="embedded:app:start.html" />
            <bpmn:userTask id="Task" camunda:candidateGroups="staf" camunda:asyncBefore="true" camunda:exclusive="false" camunda:jobPriority="5" camunda:formRef="form" camunda:formRefBinding="latest">
              <bpmn:extensionElements><camunda:properties><camunda:property name="warna" value="merah" /></camunda:properties></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Task")}
            {Bpmn.Flow("f2", "Task", "End")}
            """,
            id: "diabaikan",
            extraAttributes: """camunda:versionTag="1.0" camunda:historyTimeToLive="180" camunda:isStartableInTasklist="false" camunda:candidateStarterGroups="staf" """);

        var result = Reader.Read(xml);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.All(result.Warnings, w => Assert.Equal(ValidationSeverity.Warning, w.Severity));
        Assert.Equal(
            [
                "process diabaikan camunda:candidateStarterGroups",
                "process diabaikan camunda:historyTimeToLive",
                "process diabaikan camunda:isStartableInTasklist",
                "process diabaikan camunda:versionTag",
                "startEvent Start camunda:asyncAfter",
                "startEvent Start camunda:formKey",
                "userTask Task camunda:asyncBefore",
                "userTask Task camunda:exclusive",
                "userTask Task camunda:formRef",
                "userTask Task camunda:formRefBinding",
                "userTask Task camunda:jobPriority",
                "userTask Task camunda:properties",
            ],
            result.Warnings.Select(w => $"{w.ElementType} {w.ElementId} {Ignored(w.Message)}").Order(StringComparer.Ordinal));
        var asyncBefore = Assert.Single(result.Warnings, w => w.Message.Contains("camunda:asyncBefore", StringComparison.Ordinal));
        Assert.Equal("IgnoredAttribute", asyncBefore.Rule);
        Assert.StartsWith("userTask 'Task': ", asyncBefore.Message, StringComparison.Ordinal);
        Assert.Equal("IgnoredExtension", Assert.Single(result.Warnings, w => w.Message.Contains("camunda:properties", StringComparison.Ordinal)).Rule);
    }

    [Fact]
    public void Read_GivesNoWarnings_ForTheCamundaAttributesItRuns()
    {
        var xml = Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:assignee="budi" camunda:dueDate="P1D" camunda:priority="60" camunda:formKey="periksa" """);

        var result = Reader.Read(xml);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_WarnsForCandidateGroupsNamingNoKnownRole_WhenTheHostKnowsTheRoles()
    {
        var reader = new BpmnReader(
            new JintExpressionEvaluator(new ExpressionOptions()),
            [new WallClockCalendar()],
            new Roles("staf", "kepala"));
        var xml = Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf, kepla, ${grup}" """);

        var result = reader.Read(xml);

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("Task", "userTask", "UnknownCandidateGroup", ValidationSeverity.Warning), (warning.ElementId, warning.ElementType, warning.Rule, warning.Severity));
        Assert.Contains("'kepla'", warning.Message, StringComparison.Ordinal);
        Assert.Empty(Reader.Read(xml).Warnings);
    }

    [Fact]
    public async Task Deploy_CarriesTheWarnings_AndValidateStillListsOnlyErrors()
    {
        await using var engine = TestEngine.Create();
        var xml = Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:asyncBefore="true" """);

        var deployed = await engine.Definitions.DeployAsync(xml, "admin");
        var again = await engine.Definitions.DeployAsync(xml, "admin");

        Assert.Empty(engine.Definitions.Validate(xml));
        Assert.Equal("IgnoredAttribute", Assert.Single(engine.Definitions.Check(xml).Warnings).Rule);
        Assert.True(deployed.IsNew);
        Assert.Equal("Task", Assert.Single(deployed.Warnings).ElementId);
        Assert.False(again.IsNew);
        Assert.Single(again.Warnings);
    }

    private static string Ignored(string message) => message.Split(' ').First(word => word.StartsWith("camunda:", StringComparison.Ordinal)).TrimEnd(';');

    private sealed class Roles(params string[] roles) : IKnownGroups
    {
        public bool IsKnown(string group) => roles.Contains(group, StringComparer.Ordinal);
    }
}
