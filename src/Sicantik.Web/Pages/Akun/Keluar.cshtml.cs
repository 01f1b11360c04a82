using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Signs out (POST only; the GET shows a button).</summary>
public sealed class KeluarModel(SignInManager<SicantikUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData.Success(PageText.T("SignedOut"));
        return LocalRedirect("/");
    }
}
