using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>
/// A form that asks for an account email (a confirmation or reset link): it says the same whether or not the address is
/// known, and a client past its limit is sent back with <see cref="RateLimited"/>. Each page names the rate-limit policy.
/// </summary>
public abstract class AccountEmailPageModel : PageModel
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
        await SendAsync(Email, cancellationToken);
        Sent = true;
        return Page();
    }

    protected abstract Task SendAsync(string? email, CancellationToken cancellationToken);
}
