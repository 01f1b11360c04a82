using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Cookie sign-in for applicants and staff, with lockout after repeated failures.</summary>
public sealed class MasukModel(SignInManager<SicantikUser> signIn, UserManager<SicantikUser> users) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var email = Email?.Trim() ?? string.Empty;
        var result = await signIn.PasswordSignInAsync(email, Password ?? string.Empty, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            Error = AccountService.SignInMessage(result);
            Password = null;
            return Page();
        }

        if (Display.LocalUrl(ReturnUrl) is { } back)
        {
            return LocalRedirect(back);
        }

        var user = await users.FindByNameAsync(email);
        var roles = user is null ? [] : await users.GetRolesAsync(user);
        return LocalRedirect(AccountService.StartPage(roles));
    }
}
