using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Sends the confirmation link again; says the same whether or not the address is known.</summary>
[EnableRateLimiting(AccountEndpoints.EmailRateLimit)]
public sealed class KirimUlangModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    [BindProperty(Name = AccountEndpoints.RateLimitedQuery, SupportsGet = true)]
    public bool RateLimited { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await accounts.ResendConfirmationAsync(Email, cancellationToken);
        Sent = true;
        return Page();
    }
}
