using System.Security;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Runtime;

/// <summary>Small BPMN pieces and assertions the runtime tests share.</summary>
internal static class RuntimeKit
{
    /// <summary>The group every test user task goes to.</summary>
    public const string Staf = "staf";

    public static string UserTask(string id, string attributes = "") =>
        $"""<bpmn:userTask id="{id}" name="{id}" camunda:candidateGroups="{Staf}" {attributes} />""";

    public static string ServiceTask(string id, string topic, string body = "") =>
        $"""<bpmn:serviceTask id="{id}" name="{id}" camunda:type="external" camunda:topic="{topic}">{body}</bpmn:serviceTask>""";

    public static string ScriptTask(string id, string script, string attributes = "") =>
        $"""<bpmn:scriptTask id="{id}" name="{id}" scriptFormat="javascript" {attributes}><bpmn:script>{SecurityElement.Escape(script)}</bpmn:script></bpmn:scriptTask>""";

    public static string Gateway(string kind, string id, string? defaultFlow = null) => defaultFlow is null
        ? $"""<bpmn:{kind}Gateway id="{id}" />"""
        : $"""<bpmn:{kind}Gateway id="{id}" default="{defaultFlow}" />""";

    /// <summary>A timer boundary event; <paramref name="timer"/> is e.g. <c>timeDuration</c>, <paramref name="value"/> its text.</summary>
    public static string BoundaryTimer(string id, string attachedTo, string timer, string value, bool interrupting = true, string attributes = "") =>
        $"""
        <bpmn:boundaryEvent id="{id}" attachedToRef="{attachedTo}" cancelActivity="{(interrupting ? "true" : "false")}" {attributes}>
          <bpmn:timerEventDefinition><bpmn:{timer}>{value}</bpmn:{timer}></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        """;

    public static string TimerCatch(string id, string timer, string value, string attributes = "") =>
        $"""
        <bpmn:intermediateCatchEvent id="{id}" {attributes}>
          <bpmn:timerEventDefinition><bpmn:{timer}>{value}</bpmn:{timer}></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        """;

    /// <summary>A condition escaped for XML, so tests can write <c>&amp;&amp;</c> and <c>&lt;</c> as they are.</summary>
    public static string Condition(string condition) => SecurityElement.Escape(condition);

    /// <summary>Completes the open task at <paramref name="elementId"/> as a member of <see cref="Staf"/>.</summary>
    public static Task<HumanTask> CompleteTaskAsync(this TestEngine engine, Guid instanceId, string elementId, string? outcome = null, object? variables = null) =>
        engine.CompleteAsync(instanceId, elementId, Staf, outcome, variables);

    /// <summary>The element ids of the instance's open tasks, sorted.</summary>
    public static async Task<string[]> OpenTaskElementsAsync(this TestEngine engine, Guid instanceId) =>
        [.. (await engine.OpenTasksAsync(instanceId)).Select(t => t.ElementId).Order(StringComparer.Ordinal)];

    /// <summary>The instance's history as <c>Type Element [Flow]</c> lines.</summary>
    public static async Task<string[]> HistoryLinesAsync(this TestEngine engine, Guid instanceId) =>
        [.. (await engine.HistoryAsync(instanceId)).Select(Describe)];

    public static async Task<HistoryEventType[]> HistoryTypesAsync(this TestEngine engine, Guid instanceId) =>
        [.. (await engine.HistoryAsync(instanceId)).Select(e => e.Type)];

    public static async Task<HistoryEvent[]> HistoryOfAsync(this TestEngine engine, Guid instanceId, HistoryEventType type) =>
        [.. (await engine.HistoryAsync(instanceId)).Where(e => e.Type == type)];

    public static string Describe(HistoryEvent e) => string.Join(' ', new[] { e.Type.ToString(), e.ElementId, e.FlowId }.OfType<string>());

    /// <summary>Where the tokens are, as <c>Element:State:Wait</c>, sorted.</summary>
    public static string[] TokenPositions(ProcessInstance instance) =>
        [.. instance.Tokens.Select(t => $"{t.ElementId}:{t.State}:{t.Wait}").Order(StringComparer.Ordinal)];

    public static async Task<WorkflowException> ThrowsWorkflowAsync(WorkflowError error, Func<Task> action)
    {
        var exception = await Assert.ThrowsAnyAsync<WorkflowException>(action);
        Assert.Equal(error, exception.Error);
        return exception;
    }
}
