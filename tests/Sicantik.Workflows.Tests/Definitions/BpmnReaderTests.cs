using System.Globalization;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests.Definitions;

public sealed class BpmnReaderTests
{
    internal static readonly BpmnReader Reader = new(
        new JintExpressionEvaluator(new ExpressionOptions()),
        [new WallClockCalendar(), new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None)]);

    internal static ValidationError SingleError(string xml, string rule)
    {
        var result = Reader.Read(xml);
        Assert.False(result.IsValid);
        Assert.Null(result.Model);
        return Assert.Single(result.Errors, e => e.Rule == rule);
    }

    [Fact]
    public void Read_ReportsLineAndColumn_WhenXmlIsMalformed()
    {
        var error = SingleError("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<bpmn:process id=\"p\">\n</bpmn:definitions>", "MalformedXml");

        Assert.Contains("baris 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Refuses_WhenRootIsNotBpmn()
    {
        var error = SingleError("<definitions />", "NotBpmn");

        Assert.Contains("bpmn:definitions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Refuses_WhenNoProcessIsExecutable()
    {
        var xml = Bpmn.SingleTask().Replace("isExecutable=\"true\"", "isExecutable=\"false\"", StringComparison.Ordinal);

        var error = SingleError(xml, "NotExecutable");

        Assert.Equal("single", error.ElementId);
    }

    [Fact]
    public void Read_NamesElementTypeAndId_WhenElementIsUnsupported()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:businessRuleTask id="Rule" name="Hitung retribusi" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Rule")}
            {Bpmn.Flow("f2", "Rule", "End")}
            """);

        var error = SingleError(xml, "UnsupportedElement");

        Assert.Equal("Rule", error.ElementId);
        Assert.Equal("businessRuleTask", error.ElementType);
        Assert.Equal("businessRuleTask 'Rule': elemen ini tidak didukung mesin alur kerja Sicantik.", error.Message);
    }

    [Theory]
    [InlineData("<bpmn:callActivity id=\"T\" calledElement=\"x\" />", "callActivity")]
    [InlineData("<bpmn:eventBasedGateway id=\"T\" />", "eventBasedGateway")]
    [InlineData("<bpmn:complexGateway id=\"T\" />", "complexGateway")]
    [InlineData("<bpmn:intermediateThrowEvent id=\"T\" />", "intermediateThrowEvent")]
    [InlineData("<bpmn:transaction id=\"T\" />", "transaction")]
    public void Read_RefusesEachUnsupportedElement(string element, string type)
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            {element}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "T")}
            {Bpmn.Flow("f2", "T", "End")}
            """);

        var error = SingleError(xml, "UnsupportedElement");

        Assert.Equal(type, error.ElementType);
    }

    [Theory]
    [InlineData("<bpmn:startEvent id=\"S2\"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>", "timerEventDefinition")]
    [InlineData("<bpmn:endEvent id=\"E2\"><bpmn:errorEventDefinition /></bpmn:endEvent>", "errorEventDefinition")]
    [InlineData("<bpmn:boundaryEvent id=\"B\" attachedToRef=\"Task\"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>", "errorEventDefinition")]
    [InlineData("<bpmn:intermediateCatchEvent id=\"C\"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>", "signalEventDefinition")]
    public void Read_RefusesUnsupportedEventDefinitions(string element, string definition)
    {
        var xml = Bpmn.SingleTask().Replace("<bpmn:endEvent id=\"End\" />", "<bpmn:endEvent id=\"End\" />" + element, StringComparison.Ordinal);

        var error = Assert.Single(Reader.Read(xml).Errors, e => e.Rule == "UnsupportedEventDefinition");

        Assert.Contains(definition, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamesTheFlow_WhenItPointsToAMissingElement()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "End")}
            {Bpmn.Flow("f2", "Start", "Verifikasi")}
            """);

        var error = SingleError(xml, "MissingTarget");

        Assert.Equal("f2", error.ElementId);
        Assert.Contains("'Verifikasi'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SaysGatewayHasNoWayOut_WhenGatewayHasNoOutgoingFlow()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="Gateway" name="Disetujui?" />
            {Bpmn.Flow("f1", "Start", "Gateway")}
            """);

        var error = SingleError(xml, "NoOutgoingFlow");

        Assert.Equal("Gateway", error.ElementId);
        Assert.Equal("exclusiveGateway 'Gateway' (Disetujui?) tidak punya jalan keluar: tambahkan sequence flow keluar.", error.Message);
    }

    [Fact]
    public void Read_NamesTheTask_WhenUserTaskHasNoOutgoingFlow()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Verifikasi" name="Verifikasi" camunda:candidateGroups="bo-analis" />
            {Bpmn.Flow("f1", "Start", "Verifikasi")}
            """);

        var error = SingleError(xml, "NoOutgoingFlow");

        Assert.Equal("userTask 'Verifikasi' (Verifikasi) tidak punya sequence flow keluar.", error.Message);
    }

    [Fact]
    public void Read_Refuses_WhenUserTaskHasNoCandidateAndNoLane()
    {
        var error = SingleError(Bpmn.SingleTask(taskAttributes: string.Empty), "NoCandidate");

        Assert.Equal("Task", error.ElementId);
        Assert.Contains("lane", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivesTaskTheLaneRole_WhenTaskNamesNoCandidate()
    {
        var xml = Bpmn.Process($"""
            <bpmn:laneSet id="Lanes">
              <bpmn:lane id="Lane_Bo" name="BO" sicantik:candidateGroups="bo-analis">
                <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
                <bpmn:flowNodeRef>Task</bpmn:flowNodeRef>
                <bpmn:flowNodeRef>End</bpmn:flowNodeRef>
              </bpmn:lane>
            </bpmn:laneSet>
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Task")}
            {Bpmn.Flow("f2", "Task", "End")}
            """);

        var model = Reader.Parse(xml);

        Assert.Equal(["bo-analis"], model.Node<UserTask>("Task").EffectiveCandidateGroups);
        Assert.Equal("Lane_Bo", model.Node("Task").Lane!.Id);
    }

    [Theory]
    [InlineData("10 menit")]
    [InlineData("PT5X")]
    [InlineData("P")]
    [InlineData("-PT5M")]
    public void Read_RefusesDurationThatIsNotIso8601(string duration)
    {
        var xml = Bpmn.SingleTask(taskBody: string.Empty).Replace(
            "<bpmn:endEvent id=\"End\" />",
            $"""<bpmn:endEvent id="End" /><bpmn:boundaryEvent id="Timer" attachedToRef="Task" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="Late" />{Bpmn.Flow("f3", "Timer", "Late")}""",
            StringComparison.Ordinal);

        var error = SingleError(xml, "InvalidTimer");

        Assert.Equal("Timer", error.ElementId);
        Assert.Contains(duration, error.Message, StringComparison.Ordinal);
        Assert.Contains("PT10M", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesConditionWithBadSyntax()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G" />
            <bpmn:endEvent id="A" />
            <bpmn:endEvent id="B" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("f2", "G", "A", "${outcome == }")}
            {Bpmn.Flow("f3", "G", "B", "${outcome == 'b'}")}
            """);

        var error = SingleError(xml, "InvalidExpression");

        Assert.Equal("f2", error.ElementId);
    }

    [Fact]
    public void Read_RefusesBranchWithoutCondition_WhenItIsNotTheDefault()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G" />
            <bpmn:endEvent id="A" />
            <bpmn:endEvent id="B" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("f2", "G", "A", "${ok}")}
            {Bpmn.Flow("f3", "G", "B")}
            """);

        var error = SingleError(xml, "MissingCondition");

        Assert.Equal("f3", error.ElementId);
    }

    [Fact]
    public void Read_RefusesConditionOnFlowLeavingATask()
    {
        var xml = Bpmn.SingleTask().Replace(Bpmn.Flow("f2", "Task", "End"), Bpmn.Flow("f2", "Task", "End", "${ok}"), StringComparison.Ordinal);

        Assert.Equal("f2", SingleError(xml, "ConditionNotAllowed").ElementId);
    }

    [Fact]
    public void Read_RefusesDefaultFlowThatIsNotOutgoing()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G" default="f1" />
            <bpmn:endEvent id="A" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("f2", "G", "A")}
            """);

        Assert.Equal("G", SingleError(xml, "InvalidDefaultFlow").ElementId);
    }

    [Fact]
    public void Read_RefusesServiceTaskWithoutTopicOrWithJavaClass()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:serviceTask id="NoTopic" camunda:type="external" />
            <bpmn:serviceTask id="JavaClass" camunda:class="org.example.Delegate" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "NoTopic")}
            {Bpmn.Flow("f2", "NoTopic", "JavaClass")}
            {Bpmn.Flow("f3", "JavaClass", "End")}
            """);

        var errors = Reader.Read(xml).Errors;

        Assert.Contains(errors, e => e.Rule == "MissingTopic" && e.ElementId == "NoTopic");
        Assert.Contains(errors, e => e.Rule == "UnsupportedImplementation" && e.ElementId == "JavaClass" && e.Message.Contains("camunda:class", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RefusesListenersRatherThanIgnoringThem()
    {
        var xml = Bpmn.SingleTask(taskBody: """<bpmn:extensionElements><camunda:taskListener class="x" event="create" /></bpmn:extensionElements>""");

        Assert.Contains("camunda:taskListener", SingleError(xml, "UnsupportedExtension").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesMultiInstance()
    {
        var xml = Bpmn.SingleTask(taskBody: "<bpmn:multiInstanceLoopCharacteristics />");

        Assert.Equal("Task", SingleError(xml, "LoopNotSupported").ElementId);
    }

    [Fact]
    public void Read_RefusesDuplicateIds()
    {
        var xml = Bpmn.SingleTask().Replace("<bpmn:endEvent id=\"End\" />", "<bpmn:endEvent id=\"End\" /><bpmn:endEvent id=\"End\" />", StringComparison.Ordinal);

        Assert.Equal("End", SingleError(xml, "DuplicateId").ElementId);
    }

    [Fact]
    public void Read_RefusesUnknownCalendar()
    {
        var xml = Bpmn.SingleTask().Replace("isExecutable=\"true\"", "isExecutable=\"true\" sicantik:calendar=\"lunar\"", StringComparison.Ordinal);

        Assert.Contains("office-hours", SingleError(xml, "UnknownCalendar").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesMessageEventWithoutNamedMessage()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:receiveTask id="Wait" messageRef="Nope" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Wait")}
            {Bpmn.Flow("f2", "Wait", "End")}
            """);

        Assert.Equal("Wait", SingleError(xml, "MissingMessage").ElementId);
    }

    [Fact]
    public void Read_RefusesBoundaryEventOnGateway()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="G" />
            <bpmn:endEvent id="End" />
            <bpmn:boundaryEvent id="B" attachedToRef="G"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
            <bpmn:endEvent id="Late" />
            {Bpmn.Flow("f1", "Start", "G")}
            {Bpmn.Flow("f2", "G", "End")}
            {Bpmn.Flow("f3", "B", "Late")}
            """);

        Assert.Equal("B", SingleError(xml, "BoundaryOnNonActivity").ElementId);
    }

    [Fact]
    public void Read_RefusesFlowAcrossSubProcessBorder()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubStart" />
              <bpmn:endEvent id="SubEnd" />
              {Bpmn.Flow("s1", "SubStart", "SubEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Sub")}
            {Bpmn.Flow("f2", "Sub", "End")}
            {Bpmn.Flow("f3", "Start", "SubEnd")}
            """);

        Assert.Equal("f3", SingleError(xml, "CrossScopeFlow").ElementId);
    }

    [Fact]
    public void Read_TakesSubProcessIncomingAndOutgoingChildrenAsItsFlows_WhenWrittenAsCamundaModelerExports()
    {
        var result = Reader.Read(ModelerExports.Pemeriksaan());

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
        var sub = result.Model!.Node<SubProcess>("Activity_Pemeriksaan");
        Assert.Equal(["Flow_1"], sub.Incoming.Select(f => f.Id));
        Assert.Equal(["Flow_2"], sub.Outgoing.Select(f => f.Id));
        Assert.Equal("Event_SubStart", sub.StartEvent.Id);
        Assert.Equal(["Event_Batas"], sub.BoundaryEvents.Select(b => b.Id));
        Assert.Equal(
            ["Activity_Lengkapi", "Activity_Periksa", "Event_SubEnd", "Event_SubStart", "Gateway_Lengkap"],
            result.Model.Nodes.Values.Where(n => n.ScopeId == sub.Id).Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_AcceptsDocumentationAndNestedSubProcesses_WhenEachWritesItsOwnFlowsAsChildren()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:subProcess id="Outer">
              <bpmn:documentation>Pemeriksaan berjenjang</bpmn:documentation>
              <bpmn:incoming>f1</bpmn:incoming>
              <bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:startEvent id="OuterStart"><bpmn:outgoing>o1</bpmn:outgoing></bpmn:startEvent>
              <bpmn:subProcess id="Inner">
                <bpmn:incoming>o1</bpmn:incoming>
                <bpmn:outgoing>o2</bpmn:outgoing>
                <bpmn:startEvent id="InnerStart"><bpmn:outgoing>i1</bpmn:outgoing></bpmn:startEvent>
                <bpmn:endEvent id="InnerEnd"><bpmn:incoming>i1</bpmn:incoming></bpmn:endEvent>
                {Bpmn.Flow("i1", "InnerStart", "InnerEnd")}
              </bpmn:subProcess>
              <bpmn:endEvent id="OuterEnd"><bpmn:incoming>o2</bpmn:incoming></bpmn:endEvent>
              {Bpmn.Flow("o1", "OuterStart", "Inner")}
              {Bpmn.Flow("o2", "Inner", "OuterEnd")}
            </bpmn:subProcess>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            {Bpmn.Flow("f1", "Start", "Outer")}
            {Bpmn.Flow("f2", "Outer", "End")}
            """);

        var result = Reader.Read(xml);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal("Pemeriksaan berjenjang", result.Model!.Node("Outer").Documentation);
        Assert.Equal("Outer", result.Model.Node("Inner").ScopeId);
        Assert.Equal("Inner", result.Model.Node("InnerEnd").ScopeId);
        Assert.Equal(["o1"], result.Model.Node("Inner").Incoming.Select(f => f.Id));
    }

    [Fact]
    public void Read_ReportsEveryBrokenRule_NotJustTheFirst()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="A" />
            <bpmn:exclusiveGateway id="G" />
            {Bpmn.Flow("f1", "Start", "A")}
            {Bpmn.Flow("f2", "A", "G")}
            {Bpmn.Flow("f3", "G", "Missing")}
            """);

        var rules = Reader.Read(xml).Errors.Select(e => e.Rule).ToList();

        Assert.Contains("NoCandidate", rules);
        Assert.Contains("MissingTarget", rules);
        Assert.Contains("NoOutgoingFlow", rules);
    }

    [Fact]
    public void Parse_ThrowsValidationExceptionWithEveryError()
    {
        var ex = Assert.Throws<DefinitionValidationException>(() => Reader.Parse("<nope"));

        Assert.Equal(WorkflowError.DefinitionInvalid, ex.Error);
        Assert.Single(ex.Errors);
    }

    [Fact]
    public void Read_MessagesAreEnglish_WhenUiCultureIsEnglish()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var error = SingleError(Bpmn.SingleTask(taskAttributes: string.Empty), "NoCandidate");
            Assert.Contains("has no candidate", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Read_ReadsTheCamundaDialect()
    {
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task" name="Verifikasi" camunda:candidateGroups="fo-pendaftaran, bo-analis" camunda:candidateUsers="budi"
                           camunda:assignee="{"${pemohon}"}" camunda:formKey="verifikasi" camunda:dueDate="PT2H" camunda:followUpDate="PT1H"
                           camunda:priority="70" sicantik:outcomes="lengkap,tidak-lengkap">
              <bpmn:documentation>Periksa kelengkapan.</bpmn:documentation>
            </bpmn:userTask>
            <bpmn:serviceTask id="Svc" camunda:type="external" camunda:topic="tanda-terima">
              <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R5/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Task")}
            {Bpmn.Flow("f2", "Task", "Svc")}
            {Bpmn.Flow("f3", "Svc", "End")}
            """);

        var model = Reader.Parse(xml);
        var task = model.Node<UserTask>("Task");
        var service = model.Node<ServiceTask>("Svc");

        Assert.Equal(["fo-pendaftaran", "bo-analis"], task.CandidateGroups);
        Assert.Equal(["budi"], task.CandidateUsers);
        Assert.Equal("${pemohon}", task.Assignee);
        Assert.Equal("verifikasi", task.FormKey);
        Assert.Equal("PT2H", task.DueDate);
        Assert.Equal("PT1H", task.FollowUpDate);
        Assert.Equal("70", task.Priority);
        Assert.Equal(["lengkap", "tidak-lengkap"], task.Outcomes);
        Assert.Equal("Periksa kelengkapan.", task.Documentation);
        Assert.Equal("tanda-terima", service.Topic);
        Assert.Equal(5, service.Retries);
    }

    [Fact]
    public void Read_AcceptsEverySupportedElement()
    {
        var xml = Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:parallelGateway id="Fork" />
            <bpmn:userTask id="User" camunda:candidateGroups="staf" />
            <bpmn:boundaryEvent id="Reminder" attachedToRef="User" cancelActivity="false" sicantik:escalateTo="kasi-perizinan">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT5M</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sendTask id="Notify" camunda:type="external" camunda:topic="eskalasi" />
            <bpmn:endEvent id="Notified" />
            <bpmn:serviceTask id="Service" camunda:type="external" camunda:topic="t" />
            <bpmn:scriptTask id="Script" scriptFormat="javascript" camunda:resultVariable="r"><bpmn:script>1 + 1</bpmn:script></bpmn:scriptTask>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDate>2026-12-01T08:00:00+07:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="Msg"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:intermediateCatchEvent>
            <bpmn:receiveTask id="Receive" messageRef="Message_1" />
            <bpmn:inclusiveGateway id="Or" default="o2" />
            <bpmn:subProcess id="Sub">
              <bpmn:startEvent id="SubStart" />
              <bpmn:endEvent id="SubEnd" />
              {Bpmn.Flow("s1", "SubStart", "SubEnd")}
            </bpmn:subProcess>
            <bpmn:parallelGateway id="Join" />
            <bpmn:exclusiveGateway id="Xor" default="x2" />
            <bpmn:endEvent id="End" />
            <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            {Bpmn.Flow("f1", "Start", "Fork")}
            {Bpmn.Flow("f2", "Fork", "User")}
            {Bpmn.Flow("f3", "Fork", "Service")}
            {Bpmn.Flow("f4", "Reminder", "Notify")}
            {Bpmn.Flow("f5", "Notify", "Notified")}
            {Bpmn.Flow("f6", "Service", "Script")}
            {Bpmn.Flow("f7", "Script", "Wait")}
            {Bpmn.Flow("f8", "Wait", "Msg")}
            {Bpmn.Flow("f9", "Msg", "Receive")}
            {Bpmn.Flow("f10", "Receive", "Or")}
            {Bpmn.Flow("o1", "Or", "Sub", "${r > 1}")}
            {Bpmn.Flow("o2", "Or", "Join")}
            {Bpmn.Flow("f11", "Sub", "Join")}
            {Bpmn.Flow("f12", "User", "Join")}
            {Bpmn.Flow("f13", "Join", "Xor")}
            {Bpmn.Flow("x1", "Xor", "Stop", "${r == 0}")}
            {Bpmn.Flow("x2", "Xor", "End")}
            """,
            definitionsExtra: """<bpmn:message id="Message_1" name="BerkasMasuk" />""");

        var result = Reader.Read(xml);

        Assert.Empty(result.Errors);
        var model = result.Model!;
        Assert.Equal(19, model.Nodes.Count);
        Assert.True(model.Node<EndEvent>("Stop").Terminate);
        Assert.Equal("kasi-perizinan", model.Node<BoundaryTimerEvent>("Reminder").EscalateTo);
        Assert.False(model.Node<BoundaryTimerEvent>("Reminder").CancelActivity);
        Assert.Equal(TimerKind.Cycle, model.Node<BoundaryTimerEvent>("Reminder").Timer.Kind);
        Assert.Equal("BerkasMasuk", model.Node<MessageWait>("Receive").MessageName);
        Assert.Equal("Sub", model.Node("SubEnd").ScopeId);
        Assert.Equal(FlowNodeKind.SendTask, model.Node("Notify").Kind);
    }
}
