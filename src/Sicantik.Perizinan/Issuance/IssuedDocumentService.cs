using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Sicantik.Documents.Verification;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Issuance;

/// <summary>Where a verification code leads.</summary>
public enum DecreeStanding
{
    /// <summary>No signed SK has this code.</summary>
    Unknown,

    /// <summary>The SK is authentic and in force.</summary>
    Valid,

    /// <summary>The SK was revoked (with the reason and time).</summary>
    Revoked,

    /// <summary>A later signature of the same step replaced this SK.</summary>
    Superseded,
}

/// <summary>What the public verification page shows for a code.</summary>
public sealed record DecreeVerification(DecreeStanding Standing, IssuedDocument? Decree);

/// <summary>An uploaded PDF checked against the signed original of a code.</summary>
/// <param name="Standing">The code's standing.</param>
/// <param name="Sha256">The upload's SHA-256.</param>
/// <param name="MatchesOriginal">Byte for byte the SK the office signed (same SHA-256): the upload was not parsed.</param>
/// <param name="Signature">
/// The signature: for the original, what the office recorded when it signed; for another file, what the worker read
/// from it (<see cref="IsolatedPdfVerifier"/>); <c>null</c> when the code leads to no SK (nothing was examined).
/// </param>
/// <param name="SignedByOffice">The signature's certificate is the one the SK was signed with.</param>
public sealed record UploadCheck(DecreeStanding Standing, string Sha256, bool MatchesOriginal, PdfSignatureVerification? Signature, bool SignedByOffice)
{
    /// <summary>Authentic: the code stands, the bytes are the original's and the signature holds.</summary>
    public bool IsAuthentic => Standing == DecreeStanding.Valid && MatchesOriginal && SignedByOffice && Signature is { IsAuthentic: true };
}

/// <summary>
/// Reads the issued documents (applicants the ones addressed to them, of their own applications; staff any), verifies
/// signed SKs and revokes them.
/// </summary>
public sealed class IssuedDocumentService(PerizinanDb db, IFileStore files, TimeProvider time, IsolatedPdfVerifier verifier)
{
    /// <summary>
    /// Whether an applicant receives documents of <paramref name="kind"/>: the receipt and the signed SK. The Nota Dinas
    /// (approval or rejection) are the office's internal memos, and the draft SK reads as if the permit were granted
    /// before anyone decided; an applicant whose application was rejected reads the reason in the tracking and in the
    /// rejection email.
    /// </summary>
    public static bool IsForApplicant(IssuedDocumentKind kind) => kind is IssuedDocumentKind.TandaTerima or IssuedDocumentKind.Sk;

    /// <summary>
    /// The current documents of an application, oldest first; <c>null</c> when the application does not exist or is
    /// another applicant's (<paramref name="applicantId"/> is null for staff, who read any). An applicant's list holds
    /// only the kinds addressed to them (<see cref="IsForApplicant"/>).
    /// </summary>
    public async Task<IReadOnlyList<IssuedDocument>?> ListAsync(Guid applicationId, string? applicantId, CancellationToken cancellationToken = default)
    {
        if (!await VisibleAsync(applicationId, applicantId, cancellationToken))
        {
            return null;
        }

        var documents = await db.Set<IssuedDocument>().AsNoTracking()
            .Where(d => d.ApplicationId == applicationId && d.SupersededAt == null)
            .ToListAsync(cancellationToken);
        return documents.Where(d => applicantId is null || IsForApplicant(d.Kind)).OrderBy(d => d.IssuedAt).ThenBy(d => d.Kind).ToList();
    }

    /// <summary>
    /// One current or earlier document with its content; <c>null</c> when not there, not the caller's, or for an
    /// applicant a kind not addressed to them.
    /// </summary>
    public async Task<(IssuedDocument Document, Stream Content)?> OpenAsync(Guid applicationId, Guid documentId, string? applicantId, CancellationToken cancellationToken = default)
    {
        if (!await VisibleAsync(applicationId, applicantId, cancellationToken))
        {
            return null;
        }

        var document = await db.Set<IssuedDocument>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == documentId && d.ApplicationId == applicationId, cancellationToken);
        if (document is null || (applicantId is not null && !IsForApplicant(document.Kind)))
        {
            return null;
        }

