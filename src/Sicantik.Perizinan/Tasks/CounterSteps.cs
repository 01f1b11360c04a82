using System.Text.RegularExpressions;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Tasks;

/// <summary>What the complaints counter records when it hands the SK over (step 12).</summary>
/// <param name="RecipientName">The name of the person who receives the SK.</param>
/// <param name="RecipientKind"><see cref="CounterSteps.Applicant"/> or <see cref="CounterSteps.Proxy"/>.</param>
/// <param name="IdentityType">One of <see cref="CounterSteps.IdentityTypes"/>.</param>
/// <param name="IdentityNumber">The number on that document.</param>
/// <param name="PowerOfAttorney">The power of attorney (surat kuasa) a proxy showed: its number or date. Required for a proxy.</param>
public sealed record HandoverDetails(string? RecipientName, string? RecipientKind, string? IdentityType, string? IdentityNumber, string? PowerOfAttorney);

/// <summary>
/// The counter steps after the signature: printing the SK (step 10) and handing it over (step 12). Each completion must
/// say what happened at the counter; the checks here turn it into the instance variables the history keeps.
/// </summary>
public static partial class CounterSteps
{
    public const int MaxCopies = 10;

    /// <summary>The recipient is the applicant in person.</summary>
    public const string Applicant = "pemohon";

    /// <summary>The recipient acts for the applicant with a power of attorney.</summary>
    public const string Proxy = "kuasa";

    /// <summary>The identity documents a counter accepts: KTP (its NIK, 16 digits), SIM, passport, KITAS.</summary>
    public static IReadOnlyList<string> IdentityTypes { get; } = ["KTP", "SIM", "PASPOR", "KITAS"];

    /// <summary>The variables of a printing: the number of copies, who and when, and the note.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.PrintCopiesInvalid"/>.</exception>
    public static Dictionary<string, object?> Print(int? copies, string? notes, string userId, DateTimeOffset at)
    {
        if (copies is not { } count || count < 1 || count > MaxCopies)
        {
            var message = PerizinanText.Message("PrintCopiesInvalid", MaxCopies);
            throw new PerizinanException(PerizinanError.PrintCopiesInvalid, message, [new PerizinanIssue("copies", message)]);
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [SopVariables.JumlahCetak] = count,
            [SopVariables.SkDicetakOleh] = userId,
            [SopVariables.SkDicetakPada] = at,
            [SopVariables.CatatanCetak] = notes,
        };
    }

    /// <summary>The variables of a handover. Every broken rule is listed; the refusal's code is the first one's.</summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.HandoverRecipientRequired"/>, <see cref="PerizinanError.HandoverRecipientKindInvalid"/>,
    /// <see cref="PerizinanError.HandoverIdentityRequired"/>, <see cref="PerizinanError.HandoverIdentityInvalid"/> or
    /// <see cref="PerizinanError.HandoverPowerOfAttorneyRequired"/>.
    /// </exception>
    public static Dictionary<string, object?> Handover(HandoverDetails? details, string? notes, string userId, DateTimeOffset at)
    {
        var name = Clean(details?.RecipientName);
        var kind = Clean(details?.RecipientKind)?.ToLowerInvariant();
        var type = Clean(details?.IdentityType)?.ToUpperInvariant();
        var number = Clean(details?.IdentityNumber)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var attorney = Clean(details?.PowerOfAttorney);

        var broken = new List<(PerizinanError Code, PerizinanIssue Issue)>();
        void Add(PerizinanError code, string key, string message) => broken.Add((code, new PerizinanIssue(key, message)));

        if (name is null)
        {
            Add(PerizinanError.HandoverRecipientRequired, "recipientName", PerizinanText.Message("HandoverRecipientRequired"));
        }
        else if (name.Length > 200)
        {
            Add(PerizinanError.HandoverRecipientRequired, "recipientName", PerizinanText.Message("TextTooLong", PerizinanText.Message("HandoverRecipientLabel"), 200));
        }

        if (kind is not (Applicant or Proxy))
        {
            Add(PerizinanError.HandoverRecipientKindInvalid, "recipientKind", PerizinanText.Message("HandoverRecipientKindInvalid"));
        }

        if (type is null)
        {
            Add(PerizinanError.HandoverIdentityRequired, "identityType", PerizinanText.Message("HandoverIdentityTypeRequired", string.Join(", ", IdentityTypes)));
        }
        else if (!IdentityTypes.Contains(type))
        {
            Add(PerizinanError.HandoverIdentityInvalid, "identityType", PerizinanText.Message("HandoverIdentityTypeInvalid", type, string.Join(", ", IdentityTypes)));
        }

        if (number is null)
        {
            Add(PerizinanError.HandoverIdentityRequired, "identityNumber", PerizinanText.Message("HandoverIdentityNumberRequired"));
        }
        else if (type == "KTP" && !Nik().IsMatch(number))
        {
            Add(PerizinanError.HandoverIdentityInvalid, "identityNumber", PerizinanText.Message("HandoverNikInvalid"));
        }
        else if (!DocumentNumber().IsMatch(number))
        {
            Add(PerizinanError.HandoverIdentityInvalid, "identityNumber", PerizinanText.Message("HandoverIdentityNumberInvalid"));
        }

        if (kind == Proxy && attorney is null)
        {
            Add(PerizinanError.HandoverPowerOfAttorneyRequired, "powerOfAttorney", PerizinanText.Message("HandoverPowerOfAttorneyRequired"));
        }

        if (broken.Count > 0)
        {
            var message = broken.Count == 1 ? broken[0].Issue.Message : PerizinanText.Message("HandoverInvalid", broken.Count);
            throw new PerizinanException(broken[0].Code, message, broken.ConvertAll(b => b.Issue));
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [SopVariables.PenerimaSk] = name,
            [SopVariables.PenerimaSebagai] = kind,
            [SopVariables.JenisIdentitasPenerima] = type,
            [SopVariables.NomorIdentitasPenerima] = number,
            [SopVariables.SuratKuasa] = kind == Proxy ? attorney : null,
            [SopVariables.SkDiserahkanOleh] = userId,
            [SopVariables.SkDiserahkanPada] = at,
            [SopVariables.CatatanPenyerahan] = notes,
        };
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{16}$")]
    private static partial Regex Nik();

    [GeneratedRegex("^[A-Z0-9./-]{5,30}$")]
    private static partial Regex DocumentNumber();
}
