namespace Sicantik.Workflows.Tests.Support;

/// <summary>Small BPMN documents for tests: a process body wrapped in definitions with every namespace we read.</summary>
internal static class Bpmn
{
    public static string Process(string body, string id = "test", string extraAttributes = "", string definitionsExtra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:sicantik="http://sicantik.id/schema/bpmn/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          id="Definitions_{id}" targetNamespace="http://sicantik.id/test">
          {definitionsExtra}
          <bpmn:process id="{id}" isExecutable="true" {extraAttributes}>
        {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Flow(string id, string source, string target, string? condition = null) => condition is null
        ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}" />"""
        : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    /// <summary>start → one user task for group <c>staf</c> → end.</summary>
    public static string SingleTask(string id = "single", string taskAttributes = """camunda:candidateGroups="staf" """, string taskBody = "") => Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Task" name="Tugas" {taskAttributes}>{taskBody}</bpmn:userTask>
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Task")}
        {Flow("f2", "Task", "End")}
        """,
        id);

    public static string SopPath => Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn");

    public static string Sop => File.ReadAllText(SopPath);
}
