using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Asks for a password-reset link; says the same whether or not the address is known.</summary>
[EnableRateLimiting(AccountEndpoints.EmailRateLimit)]
public sealed class LupaKataSandiModel(AccountService accounts) : PageModel
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
        await accounts.RequestPasswordResetAsync(Email, cancellationToken);
        Sent = true;
        return Page();
    }
}
