namespace Sicantik.Workflows.Forms;

/// <summary>The value types of Camunda 7's generated form fields.</summary>
public enum FormFieldType
{
    /// <summary>Camunda's <c>string</c>: stored as a string.</summary>
    Text,

    /// <summary>Camunda's <c>long</c>: stored as a <see cref="long"/>.</summary>
    WholeNumber,

    /// <summary><c>boolean</c>: stored as a <see cref="bool"/>.</summary>
    Boolean,

    /// <summary><c>date</c>: stored as the engine's date form, a <c>yyyy-MM-dd</c> string.</summary>
    Date,

    /// <summary><c>enum</c>: stored as the chosen value's id.</summary>
    Enum,
}

/// <summary>One value of an enum field (<c>camunda:value</c>).</summary>
/// <param name="Id">What is stored.</param>
/// <param name="Name">What a person reads; the id when the model gives no name.</param>
public sealed record FormFieldOption(string Id, string Name);

/// <summary>A field's <c>camunda:validation</c> constraints; limits are already converted to the field's type.</summary>
public sealed record FormFieldConstraints
{
    public static FormFieldConstraints None { get; } = new();

    public bool Required { get; init; }

    /// <summary>Shown but never submitted: the value stays what the process holds (or the default).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The lowest value: a <see cref="long"/> for long fields, a <c>yyyy-MM-dd</c> string for date fields.</summary>
    public object? Min { get; init; }

    /// <summary>The highest value, typed like <see cref="Min"/>.</summary>
    public object? Max { get; init; }

    /// <summary>The fewest characters of a string field.</summary>
    public int? MinLength { get; init; }

    /// <summary>The most characters of a string field.</summary>
    public int? MaxLength { get; init; }
}

/// <summary>One <c>camunda:formField</c> of a generated task or start form.</summary>
/// <param name="Id">The field's id, which is also the process variable it sets.</param>
/// <param name="Label">What a person reads (the model's <c>label</c>, else the id).</param>
/// <param name="Type">The value type.</param>
/// <param name="DefaultValue">The default in the engine's canonical form for <paramref name="Type"/>, or <c>null</c>.</param>
/// <param name="Options">An enum field's values, in the model's order; empty for other types.</param>
/// <param name="Constraints">The validation constraints.</param>
/// <param name="Properties">The field's <c>camunda:properties</c>, kept for hosts that render them.</param>
public sealed record FormField(
    string Id,
    string Label,
    FormFieldType Type,
    object? DefaultValue,
    IReadOnlyList<FormFieldOption> Options,
    FormFieldConstraints Constraints,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>The type as the model writes it: <c>string</c>, <c>long</c>, <c>boolean</c>, <c>date</c> or <c>enum</c>.</summary>
    public string TypeName => Name(Type);

    /// <summary>A type as the model writes it.</summary>
    public static string Name(FormFieldType type) => type switch
    {
        FormFieldType.Text => "string",
        FormFieldType.WholeNumber => "long",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>A generated form (<c>camunda:formData</c>) on a user task or the none start event.</summary>
public sealed class TaskForm(IReadOnlyList<FormField> fields)
{
    /// <summary>The fields in the model's order.</summary>
    public IReadOnlyList<FormField> Fields { get; } = fields;

    public FormField? Field(string id)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Id, id, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }
}
