using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>The link from the confirmation email.</summary>
public sealed class KonfirmasiModel(AccountService accounts) : PageModel
{
    public bool Confirmed { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        try
        {
            await accounts.ConfirmEmailAsync(userId, code);
            Confirmed = true;
        }
        catch (AccountException ex)
        {
            Error = ex.Message;
        }
    }
}
