using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Forms;

namespace Sicantik.Web.Api;

/// <summary>A step's generated form (<c>camunda:formData</c>), as the task API serves it.</summary>
public sealed record TaskFormDto(IReadOnlyList<FormFieldDto> Fields)
{
    public static TaskFormDto From(TaskFormState state) =>
        new(state.Form.Fields.Select(f => FormFieldDto.From(f, state.Values.GetValueOrDefault(f.Id))).ToList());
}

/// <summary>
/// One field: its id (the variable it sets), label, type (<c>string</c>, <c>long</c>, <c>boolean</c>, <c>date</c>,
/// <c>enum</c>), its value now (the process's, else the default), the default, the constraints, and an enum's values.
/// </summary>
public sealed record FormFieldDto(
    string Id,
    string Label,
    string Type,
    object? Value,
    object? DefaultValue,
    FormConstraintsDto Constraints,
    IReadOnlyList<FormFieldOption> Values,
    IReadOnlyDictionary<string, string> Properties)
{
    public static FormFieldDto From(FormField f, object? value) => new(
        f.Id,
        f.Label,
        f.TypeName,
        value,
        f.DefaultValue,
        new FormConstraintsDto(f.Constraints.Required, f.Constraints.ReadOnly, f.Constraints.Min, f.Constraints.Max, f.Constraints.MinLength, f.Constraints.MaxLength),
        f.Options,
        f.Properties);
}

/// <summary>A field's constraints; limits that do not apply are null.</summary>
public sealed record FormConstraintsDto(bool Required, bool ReadOnly, object? Min, object? Max, int? MinLength, int? MaxLength);
