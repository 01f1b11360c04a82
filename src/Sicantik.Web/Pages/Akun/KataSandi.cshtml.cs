using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Data.Identity;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Akun;

/// <summary>
/// Changes the signed-in person's password; the one page (with signing out) open to a temporary password, which must be
/// changed here first.
/// </summary>
[Authorize(Policy = SicantikPolicies.SignedIn)]
public sealed class KataSandiModel(AccountService accounts, SignInManager<SicantikUser> signIn, UserManager<SicantikUser> users) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public FieldErrors Errors { get; } = new();

    public bool Required => User.HasClaim(c => c.Type == SicantikClaims.PasswordChangeRequired);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!string.Equals(NewPassword, ConfirmPassword, StringComparison.Ordinal))
        {
            Errors.Add("confirmPassword", PageText.T("PasswordMismatch"));
        }
        else
        {
            try
            {
                var user = await accounts.ChangePasswordAsync(User.UserId(), CurrentPassword, NewPassword);
                // The change ended every session, this one too: sign in again with the new stamp.
                await signIn.SignInAsync(user, isPersistent: false);
                TempData.Success(PageText.T("PasswordChanged"));
                return LocalRedirect(AccountService.StartPage(await users.GetRolesAsync(user)));
            }
            catch (AccountException ex)
            {
                Errors.AddRange(ex.Errors);
            }
        }

        CurrentPassword = null;
        NewPassword = null;
        ConfirmPassword = null;
        return Page();
    }
}
