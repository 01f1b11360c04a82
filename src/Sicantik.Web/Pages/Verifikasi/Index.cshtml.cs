using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Verifikasi;

/// <summary>
/// The public verification page the SK's QR code opens: whether the permit is authentic, what it says, and a check of an
/// uploaded PDF against the signed original (same bytes, and a signature that holds). No sign-in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(VerificationEndpoints.UploadRateLimit)]
[RequestSizeLimit(VerificationEndpoints.MaxUploadBytes + (256 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = VerificationEndpoints.MaxUploadBytes + (256 * 1024))]
public sealed class IndexModel(IssuedDocumentService documents) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public DecreeVerificationDto? Result { get; private set; }

    public UploadCheckDto? Check { get; private set; }

    public string? UploadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? kode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code) && !string.IsNullOrWhiteSpace(kode))
        {
            // The form on the page sends the typed code as ?kode=; the canonical address carries it in the path.
            return LocalRedirect("/verifikasi/" + Uri.EscapeDataString(VerificationCode.Normalize(kode) ?? kode.Trim()));
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? berkas, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Result is null)
        {
            return Page();
        }

        if (berkas is null || berkas.Length == 0)
        {
            UploadError = WebText.Get("VerificationUploadEmpty");
            return Page();
        }

        if (berkas.Length > VerificationEndpoints.MaxUploadBytes)
        {
            UploadError = WebText.Get("VerificationUploadTooLarge", VerificationEndpoints.MaxUploadBytes / (1024 * 1024));
            return Page();
        }

        try
        {
            await using var content = berkas.OpenReadStream();
            var pdf = await VerificationEndpoints.ReadPdfAsync(content, cancellationToken);
            Check = UploadCheckDto.From(await documents.CheckUploadAsync(Code, pdf, cancellationToken));
        }
        catch (PerizinanException ex)
        {
            UploadError = ex.Message;
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            return;
        }

        Result = DecreeVerificationDto.From(Code, await documents.VerifyAsync(Code, cancellationToken));
    }
}
