using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>An applicant registers (SOP step 2) and receives a confirmation link by email.</summary>
public sealed class DaftarModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public RegisterForm Input { get; set; } = new();

    public FieldErrors Errors { get; } = new();

    public string? RegisteredEmail { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            Errors.Add("confirmPassword", PageText.T("PasswordMismatch"));
        }

        try
        {
            if (!Errors.Any)
            {
                var user = await accounts.RegisterApplicantAsync(
                    new RegisterRequest(Input.FullName ?? string.Empty, Input.Email ?? string.Empty, Input.Password ?? string.Empty, Input.Nik, Input.Nib, Input.PhoneNumber),
                    cancellationToken);
                RegisteredEmail = user.Email;
            }
        }
        catch (AccountException ex)
        {
            Errors.AddRange(ex.Errors);
            if (ex.Errors is null)
            {
                Errors.Add("form", ex.Message);
            }
        }

        Input.Password = null;
        Input.ConfirmPassword = null;
        return Page();
    }

    public sealed class RegisterForm
    {
        public string? FullName { get; set; }

        public string? Email { get; set; }

        public string? Nik { get; set; }

        public string? Nib { get; set; }

        public string? PhoneNumber { get; set; }

        public string? Password { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
