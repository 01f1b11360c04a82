using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Data;
using Sicantik.Web.Api;

namespace Sicantik.Web.Identity;

/// <summary>Claims Sicantik keeps on an account (Identity's user claims, so no column of its own).</summary>
public static class SicantikClaims
{
    /// <summary>An administrator set the password: the person changes it before doing anything else.</summary>
    public const string PasswordChangeRequired = "sicantik:password-change-required";
}

/// <summary>
/// Authenticates a request with the cookie or the bearer token, then holds the session against the account as the
/// database has it now: a changed security stamp (new password, other roles, disabled), a disabled or locked-out account
/// or a deleted one ends the session at its next request, on every node. One primary-key read per request, no cache.
/// </summary>
public sealed class CurrentAccountHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SicantikDbContext db,
    IOptions<IdentityOptions> identity,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Sicantik.CurrentAccount";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var scheme = IdentitySetup.CredentialScheme(Context);
        var signedIn = await Context.AuthenticateAsync(scheme);
        if (!signedIn.Succeeded)
        {
            return signedIn;
        }

        var claims = identity.Value.ClaimsIdentity;
        var userId = signedIn.Principal.FindFirstValue(claims.UserIdClaimType);
        var stamp = signedIn.Principal.FindFirstValue(claims.SecurityStampClaimType);
        var account = userId is null
            ? null
            : await db.Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => new { u.SecurityStamp, u.IsDisabled, u.LockoutEnd })
                .FirstOrDefaultAsync(Context.RequestAborted);
        if (account is null || stamp is null || !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal)
            || account.IsDisabled || account.LockoutEnd > time.GetUtcNow())
        {
            if (scheme == IdentityConstants.ApplicationScheme)
            {
                await Context.SignOutAsync(IdentityConstants.ApplicationScheme);
            }

            return AuthenticateResult.Fail("The session no longer matches the account.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(signedIn.Principal, signedIn.Properties, Scheme.Name));
    }
}

/// <summary>
/// Part of every policy but the one for changing the password: met unless an administrator's temporary password is still
/// in use (<see cref="SicantikClaims.PasswordChangeRequired"/>, carried by the session; a change ends older sessions).
/// </summary>
public sealed class PasswordChangedRequirement : AuthorizationHandler<PasswordChangedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordChangedRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.User.HasClaim(c => c.Type == SicantikClaims.PasswordChangeRequired))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A refusal for a temporary password sends a page to the change-password page and gives an API caller the problem
/// <c>password-change-required</c>; every other outcome is ASP.NET's own.
/// </summary>
public sealed class PasswordChangeResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string ChangePasswordPage = "/Akun/KataSandi";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PasswordChangedRequirement>().Any() != true)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        if (IdentitySetup.WantsStatusCode(context.Request))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "password-change-required", WebText.Get("PasswordChangeRequired")).ExecuteAsync(context);
        }

        context.Response.Redirect(ChangePasswordPage);
        return Task.CompletedTask;
    }
}
