using Microsoft.AspNetCore.RateLimiting;
using Sicantik.Web.Api;

namespace Sicantik.Web.Pages.Akun;

/// <summary>Asks for a password-reset link; says the same whether or not the address is known.</summary>
[EnableRateLimiting(AccountEndpoints.EmailRateLimit)]
public sealed class LupaKataSandiModel(AccountService accounts) : AccountEmailPageModel
{
    protected override Task SendAsync(string? email, CancellationToken cancellationToken) => accounts.RequestPasswordResetAsync(email, cancellationToken);
}
