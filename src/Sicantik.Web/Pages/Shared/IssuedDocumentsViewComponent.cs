using Microsoft.AspNetCore.Mvc;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages;

/// <summary>
/// The "Dokumen terbit" card: the documents issued for an application with their download links, read-only. The signed-in
/// person's scope applies: an applicant sees only their own application's documents, staff any.
/// </summary>
public sealed class IssuedDocumentsViewComponent(IssuedDocumentService documents) : ViewComponent
{
    /// <param name="applicationId">The application.</param>
    /// <param name="only">One kind only, shown as the card the counters print from (the signed SK); null for the whole list.</param>
    public async Task<IViewComponentResult> InvokeAsync(Guid applicationId, IssuedDocumentKind? only)
    {
        var list = await documents.ListAsync(applicationId, IssuedDocumentEndpoints.ApplicantScope(UserClaimsPrincipal), HttpContext.RequestAborted) ?? [];
        var shown = list.Where(d => only is null || d.Kind == only).Select(IssuedDocumentDto.From).ToList();
        return only is null ? View(shown) : View("Counter", shown);
    }
}
