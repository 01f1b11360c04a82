using System.Globalization;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Validation;

/// <summary>Why a character is refused in a name or a field (<see cref="TextRules"/>).</summary>
public enum RefusedCharacterKind
{
    /// <summary>A control character (C0, DEL, C1: CR, LF, tab, NUL, BEL…) or a lone UTF-16 surrogate.</summary>
    Control,

    /// <summary>A bidirectional control that changes how the text around it reads (U+202E turns "gpj.exe" around).</summary>
    Direction,
}

/// <summary>The first refused character of a text: its code point and why.</summary>
public readonly record struct RefusedCharacter(int CodePoint, RefusedCharacterKind Kind)
{
    /// <summary>As a person names it in a message: <c>U+202E</c>.</summary>
    public string Name => "U+" + CodePoint.ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>
/// The one rule for the text people type into names, file names and form fields: no control characters (a line break
/// splits a name in a letter's header, a NUL or BEL ends or rings in other systems' hands) and no bidirectional
/// controls, which make a text read differently from what it holds (a file "invoice‮fdp.exe" shows as
/// "invoiceexe.pdf"). A multi-line field keeps line breaks and tabs. Used by registration, staff accounts, the permit
/// application form and uploads, each with its own message naming the field.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// The bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the
    /// invisible direction marks (U+200E, U+200F, U+061C), which nobody types on purpose in a name and which can flip
    /// the neutral characters around them.
    /// </summary>
    private static bool IsDirectionControl(int c) => c is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x200E or 0x200F or 0x061C;

    /// <summary>The first character the rule refuses in <paramref name="text"/>, or null when there is none.</summary>
    /// <param name="text">The text as given.</param>
    /// <param name="multiLine">A long text (a textarea): CR, LF and tab are allowed.</param>
    public static RefusedCharacter? Find(string? text, bool multiLine = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (char.IsControl(c) && !(multiLine && c is '\r' or '\n' or '\t')))
            {
                return new RefusedCharacter(c, RefusedCharacterKind.Control);
            }

            if (IsDirectionControl(c))
            {
                return new RefusedCharacter(c, RefusedCharacterKind.Direction);
            }
        }

        return null;
    }

    /// <summary>The message for the field called <paramref name="label"/>, or null when its text is fine.</summary>
    public static string? Problem(string? text, string label, bool multiLine = false) => Find(text, multiLine) switch
    {
        null => null,
        { Kind: RefusedCharacterKind.Direction } refused => PerizinanText.Message("TextDirectionRefused", label, refused.Name),
        { } refused => PerizinanText.Message(multiLine ? "TextControlRefusedMultiline" : "TextControlRefused", label, refused.Name),
    };
}
