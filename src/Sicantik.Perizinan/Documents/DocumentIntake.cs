using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;
using Sicantik.Perizinan.Validation;

namespace Sicantik.Perizinan.Documents;

/// <summary>What an upload became: its address in the store, what its content is, and its cleaned name.</summary>
internal sealed record AcceptedFile(StoredFile File, FileKind Kind, string FileName);

/// <summary>
/// Checks an upload against its requirement and streams it into the file store: the name's extension must be an
/// accepted type, the content's magic bytes must say the same type (a renamed program is refused), and the size is
/// counted while streaming, stopping one byte past the limit.
/// </summary>
internal static class DocumentIntake
{
    public static async Task<AcceptedFile> StoreAsync(IFileStore store, Requirement requirement, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        if (TextRules.Find(fileName) is { } refused)
        {
            throw Refused(PerizinanError.DocumentNameInvalid, requirement.Key, "DocumentNameRefused", requirement.Name, refused.Name);
        }

        var name = CleanName(fileName);
        var accepted = requirement.AcceptedTypes;
        var acceptedText = PerizinanText.Alternatives(accepted.Select(t => t.ToUpperInvariant()));
        if (name.Length == 0)
        {
            throw Refused(PerizinanError.DocumentTypeRefused, requirement.Key, "DocumentNameMissing", requirement.Name);
        }

        var extension = FileKinds.Normalize(Path.GetExtension(name));
        if (extension is null || !accepted.Contains(extension, StringComparer.Ordinal))
        {
            throw Refused(PerizinanError.DocumentTypeRefused, requirement.Key, "DocumentExtensionRefused", name, requirement.Name, acceptedText);
        }

        // A declared length (Content-Length, a file) refuses an oversized upload before reading any of it.
        if (content.CanSeek && content.Length - content.Position > requirement.MaxSizeBytes)
        {
            throw TooLarge(name, requirement);
        }

        var header = new byte[FileKinds.HeaderLength];
        var headerLength = await ReadHeaderAsync(content, header, cancellationToken);
        if (headerLength == 0)
        {
            throw Refused(PerizinanError.DocumentEmpty, requirement.Key, "DocumentEmpty", name, requirement.Name);
        }

        var check = FileKinds.Detect(header.AsSpan(0, headerLength));
        if (check.IsExecutable)
        {
            throw Refused(PerizinanError.DocumentTypeRefused, requirement.Key, "DocumentExecutable", name, requirement.Name, acceptedText);
        }

        if (check.Kind is not { } kind)
        {
            throw Refused(PerizinanError.DocumentTypeRefused, requirement.Key, "DocumentContentUnknown", name, requirement.Name, extension.ToUpperInvariant());
        }

        if (FileKinds.NameOf(kind) != extension)
        {
            throw Refused(PerizinanError.DocumentTypeRefused, requirement.Key, "DocumentContentMismatch", name, requirement.Name, extension.ToUpperInvariant(), FileKinds.NameOf(kind).ToUpperInvariant());
        }

        try
        {
            await using var limited = new SizeLimitedStream(content, header.AsMemory(0, headerLength), requirement.MaxSizeBytes);
            var stored = await store.SaveAsync(limited, cancellationToken);
            return new AcceptedFile(stored, kind, name);
        }
        catch (FileTooLargeException)
        {
            throw TooLarge(name, requirement);
        }
    }

    private static async Task<int> ReadHeaderAsync(Stream content, byte[] header, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while (total < header.Length && (read = await content.ReadAsync(header.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The name without any folder a browser or a crafted request put in front of it.</summary>
    private static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        return name.Length <= 255 ? name : name[^255..];
    }

    private static PerizinanException TooLarge(string name, Requirement requirement) =>
        Refused(PerizinanError.DocumentTooLarge, requirement.Key, "DocumentTooLarge", name, requirement.Name, PerizinanText.Size(requirement.MaxSizeBytes));

    private static PerizinanException Refused(PerizinanError code, string requirementKey, string messageKey, params object?[] args)
    {
        var message = PerizinanText.Message(messageKey, args);
        return new PerizinanException(code, message, [new PerizinanIssue(requirementKey, message)]);
    }
}
