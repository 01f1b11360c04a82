using System.Globalization;
using System.Text.RegularExpressions;

namespace Sicantik.Perizinan.Privacy;

/// <summary>
/// The one rule for identity numbers (NIK, NIB, NPWP, the number of the identity document shown at the handover) outside
/// the step that needs them: which names hold one, and how one is shown, with all but its last four characters masked.
/// Supervisory views (the instance view and its API, the staff's tracking) pass what they show through here; the
/// handover clerk's own task page, where the number is typed and checked, does not.
/// </summary>
public static partial class IdentityNumbers
{
    /// <summary>How many trailing characters stay readable.</summary>
    public const int VisibleCharacters = 4;

    /// <summary>What stands for each masked character.</summary>
    public const char MaskCharacter = '*';

    /// <summary>Words that make a name an identity number wherever they stand in it (<c>nik</c>, <c>applicantNib</c>).</summary>
    private static readonly HashSet<string> NumberWords = new(StringComparer.Ordinal) { "nik", "nib", "npwp" };

    /// <summary>Words that make a name an identity number together with <c>nomor</c> or <c>no</c> (<c>nomorIdentitasPenerima</c>).</summary>
    private static readonly HashSet<string> DocumentWords = new(StringComparer.Ordinal) { "identitas", "ktp", "paspor", "kitas", "sim" };

    /// <summary>
    /// Whether the variable or field <paramref name="name"/> holds an identity number: a word of it (split at case changes,
    /// <c>_</c>, <c>-</c> and <c>.</c>) is <c>nik</c>, <c>nib</c> or <c>npwp</c>, or it is the <c>nomor</c>/<c>no</c> of an
    /// identity document (<c>nomorIdentitasPenerima</c>, <c>no_ktp</c>). <c>jenisIdentitasPenerima</c> (the document's
    /// kind) is not one.
    /// </summary>
    public static bool IsIdentityNumber(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = Words(name);
        return words.Exists(NumberWords.Contains)
            || (words.Exists(w => w is "nomor" or "no") && words.Exists(DocumentWords.Contains));
    }

    /// <summary>An identity number as shown outside its step: <c>************0123</c>; a short one is masked whole.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        return text.Length <= VisibleCharacters
            ? new string(MaskCharacter, text.Length)
            : new string(MaskCharacter, text.Length - VisibleCharacters) + text[^VisibleCharacters..];
    }

    /// <summary>
    /// A free text (a note, a comment) with every number shaped like a NIK (16 digits) or a NIB (13 digits) masked, for
    /// texts that name no field.
    /// </summary>
    public static string? MaskText(string? text) =>
        text is null ? null : NumberInText().Replace(text, m => Mask(m.Value));

    /// <summary>
    /// The value of <paramref name="name"/> as shown outside its step: masked when the name holds an identity number,
    /// else with NIK- or NIB-shaped numbers in its text masked; nested objects and lists are masked by the same rule.
    /// </summary>
    public static object? MaskValue(string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return value switch
        {
            null => null,
            IReadOnlyDictionary<string, object?> nested => MaskVariables(nested),
            IList<object?> list => list.Select(item => MaskValue(name, item)).ToList(),
            _ when IsIdentityNumber(name) => Mask(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
            string text => MaskText(text),
            _ => value,
        };
    }

    /// <summary>A copy of <paramref name="variables"/> with every identity number masked (<see cref="MaskValue"/>).</summary>
    public static Dictionary<string, object?> MaskVariables(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables.ToDictionary(v => v.Key, v => MaskValue(v.Key, v.Value), StringComparer.Ordinal);
    }

    private static List<string> Words(string name) =>
        WordBoundary().Split(name).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).ToList();

    // Splits "nomorIdentitasPenerima", "no_ktp", "applicant-nib", "NIKPemohon" into their words.
    [GeneratedRegex(@"[_\-.\s]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();

    [GeneratedRegex(@"(?<!\d)(?:\d{16}|\d{13})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberInText();
}
