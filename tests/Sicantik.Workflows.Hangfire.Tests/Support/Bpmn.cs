namespace Sicantik.Workflows.Hangfire.Tests.Support;

/// <summary>Small BPMN documents for tests (the pieces of the engine tests' helpers these tests need).</summary>
internal static class Bpmn
{
    public static string Process(string body, string id) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:sicantik="http://sicantik.id/schema/bpmn/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          id="Definitions_{id}" targetNamespace="http://sicantik.id/test">
          <bpmn:process id="{id}" isExecutable="true">
        {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Flow(string id, string source, string target) =>
        $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}" />""";

    public static string UserTask(string id) =>
        $"""<bpmn:userTask id="{id}" name="{id}" camunda:candidateGroups="staf" />""";

    /// <summary>start → Task (an interrupting PT10M boundary timer to TimedOut) → end.</summary>
    public static string TaskWithTimeout(string id = "batas") => Process(
        $"""
        <bpmn:startEvent id="Start" />
        {UserTask("Task")}
        <bpmn:endEvent id="End" />
        <bpmn:boundaryEvent id="Timeout" attachedToRef="Task" cancelActivity="true">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="TimedOut" />
        {Flow("f1", "Start", "Task")}
        {Flow("f2", "Task", "End")}
        {Flow("f3", "Timeout", "TimedOut")}
        """,
        id);

    /// <summary>start → a timer catch event waiting for <paramref name="date"/> → After → end.</summary>
    public static string WaitUntil(string date, string id = "tunggu") => Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:intermediateCatchEvent id="Wait">
          <bpmn:timerEventDefinition><bpmn:timeDate>{date}</bpmn:timeDate></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Wait")}
        {Flow("f2", "Wait", "After")}
        {Flow("f3", "After", "End")}
        """,
        id);

    /// <summary>start → Send (service task of <paramref name="topic"/>) → After → end.</summary>
    public static string SendThenTask(string topic, string id = "kirim") => Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:serviceTask id="Send" name="Send" camunda:type="external" camunda:topic="{topic}" />
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Send")}
        {Flow("f2", "Send", "After")}
        {Flow("f3", "After", "End")}
        """,
        id);

    /// <summary>start → Send (service task of <paramref name="topic"/>) → a timer catch event waiting for <paramref name="date"/> → After → end.</summary>
    public static string SendThenWaitUntil(string topic, string date, string id = "kirim-tunggu") => Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:serviceTask id="Send" name="Send" camunda:type="external" camunda:topic="{topic}" />
        <bpmn:intermediateCatchEvent id="Wait">
          <bpmn:timerEventDefinition><bpmn:timeDate>{date}</bpmn:timeDate></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Send")}
        {Flow("f2", "Send", "Wait")}
        {Flow("f3", "Wait", "After")}
        {Flow("f4", "After", "End")}
        """,
        id);
}
