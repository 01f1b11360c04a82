using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>What the public verification says about a code, in plain words as well.</summary>
public sealed record DecreeVerificationDto(
    string Code,
    DecreeStanding Standing,
    bool IsAuthentic,
    string Message,
    string? Number,
    string? HolderName,
    string? Subject,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    string? SignerName,
    DateTimeOffset? SignedAt,
    string? CertificateSubject,
    string? CertificateThumbprint,
    DateTimeOffset? RevokedAt,
    string? RevokedReason)
{
    public static DecreeVerificationDto From(string code, DecreeVerification v)
    {
        var d = v.Decree;
        return new DecreeVerificationDto(
            d?.VerificationCode ?? code, v.Standing, v.Standing == DecreeStanding.Valid, WebText.Get("Verification_" + v.Standing),
            d?.Number, d?.HolderName, d?.Subject, d?.ValidFrom, d?.ValidUntil, d?.SignerName, d?.SignedAt,
            d?.CertificateSubject, d?.CertificateThumbprint, d?.RevokedAt, d?.RevokedReason);
    }
}

/// <summary>
/// An uploaded PDF checked against the signed original: both checks, who signed it, and the verdict in plain words.
/// A file identical to the original is not parsed; another is read in a worker process.
/// </summary>
public sealed record UploadCheckDto(
    DecreeStanding Standing,
    bool IsAuthentic,
    bool MatchesOriginal,
    bool SignatureValid,
    bool CoversWholeDocument,
    string Sha256,
    string Message,
    IReadOnlyList<string> Findings,
    string? SignedBy = null,
    bool SignedByOffice = false)
{
    public static UploadCheckDto From(UploadCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var signature = check.Signature;
        var signatureHolds = signature is { SignaturePresent: true, CmsValid: true, DigestMatches: true };
        var signedBy = signature is { SignaturePresent: true } ? signature.SignerSubject ?? signature.SignerName : null;
        List<string> findings = [];
        if (signature is not null)
        {
            findings.Add(WebText.Get(check.MatchesOriginal ? "UploadMatchesOriginal" : "UploadDiffersFromOriginal"));
            findings.Add(WebText.Get(!signature.SignaturePresent ? "UploadNoSignature" : signatureHolds ? "UploadSignatureValid" : "UploadSignatureInvalid"));
            if (signedBy is not null)
            {
                findings.Add(WebText.Get("UploadSignedBy", signedBy));
            }

            if (signatureHolds && !check.SignedByOffice)
            {
                findings.Add(WebText.Get("UploadSignedByOtherCertificate"));
            }

            if (signature.SignaturePresent && !signature.CoversWholeDocument)
            {
                findings.Add(WebText.Get("UploadSignatureNotWhole"));
            }
        }

        var message = check.Standing switch
        {
            DecreeStanding.Valid => WebText.Get(check.IsAuthentic ? "UploadAuthentic" : "UploadNotAuthentic"),
            _ => WebText.Get("Verification_" + check.Standing),
        };
        return new UploadCheckDto(
            check.Standing, check.IsAuthentic, check.MatchesOriginal, signatureHolds, signature?.CoversWholeDocument ?? false,
            check.Sha256, message, findings, signedBy, check.SignedByOffice);
    }
}

public sealed record RevokeRequest(string? Reason);

/// <summary>
/// The public verification of signed SKs (<c>/api/verifikasi/{code}</c>, no sign-in), the check of an uploaded PDF
/// (size-limited, PDF only, rate-limited; compared by SHA-256 first, and read only in a worker process: problems
/// <c>pdf-unreadable</c> 422, <c>pdf-check-busy</c> 503), and the administrator's revocation.
/// </summary>
public static class VerificationEndpoints
{
    /// <summary>The largest PDF the public check takes.</summary>
    public const long MaxUploadBytes = 10L * 1024 * 1024;

    /// <summary>The rate limiter policy of the public upload (per client address).</summary>
    public const string UploadRateLimit = "verifikasi-unggah";

    public static RouteGroupBuilder MapVerificationApi(this RouteGroupBuilder api)
    {
        var verification = api.MapGroup("/verifikasi").WithTags("Verifikasi").AllowAnonymous();
        verification.MapGet("/{code}", GetAsync);
        verification.MapPost("/{code}/periksa", CheckAsync).RequireRateLimiting(UploadRateLimit).DisableAntiforgery();
        api.MapPost("/admin/sk/{code}/cabut", RevokeAsync).WithTags("Verifikasi").RequireAuthorization(SicantikPolicies.Admin);
        return api;
    }

    private static async Task<Ok<DecreeVerificationDto>> GetAsync(string code, IssuedDocumentService documents, CancellationToken cancellationToken)
    {
        var verification = await documents.VerifyAsync(code, cancellationToken);
        if (verification.Standing == DecreeStanding.Unknown)
        {
            throw new PerizinanException(PerizinanError.NotFound, WebText.Get("Verification_Unknown"));
        }

        return TypedResults.Ok(DecreeVerificationDto.From(code, verification));
    }

    private static async Task<Ok<UploadCheckDto>> CheckAsync(string code, HttpRequest request, IssuedDocumentService documents, CancellationToken cancellationToken)
    {
        var pdf = await MultipartUpload.ReadFileAsync(request, MaxUploadBytes, (_, content) => ReadPdfAsync(content, cancellationToken), cancellationToken);
        return TypedResults.Ok(UploadCheckDto.From(await documents.CheckUploadAsync(code, pdf, cancellationToken)));
    }

    private static async Task<Ok<DecreeVerificationDto>> RevokeAsync(string code, RevokeRequest request, IssuedDocumentService documents, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await documents.RevokeAsync(code, request?.Reason, principal.UserId(), cancellationToken);
        return TypedResults.Ok(DecreeVerificationDto.From(code, await documents.VerifyAsync(code, cancellationToken)));
    }

    /// <summary>
    /// Reads an upload of at most <see cref="MaxUploadBytes"/> that starts like a PDF. Refusals: <c>document-too-large</c>
    /// (413), <c>document-empty</c>, <c>document-type-refused</c> (415).
    /// </summary>
    public static async Task<byte[]> ReadPdfAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                throw new PerizinanException(PerizinanError.DocumentTooLarge, WebText.Get("VerificationUploadTooLarge", MaxUploadBytes / (1024 * 1024)));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new PerizinanException(PerizinanError.DocumentEmpty, WebText.Get("VerificationUploadEmpty"));
        }

        var bytes = buffer.ToArray();
        if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            throw new PerizinanException(PerizinanError.DocumentTypeRefused, WebText.Get("VerificationUploadNotPdf"));
        }

        return bytes;
    }
}
