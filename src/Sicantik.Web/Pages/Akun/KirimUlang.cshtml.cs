using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Sends the confirmation link again; says the same whether or not the address is known.</summary>
[EnableRateLimiting(AccountEndpoints.EmailRateLimit)]
public sealed class KirimUlangModel(AccountService accounts) : AccountEmailPageModel
{
    protected override Task SendAsync(string? email, CancellationToken cancellationToken) => accounts.ResendConfirmationAsync(email, cancellationToken);
}
