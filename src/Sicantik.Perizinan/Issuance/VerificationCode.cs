using System.Security.Cryptography;
using System.Text;

namespace Sicantik.Perizinan.Issuance;

/// <summary>
/// The SK's public verification code: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V),
/// written <c>ABCD-2345</c>; about 5·10^11 codes, random, so a code cannot be guessed from another.
/// </summary>
public static class VerificationCode
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    private const int Length = 8;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Format(new string(chars));
    }

    /// <summary>The code as stored, from what someone typed (any case, with or without the dash or spaces); null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 32)
        {
            return null;
        }

        var builder = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == Length ? Format(builder.ToString()) : null;
    }

    private static string Format(string code) => code[..4] + "-" + code[4..];
}
