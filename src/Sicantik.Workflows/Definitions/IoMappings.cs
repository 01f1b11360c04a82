using System.Xml.Linq;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Forms;

namespace Sicantik.Workflows.Definitions;

/// <summary>One <c>camunda:inputParameter</c> or <c>camunda:outputParameter</c>.</summary>
/// <param name="Name">The variable it sets.</param>
/// <param name="Value">A text constant, a <c>${...}</c> expression, or <c>null</c> (an empty parameter sets null).</param>
public sealed record IoParameter(string Name, string? Value);

/// <summary>
/// Reads <c>camunda:inputOutput</c> on a task: parameters whose value is a text or a <c>${...}</c> expression. Scripts,
/// lists and maps as values are refused, naming the element and the parameter.
/// </summary>
internal static class IoMappings
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "userTask", "serviceTask", "sendTask", "scriptTask" };

    /// <summary>Whether the element type runs its input and output mappings.</summary>
    public static bool Runs(string type) => Supported.Contains(type);

    /// <summary>The element's input and output parameters (empty when it has none); broken rules go to <paramref name="errors"/>.</summary>
    public static (IReadOnlyList<IoParameter> Inputs, IReadOnlyList<IoParameter> Outputs) Read(
        XElement element, string type, string id, IExpressionEvaluator expressions, List<ValidationError> errors)
    {
        var mapping = element.Element(BpmnNamespaces.Bpmn + "extensionElements")?.Element(BpmnNamespaces.Camunda + "inputOutput");
        if (mapping is null)
        {
            return ([], []);
        }

        return (ReadParameters(mapping, "inputParameter", type, id, expressions, errors), ReadParameters(mapping, "outputParameter", type, id, expressions, errors));
    }

    private static List<IoParameter> ReadParameters(XElement mapping, string kind, string type, string id, IExpressionEvaluator expressions, List<ValidationError> errors)
    {
        void Error(string rule, params object?[] args) =>
            errors.Add(new ValidationError(id, type, rule, FormValues.Text(rule, [type, id, .. args])));

        var parameters = new List<IoParameter>();
        foreach (var parameter in mapping.Elements(BpmnNamespaces.Camunda + kind))
        {
            var name = ((string?)parameter.Attribute("name"))?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                Error("IoParameterMissingName", "camunda:" + kind);
                continue;
            }

            if (parameter.Elements().FirstOrDefault() is { } structured)
            {
                Error("IoParameterNotText", "camunda:" + kind, name, "camunda:" + structured.Name.LocalName);
                continue;
            }

            var value = parameter.Value.Trim();
            if (!BpmnReader.IsExpression(value) && (value.Contains("${", StringComparison.Ordinal) || value.Contains("#{", StringComparison.Ordinal)))
            {
                Error("IoParameterComposite", "camunda:" + kind, name, value);
                continue;
            }

            if (BpmnReader.IsExpression(value) && expressions.Validate(value) is { } reason)
            {
                Error("IoParameterExpressionInvalid", "camunda:" + kind, name, value, reason);
                continue;
            }

            parameters.Add(new IoParameter(name, value.Length == 0 ? null : value));
        }

        return parameters;
    }
}
