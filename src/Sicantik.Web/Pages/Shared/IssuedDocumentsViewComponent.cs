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
    public async Task<IViewComponentResult> InvokeAsync(Guid applicationId)
    {
        var list = await documents.ListAsync(applicationId, IssuedDocumentEndpoints.ApplicantScope(UserClaimsPrincipal), HttpContext.RequestAborted) ?? [];
        return View(list.Select(IssuedDocumentDto.From).ToList());
    }
}
