using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>An issued document as the API lists it; <c>download</c> is where its PDF is.</summary>
public sealed record IssuedDocumentDto(
    Guid Id,
    IssuedDocumentKind Kind,
    string KindName,
    string? Number,
    string FileName,
    long SizeBytes,
    string Sha256,
    string ElementId,
    DateTimeOffset IssuedAt,
    string? VerificationCode,
    bool IsRevoked,
    string Download)
{
    public static IssuedDocumentDto From(IssuedDocument d) => new(
        d.Id, d.Kind, WebText.Get("IssuedKind_" + d.Kind), d.Number, d.FileName, d.SizeBytes, d.Sha256, d.ElementId, d.IssuedAt,
        d.VerificationCode, d.IsRevoked, $"/api/applications/{d.ApplicationId}/issued-documents/{d.Id}");
}

/// <summary>
/// The documents the office issued for an application (receipt, Nota Dinas, SK): an applicant reads their own (another's
/// is not found, never forbidden), staff with an SOP role read any.
/// </summary>
public static class IssuedDocumentEndpoints
{
    public static RouteGroupBuilder MapIssuedDocumentApi(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/applications/{id:guid}/issued-documents").WithTags("Dokumen terbit").RequireAuthorization();
        documents.MapGet("/", ListAsync);
        documents.MapGet("/{documentId:guid}", DownloadAsync);
        return api;
    }

    /// <summary>The applicant's id when the caller reads as an applicant; null for staff, who read any application.</summary>
    public static string? ApplicantScope(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return SopRoles.Staff.Any(principal.IsInRole) ? null : principal.UserId();
    }

    private static async Task<Ok<List<IssuedDocumentDto>>> ListAsync(Guid id, IssuedDocumentService documents, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var list = await documents.ListAsync(id, ApplicantScope(principal), cancellationToken) ?? throw NotFound();
        return TypedResults.Ok(list.Select(IssuedDocumentDto.From).ToList());
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid documentId, IssuedDocumentService documents, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var found = await documents.OpenAsync(id, documentId, ApplicantScope(principal), cancellationToken) ?? throw NotFound();
        return TypedResults.Stream(found.Content, "application/pdf", found.Document.FileName, lastModified: found.Document.IssuedAt);
    }

    private static PerizinanException NotFound() => new(PerizinanError.NotFound, WebText.Get("IssuedDocumentNotFound"));
}
