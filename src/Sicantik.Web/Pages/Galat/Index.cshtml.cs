using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sicantik.Web.Pages.Galat;

/// <summary>
/// The page a browser sees for an error status (404, 403, 500, …), in the site's layout, re-executed by
/// <see cref="Hosting.ErrorPages"/> under the address that failed. It keeps the status, and it answers any method: a
/// form posted to a missing page lands here too, without a token to check.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel : PageModel
{
    [FromRoute]
    public int Code { get; set; }

    public string Title => PageText.T($"Error{Kind}Title");

    public string Text => PageText.T($"Error{Kind}Text");

    public string Icon => Kind switch
    {
        "404" => "bi-signpost-split",
        "403" or "401" => "bi-shield-lock",
        "500" => "bi-exclamation-octagon",
        _ => "bi-exclamation-triangle",
    };

    private string Kind => Code is 401 or 403 or 404 or 500 ? Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : Code >= 500 ? "500" : "Other";

    public IActionResult OnGet() => Answer();

    public IActionResult OnPost() => Answer();

    private PageResult Answer()
    {
        // Opened directly (not re-executed), the page still answers with the status it describes.
        Response.StatusCode = Code is >= 400 and <= 599 ? Code : StatusCodes.Status404NotFound;
        return Page();
    }
}
