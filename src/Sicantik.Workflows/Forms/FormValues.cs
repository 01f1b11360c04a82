using System.Globalization;
using System.Resources;
using Sicantik.Workflows.Resources;

namespace Sicantik.Workflows.Forms;

/// <summary>
/// Checks what is submitted for a generated form and turns it into typed process variables, as Camunda 7's form
/// submission does: values are converted to the field's type (a numeric string for a long field, <c>"true"</c> for a
/// boolean, <c>yyyy-MM-dd</c> or <c>dd/MM/yyyy</c> for a date), a field left out keeps the value the process holds or
/// takes its default, and every constraint is checked. Variables that are not form fields pass through unchanged.
/// </summary>
public static class FormValues
{
    private static readonly ResourceManager Texts = new("Sicantik.Workflows.Resources.FormMessages", typeof(FormValues).Assembly);

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy"];

    /// <summary>Checks a submission against a form.</summary>
    /// <param name="form">The task's or start event's form.</param>
    /// <param name="name">The task's or process's name, for the message.</param>
    /// <param name="submitted">The submitted variables in canonical form (form fields and others).</param>
    /// <param name="current">The variables the process holds now.</param>
    /// <returns>The variables to set: the submitted ones, with every form field typed.</returns>
    /// <exception cref="FormInvalidException">One or more fields are wrong; each has its message.</exception>
    public static Dictionary<string, object?> Submit(TaskForm form, string name, IReadOnlyDictionary<string, object?> submitted, IReadOnlyDictionary<string, object?> current)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(current);
        var result = new Dictionary<string, object?>(submitted, StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in form.Fields)
        {
            var raw = submitted.GetValueOrDefault(field.Id);
            var given = raw is not null && !(raw is string text && string.IsNullOrWhiteSpace(text));
            result.Remove(field.Id);
            if (given && field.Constraints.ReadOnly)
            {
                errors[field.Id] = [Text("FieldReadOnly", field.Label)];
                continue;
            }

            if (!given)
            {
                if (current.GetValueOrDefault(field.Id) is not null)
                {
                    continue;
                }

                if (field.DefaultValue is not null)
                {
                    result[field.Id] = field.DefaultValue;
                }
                else if (field.Constraints.Required)
                {
                    errors[field.Id] = [Text("FieldRequired", field.Label)];
                }

                continue;
            }

            var problem = Check(field, raw, out var value);
            if (problem is not null)
            {
                errors[field.Id] = [problem];
            }
            else
            {
                result[field.Id] = value;
            }
        }

        return errors.Count == 0 ? result : throw new FormInvalidException(Text("FormInvalid", name, errors.Count), errors);
    }

    /// <summary>What the form shows for each field now: the process's value, else the default (<c>null</c> when neither).</summary>
    public static Dictionary<string, object?> Current(TaskForm form, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(variables);
        return form.Fields.ToDictionary(f => f.Id, f => variables.GetValueOrDefault(f.Id) ?? f.DefaultValue, StringComparer.Ordinal);
    }

    /// <summary>Converts a value to the field's type and checks its constraints (other than required and readonly).</summary>
    /// <returns>The message for a person when the value is refused, else <c>null</c>.</returns>
    internal static string? Check(FormField field, object? raw, out object? value)
    {
        value = Convert(field.Type, field.Options, raw);
        if (value is null)
        {
            return field.Type switch
            {
                FormFieldType.WholeNumber => Text("FieldNotLong", field.Label),
                FormFieldType.Boolean => Text("FieldNotBoolean", field.Label),
                FormFieldType.Date => Text("FieldNotDate", field.Label),
                FormFieldType.Enum => Text("FieldNotOption", field.Label, string.Join(", ", field.Options.Select(o => o.Id))),
                _ => Text("FieldNotString", field.Label),
            };
        }

        var constraints = field.Constraints;
        if (constraints.Min is not null && Compare(value, constraints.Min) < 0)
        {
            return Text("FieldBelowMin", field.Label, constraints.Min);
        }

        if (constraints.Max is not null && Compare(value, constraints.Max) > 0)
        {
            return Text("FieldAboveMax", field.Label, constraints.Max);
        }

        var length = value is string s ? s.Length : 0;
        if (constraints.MinLength is { } minLength && length < minLength)
        {
            return Text("FieldTooShort", field.Label, minLength);
        }

        return constraints.MaxLength is { } maxLength && length > maxLength ? Text("FieldTooLong", field.Label, maxLength) : null;
    }

    /// <summary>The canonical value of <paramref name="raw"/> as a <paramref name="type"/>, or <c>null</c> when it is not one.</summary>
    internal static object? Convert(FormFieldType type, IReadOnlyList<FormFieldOption> options, object? raw) => type switch
    {
        FormFieldType.Text => raw as string,
        FormFieldType.WholeNumber => raw switch
        {
            long l => l,
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        },
        FormFieldType.Boolean => raw switch
        {
            bool b => b,
            string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
            _ => null,
        },
        FormFieldType.Date => raw is string s && DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null,
        FormFieldType.Enum => raw is string s && options.Any(o => string.Equals(o.Id, s, StringComparison.Ordinal)) ? s : null,
        _ => null,
    };

    internal static string Text(string key, params object?[] args) => LocalizedText.Format(Texts, key, args);

    private static int Compare(object value, object limit) => (value, limit) switch
    {
        (long v, long l) => v.CompareTo(l),
        (string v, string l) => string.CompareOrdinal(v, l),
        _ => 0,
    };
}