        var content = await files.OpenReadAsync(document.Sha256, cancellationToken);
        return content is null ? null : (document, content);
    }

    /// <summary>The signed SK behind a verification code, as the public page shows it.</summary>
    public async Task<DecreeVerification> VerifyAsync(string? code, CancellationToken cancellationToken = default)
    {
        var normalized = VerificationCode.Normalize(code);
        if (normalized is null)
        {
            return new DecreeVerification(DecreeStanding.Unknown, null);
        }

        var decree = await db.Set<IssuedDocument>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.VerificationCode == normalized && d.Kind == IssuedDocumentKind.Sk, cancellationToken);
        return decree switch
        {
            null => new DecreeVerification(DecreeStanding.Unknown, null),
            { IsRevoked: true } => new DecreeVerification(DecreeStanding.Revoked, decree),
            { SupersededAt: not null } => new DecreeVerification(DecreeStanding.Superseded, decree),
            _ => new DecreeVerification(DecreeStanding.Valid, decree),
        };
    }

    /// <summary>
    /// Checks an uploaded PDF against the signed original of <paramref name="code"/>. The SHA-256 comes first: the
    /// original's bytes are not parsed at all. Any other file is read in a worker process
    /// (<see cref="IsolatedPdfVerifier"/>), never by this process's parsers, and only when the code leads to an SK.
    /// </summary>
    /// <exception cref="PerizinanException">PdfUnreadable (the file's structure cannot be read within the limits),
    /// PdfCheckBusy (every worker is busy).</exception>
    public async Task<UploadCheck> CheckUploadAsync(string? code, byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var verification = await VerifyAsync(code, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        if (verification.Decree is not { } decree)
        {
            return new UploadCheck(verification.Standing, sha256, MatchesOriginal: false, Signature: null, SignedByOffice: false);
        }

        if (string.Equals(decree.Sha256, sha256, StringComparison.Ordinal))
        {
            return new UploadCheck(verification.Standing, sha256, MatchesOriginal: true, AsSigned(decree), SignedByOffice: true);
        }

        PdfSignatureVerification signature;
        try
        {
            signature = await verifier.VerifyAsync(pdf, cancellationToken);
        }
        catch (PdfCheckBusyException)
        {
            throw new PerizinanException(PerizinanError.PdfCheckBusy, PerizinanText.Message("PdfCheckBusy"));
        }

        if (!signature.Readable)
        {
            throw new PerizinanException(PerizinanError.PdfUnreadable, PerizinanText.Message("PdfUnreadable"));
        }

        var signedByOffice = signature.CertificateSha1Thumbprint is { } thumbprint
            && string.Equals(thumbprint, decree.CertificateThumbprint, StringComparison.OrdinalIgnoreCase);
        return new UploadCheck(verification.Standing, sha256, MatchesOriginal: false, signature, signedByOffice);
    }

    /// <summary>The signature of the file the office signed, as recorded at signing (the bytes are the same).</summary>
    private static PdfSignatureVerification AsSigned(IssuedDocument decree) => new()
    {
        SignaturePresent = true,
        CmsValid = true,
        DigestMatches = true,
        CoversWholeDocument = true,
        SignerName = decree.SignerName,
        SignerSubject = decree.CertificateSubject,
        CertificateSha1Thumbprint = decree.CertificateThumbprint,
        SigningTime = decree.SignedAt,
    };

    /// <summary>Revokes a signed SK with the reason; the verification page says so from then on.</summary>
    /// <exception cref="PerizinanException">NotFound (no such code), NotesRequired (no reason), InvalidState (already revoked).</exception>
    public async Task<IssuedDocument> RevokeAsync(string? code, string? reason, string revokedBy, CancellationToken cancellationToken = default)
    {
        var normalized = VerificationCode.Normalize(code);
        var decree = normalized is null
            ? null
            : await db.Set<IssuedDocument>().SingleOrDefaultAsync(d => d.VerificationCode == normalized && d.Kind == IssuedDocumentKind.Sk, cancellationToken);
        if (decree is null)
        {
            throw new PerizinanException(PerizinanError.NotFound, PerizinanText.Message("IssuedDocumentNotFound"));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            var message = PerizinanText.Message("RevocationReasonRequired");
            throw new PerizinanException(PerizinanError.NotesRequired, message, [new PerizinanIssue("reason", message)]);
        }

        if (decree.IsRevoked)
        {
            throw new PerizinanException(PerizinanError.InvalidState, PerizinanText.Message("SkAlreadyRevoked", decree.RevokedAt));
        }

        db.Context.Entry(decree).Property(d => d.Revision).OriginalValue = decree.Revision;
        decree.Revision++;
        decree.IsRevoked = true;
        decree.RevokedAt = time.GetUtcNow();
        decree.RevokedReason = reason.Trim();
        decree.RevokedBy = revokedBy;
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Discard(decree);
            throw new PerizinanException(PerizinanError.ConcurrencyConflict, PerizinanText.Message("ApplicationConflict"));
        }

        return decree;
    }

    private async Task<bool> VisibleAsync(Guid applicationId, string? applicantId, CancellationToken cancellationToken) =>
        await db.Set<PermitApplication>().AsNoTracking()
            .AnyAsync(a => a.Id == applicationId && (applicantId == null || a.ApplicantId == applicantId), cancellationToken);
}
