using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>The link from the password-reset email: choose a new password.</summary>
public sealed class AturUlangKataSandiModel(AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public FieldErrors Errors { get; } = new();

    public bool Done { get; private set; }

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
                await accounts.ResetPasswordAsync(UserId, Code, NewPassword);
                Done = true;
            }
            catch (AccountException ex)
            {
                Errors.AddRange(ex.Errors);
                if (ex.Errors is null)
                {
                    Errors.Add("form", ex.Message);
                }
            }
        }

        NewPassword = null;
        ConfirmPassword = null;
        return Page();
    }
}
