using System.Globalization;
using System.Xml.Linq;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Workflows.Forms;

/// <summary>
/// Reads Camunda 7's <c>camunda:formData</c> into a <see cref="TaskForm"/> and refuses what Camunda would refuse or we
/// cannot run, each message naming the element and the field.
/// </summary>
internal static class FormReader
{
    private static readonly Dictionary<string, FormFieldType> Types = new(StringComparer.Ordinal)
    {
        ["string"] = FormFieldType.Text,
        ["long"] = FormFieldType.WholeNumber,
        ["boolean"] = FormFieldType.Boolean,
        ["date"] = FormFieldType.Date,
        ["enum"] = FormFieldType.Enum,
    };

    /// <summary>The element's form, <c>null</c> when it has none; broken rules go to <paramref name="errors"/>.</summary>
    public static TaskForm? Read(XElement element, string type, string id, List<ValidationError> errors)
    {
        var formData = element.Element(BpmnNamespaces.Bpmn + "extensionElements")?.Element(BpmnNamespaces.Camunda + "formData");
        if (formData is null)
        {
            return null;
        }

        void Error(string rule, params object?[] args) =>
            errors.Add(new ValidationError(id, type, rule, FormValues.Text(rule, [type, id, .. args])));

        var fields = new List<FormField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fieldElement in formData.Elements(BpmnNamespaces.Camunda + "formField"))
        {
            var fieldId = ((string?)fieldElement.Attribute("id"))?.Trim();
            if (string.IsNullOrEmpty(fieldId))
            {
                Error("FormFieldMissingId");
                continue;
            }

            if (!seen.Add(fieldId))
            {
                Error("FormFieldDuplicate", fieldId);
                continue;
            }

            var typeName = ((string?)fieldElement.Attribute("type"))?.Trim() ?? string.Empty;
            if (!Types.TryGetValue(typeName, out var fieldType))
            {
                Error("FormFieldUnknownType", fieldId, typeName);
                continue;
            }

            var count = errors.Count;
            var label = ((string?)fieldElement.Attribute("label"))?.Trim();
            var options = ReadOptions(fieldElement, fieldId, fieldType, Error);
            var constraints = ReadConstraints(fieldElement, fieldId, fieldType, Error);
            var properties = fieldElement.Element(BpmnNamespaces.Camunda + "properties")?.Elements(BpmnNamespaces.Camunda + "property")
                .Where(p => !string.IsNullOrWhiteSpace((string?)p.Attribute("id")))
                .GroupBy(p => ((string)p.Attribute("id")!).Trim(), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (string?)g.Last().Attribute("value") ?? string.Empty, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(StringComparer.Ordinal);
            var field = new FormField(fieldId, string.IsNullOrEmpty(label) ? fieldId : label, fieldType, null, options, constraints, properties);
            var defaultText = (string?)fieldElement.Attribute("defaultValue");
            if (!string.IsNullOrEmpty(defaultText) && errors.Count == count)
            {
                field = field with { DefaultValue = ReadDefault(field, defaultText, Error) };
            }

            fields.Add(field);
        }

        return new TaskForm(fields);
    }

    private static List<FormFieldOption> ReadOptions(XElement fieldElement, string fieldId, FormFieldType fieldType, Action<string, object?[]> error)
    {
        var values = fieldElement.Elements(BpmnNamespaces.Camunda + "value").ToList();
        if (fieldType != FormFieldType.Enum)
        {
            if (values.Count > 0)
            {
                error("FormValuesNotEnum", [fieldId, TypeName(fieldType)]);
            }

            return [];
        }

        if (values.Count == 0)
        {
            error("FormEnumWithoutValues", [fieldId]);
            return [];
        }

        var options = new List<FormFieldOption>(values.Count);
        foreach (var value in values)
        {
            var valueId = ((string?)value.Attribute("id"))?.Trim();
            if (string.IsNullOrEmpty(valueId))
            {
                error("FormValueWithoutId", [fieldId]);
                continue;
            }

            if (options.Exists(o => o.Id == valueId))
            {
                error("FormValueDuplicate", [fieldId, valueId]);
                continue;
            }

            var name = ((string?)value.Attribute("name"))?.Trim();
            options.Add(new FormFieldOption(valueId, string.IsNullOrEmpty(name) ? valueId : name));
        }

        return options;
    }

    private static FormFieldConstraints ReadConstraints(XElement fieldElement, string fieldId, FormFieldType fieldType, Action<string, object?[]> error)
    {
        var constraints = FormFieldConstraints.None;
        var elements = fieldElement.Element(BpmnNamespaces.Camunda + "validation")?.Elements(BpmnNamespaces.Camunda + "constraint") ?? [];
        foreach (var constraint in elements)
        {
            var name = ((string?)constraint.Attribute("name"))?.Trim() ?? string.Empty;
            var config = ((string?)constraint.Attribute("config"))?.Trim() ?? string.Empty;
            switch (name)
            {
                case "required":
                    constraints = constraints with { Required = true };
                    break;
                case "readonly":
                    constraints = constraints with { ReadOnly = true };
                    break;
                case "min" or "max":
                    if (fieldType is not (FormFieldType.WholeNumber or FormFieldType.Date))
                    {
                        error("FormConstraintNotForType", [fieldId, name, TypeName(fieldType)]);
                    }
                    else if (FormValues.Convert(fieldType, [], config) is not { } limit)
                    {
                        error("FormConstraintInvalid", [fieldId, name, config, TypeName(fieldType)]);
                    }
                    else
                    {
                        constraints = name == "min" ? constraints with { Min = limit } : constraints with { Max = limit };
                    }

                    break;
                case "minlength" or "maxlength":
                    if (fieldType != FormFieldType.Text)
                    {
                        error("FormConstraintNotForType", [fieldId, name, TypeName(fieldType)]);
                    }
                    else if (!int.TryParse(config, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                    {
                        error("FormConstraintInvalid", [fieldId, name, config, TypeName(fieldType)]);
                    }
                    else
                    {
                        constraints = name == "minlength" ? constraints with { MinLength = length } : constraints with { MaxLength = length };
                    }

                    break;
                default:
                    error("FormConstraintUnknown", [fieldId, name]);
                    break;
            }
        }

        if (constraints.Min is { } min && constraints.Max is { } max && CompareLimits(min, max) > 0)
        {
            error("FormMinAboveMax", [fieldId, "min", min, "max", max]);
        }

        if (constraints.MinLength > constraints.MaxLength)
        {
            error("FormMinAboveMax", [fieldId, "minlength", constraints.MinLength, "maxlength", constraints.MaxLength]);
        }

        return constraints;
    }

    private static object? ReadDefault(FormField field, string text, Action<string, object?[]> error)
    {
        if (text.Contains("${", StringComparison.Ordinal) || text.Contains("#{", StringComparison.Ordinal))
        {
            error("FormDefaultExpression", [field.Id]);
            return null;
        }

        var problem = FormValues.Check(field, text, out var value);
        if (problem is not null)
        {
            error("FormDefaultInvalid", [field.Id, problem]);
            return null;
        }

        return value;
    }

    private static int CompareLimits(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => 0,
    };

    private static string TypeName(FormFieldType type) => FormField.Name(type);
}
