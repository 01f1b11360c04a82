using System.Globalization;
using System.Text.RegularExpressions;
using Sicantik.Documents.Fonts;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;
using Sicantik.Perizinan.Validation;

namespace Sicantik.Perizinan.Applications;

/// <summary>Checks and normalises an application form against its permit type's fields, one message per field.</summary>
internal static partial class FormValidator
{
    private const int TextMaxLength = 500;
    private const int TextareaMaxLength = 4000;

    [GeneratedRegex(@"^[+-]?\d+([.,]\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex NikPattern();

    [GeneratedRegex(@"^\d{13}$", RegexOptions.CultureInvariant)]
    private static partial Regex NibPattern();

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "dd-MM-yyyy"];

    /// <summary>The values to store (trimmed, normalised, empty ones left out) and every field's problem.</summary>
    public static Dictionary<string, string> Validate(PermitType type, IReadOnlyDictionary<string, string?>? values, List<PerizinanIssue> issues)
    {
        values ??= new Dictionary<string, string?>();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = type.FormFields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var key in values.Keys.Where(k => !fields.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            issues.Add(new PerizinanIssue(key, PerizinanText.Message("FormFieldUnknown", key, type.Name)));
        }

        foreach (var field in type.FormFields)
        {
            var raw = values.TryGetValue(field.Key, out var given) ? given?.Trim() : null;
            if (string.IsNullOrEmpty(raw))
            {
                if (field.Required)
                {
                    issues.Add(new PerizinanIssue(field.Key, PerizinanText.Message("FormFieldRequired", field.Label)));
                }

                continue;
            }

            if (TextRules.Problem(raw, field.Label, multiLine: field.Type == FormFieldType.Textarea) is { } refused)
            {
                issues.Add(new PerizinanIssue(field.Key, refused));
            }
            else if (Normalize(field, raw) is { } normalized)
            {
                if (field.Type is FormFieldType.Text or FormFieldType.Textarea && PrintableText.Undrawable(normalized) is { Count: > 0 } missing)
                {
                    issues.Add(new PerizinanIssue(field.Key, PerizinanText.Message("FormFieldUnprintable", field.Label, PrintableText.Describe(missing))));
                    continue;
                }

                result[field.Key] = normalized;
            }
            else
            {
                issues.Add(new PerizinanIssue(field.Key, Problem(field, raw)));
            }
        }

        return result;
    }

    /// <summary>The applicant's identity: a name, and a NIK (16 digits) or a NIB (13 digits).</summary>
    public static void ValidateApplicant(string? name, string? nik, string? nib, List<PerizinanIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            issues.Add(new PerizinanIssue("applicantName", PerizinanText.Message("ApplicantNameRequired")));
        }
        else if (name.Trim().Length > 300)
        {
            issues.Add(new PerizinanIssue("applicantName", PerizinanText.Message("ApplicantNameTooLong")));
        }
        else if (TextRules.Problem(name.Trim(), PerizinanText.Message("ApplicantNameLabel")) is { } refused)
        {
            issues.Add(new PerizinanIssue("applicantName", refused));
        }
        else if (PrintableText.Undrawable(name) is { Count: > 0 } missing)
        {
            // The name is printed on the receipt and the signed SK, whose fonts have no CJK or Arabic glyphs.
            issues.Add(new PerizinanIssue("applicantName", PerizinanText.Message("ApplicantNameUnprintable", PrintableText.Describe(missing))));
        }

        if (string.IsNullOrWhiteSpace(nik) && string.IsNullOrWhiteSpace(nib))
        {
            issues.Add(new PerizinanIssue("applicantNik", PerizinanText.Message("ApplicantIdentityRequired")));
        }

        if (!string.IsNullOrWhiteSpace(nik) && !NikPattern().IsMatch(nik.Trim()))
        {
            issues.Add(new PerizinanIssue("applicantNik", PerizinanText.Message("ApplicantNikInvalid")));
        }

        if (!string.IsNullOrWhiteSpace(nib) && !NibPattern().IsMatch(nib.Trim()))
        {
            issues.Add(new PerizinanIssue("applicantNib", PerizinanText.Message("ApplicantNibInvalid")));
        }
    }

    private static string? Normalize(FormField field, string value) => field.Type switch
    {
        FormFieldType.Number => NumberPattern().IsMatch(value) ? value.Replace(',', '.') : null,
        FormFieldType.Date => DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null,
        FormFieldType.Select => field.Options.FirstOrDefault(o => string.Equals(o, value, StringComparison.Ordinal)),
        FormFieldType.Textarea => value.Length <= TextareaMaxLength ? value : null,
        _ => value.Length <= TextMaxLength ? value : null,
    };

    private static string Problem(FormField field, string value) => field.Type switch
    {
        FormFieldType.Number => PerizinanText.Message("FormFieldNumber", field.Label, value),
        FormFieldType.Date => PerizinanText.Message("FormFieldDate", field.Label, value),
        FormFieldType.Select => PerizinanText.Message("FormFieldOption", field.Label, value, PerizinanText.Alternatives(field.Options.Select(o => $"'{o}'"))),
        FormFieldType.Textarea => PerizinanText.Message("FormFieldTooLong", field.Label, TextareaMaxLength),
        _ => PerizinanText.Message("FormFieldTooLong", field.Label, TextMaxLength),
    };
}

/// <summary>The rules an applicant's identity follows, for the host's registration form.</summary>
public static class ApplicantIdentity
{
    /// <summary>What is wrong with a name and a NIK (16 digits) or NIB (13 digits); empty when they are fine.</summary>
    public static IReadOnlyList<PerizinanIssue> Validate(string? name, string? nik, string? nib)
    {
        var issues = new List<PerizinanIssue>();
        FormValidator.ValidateApplicant(name, nik, nib, issues);
        return issues;
    }
}
