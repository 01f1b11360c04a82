using Sicantik.Perizinan.PermitTypes;

namespace Sicantik.Web.Pages.Pemohon;

/// <summary>A permit type's form: inputs while editable, a description list otherwise.</summary>
public sealed record FormFieldsView(PermitType Type, IReadOnlyDictionary<string, string?> Values, FieldErrors Errors, bool ReadOnly);
