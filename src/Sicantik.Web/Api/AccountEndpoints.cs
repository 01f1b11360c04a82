using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Notifications;
using Sicantik.Web.Hosting;
using Sicantik.Web.Identity;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Api;

/// <summary>Applicants register and confirm their email; everyone signs in for a bearer token.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Akun");
        account.MapPost("/register", RegisterAsync).AllowAnonymous();
        account.MapPost("/confirm-email", ConfirmEmailAsync).AllowAnonymous();
        account.MapPost("/resend-confirmation", ResendConfirmationAsync).AllowAnonymous().RequireRateLimiting(EmailRateLimit);
        account.MapPost("/forgot-password", ForgotPasswordAsync).AllowAnonymous().RequireRateLimiting(EmailRateLimit);
        account.MapPost("/reset-password", ResetPasswordAsync).AllowAnonymous();
        account.MapPost("/login", LoginAsync).AllowAnonymous();
        account.MapPost("/refresh", RefreshAsync).AllowAnonymous();
        account.MapPost("/password", ChangePasswordAsync).RequireAuthorization(SicantikPolicies.SignedIn);
        account.MapGet("/me", MeAsync).RequireAuthorization();
        account.MapPut("/me", UpdateProfileAsync).RequireAuthorization();
        return api;
    }

    /// <summary>The rate-limiter policy of the requests that send an account email, per client.</summary>
    public const string EmailRateLimit = "account-email";

    /// <summary>The query parameter a page is sent back with when its form was rate-limited.</summary>
    public const string RateLimitedQuery = "dibatasi";

    private static async Task<IResult> RegisterAsync(RegisterRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var user = await accounts.RegisterApplicantAsync(request, cancellationToken);
        return TypedResults.Created("/api/account/me", new RegisterResponse(user.Id, WebText.Get("RegisteredCheckEmail", user.Email)));
    }

    private static async Task<IResult> ConfirmEmailAsync(ConfirmEmailRequest request, AccountService accounts)
    {
        await accounts.ConfirmEmailAsync(request.UserId, request.Code);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ResendConfirmationAsync(EmailRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        // The same answer whether or not the address is known, so that addresses cannot be probed.
        await accounts.ResendConfirmationAsync(request.Email, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Accepted> ForgotPasswordAsync(EmailRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        // The same answer whether or not the address is known, so that addresses cannot be probed.
        await accounts.RequestPasswordResetAsync(request.Email, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ResetPasswordAsync(ResetPasswordRequest request, AccountService accounts)
    {
        await accounts.ResetPasswordAsync(request.UserId, request.Code, request.NewPassword);
        return TypedResults.NoContent();
    }

    private static async Task<Results<SignInHttpResult, NoContent>> ChangePasswordAsync(
        ChangePasswordRequest request,
        ClaimsPrincipal principal,
        AccountService accounts,
        SignInManager<SicantikUser> signIn,
        HttpContext http)
    {
        var user = await accounts.ChangePasswordAsync(principal.UserId(), request.CurrentPassword, request.NewPassword);
        if (IdentitySetup.CredentialScheme(http) == IdentityConstants.BearerScheme)
        {
            // The change ended every older session, this one too: the answer carries new tokens, as the sign-in's does.
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeResponse>> UpdateProfileAsync(ProfileRequest request, ClaimsPrincipal principal, AccountService accounts, UserManager<SicantikUser> users)
    {
        var user = await accounts.UpdateProfileAsync(principal.UserId(), request.PhoneNumber);
        return TypedResults.Ok(await MeOfAsync(user, users));
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, SignInManager<SicantikUser> signIn)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email?.Trim() ?? string.Empty, request.Password ?? string.Empty, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The bearer handler has written the access and refresh tokens.
            return TypedResults.Empty;
        }

        return AccountService.SignInProblem(result);
    }

    private static async Task<IResult> RefreshAsync(
        RefreshRequest request,
        SignInManager<SicantikUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider time)
    {
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || user.IsDisabled || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "refresh-token-invalid", WebText.Get("RefreshTokenInvalid"));
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<SicantikUser> users)
    {
        var user = await users.FindByIdAsync(principal.UserId());
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Ok(await MeOfAsync(user, users));
    }

    private static async Task<MeResponse> MeOfAsync(SicantikUser user, UserManager<SicantikUser> users)
    {
        var roles = await users.GetRolesAsync(user);
        return new MeResponse(user.Id, user.Email ?? string.Empty, user.FullName, user.Nik, user.Nib, user.PhoneNumber, roles.Order(StringComparer.Ordinal).ToList());
    }
}

/// <summary>Account rules shared by the API and the pages.</summary>
public sealed class AccountService(
    UserManager<SicantikUser> users,
    IEmailSender<SicantikUser> email,
    SicantikDbContext db,
    IOptions<SicantikOptions> options,
    TimeProvider time)
{
    /// <summary>Creates an applicant account (role <c>pemohon</c>) and sends the confirmation link.</summary>
    /// <exception cref="AccountException">The request is invalid; every problem is listed.</exception>
    public async Task<SicantikUser> RegisterApplicantAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var issue in ApplicantIdentity.Validate(request.FullName, request.Nik, request.Nib))
        {
            Add(errors, issue.Key switch { "applicantName" => "fullName", "applicantNik" => "nik", "applicantNib" => "nib", var k => k }, issue.Message);
        }

        if (string.IsNullOrWhiteSpace(request.Email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(request.Email.Trim()))
        {
            Add(errors, "email", WebText.Get("EmailInvalid"));
        }

        if (string.IsNullOrWhiteSpace(request.PhoneNumber) || !PhonePattern.IsMatch(request.PhoneNumber.Trim()))
        {
            Add(errors, "phoneNumber", WebText.Get("PhoneInvalid"));
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            Add(errors, "password", WebText.Get("PasswordRequired"));
        }

        ThrowIfAny(errors);
        var user = new SicantikUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            FullName = request.FullName.Trim(),
            Nik = Blank(request.Nik),
            Nib = Blank(request.Nib),
            PhoneNumber = request.PhoneNumber!.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                Add(errors, error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
            }

            ThrowIfAny(errors);
        }

        var role = await users.AddToRoleAsync(user, SopRoles.Pemohon);
        if (!role.Succeeded)
        {
            await users.DeleteAsync(user);
            throw new InvalidOperationException(string.Join("; ", role.Errors.Select(e => e.Description)));
        }

        await SendConfirmationAsync(user, cancellationToken);
        return user;
    }

    /// <summary>Confirms the address with the code from the email link.</summary>
    /// <exception cref="AccountException">The link is wrong or expired.</exception>
    public async Task ConfirmEmailAsync(string? userId, string? code)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code ?? string.Empty));
        }
        catch (FormatException)
        {
            token = string.Empty;
        }

        if (user is null || token.Length == 0 || !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "confirmation-invalid", WebText.Get("ConfirmationInvalid"));
        }
    }

    /// <summary>Sends the link again when the address belongs to an unconfirmed account; says nothing either way.</summary>
    public async Task ResendConfirmationAsync(string? address, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(address) ? null : await users.FindByEmailAsync(address.Trim());
        if (user is not null && !user.EmailConfirmed && await WithinEmailLimitAsync(user, cancellationToken))
        {
            await SendConfirmationAsync(user, cancellationToken);
        }
    }

    /// <summary>
    /// Emails a password-reset link when the address belongs to an account that may sign in (confirmed, not disabled) and
    /// has had fewer than the hour's account emails; says nothing either way.
    /// </summary>
    public async Task RequestPasswordResetAsync(string? address, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(address) ? null : await users.FindByEmailAsync(address.Trim());
        if (user is not { EmailConfirmed: true, IsDisabled: false } || !await WithinEmailLimitAsync(user, cancellationToken))
        {
            return;
        }

        var code = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/Akun/AturUlangKataSandi?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(code)}";
        await email.SendPasswordResetLinkAsync(user, user.Email!, link);
    }

    /// <summary>Sets a new password with the emailed link's code; the link then holds no more, nor do older sessions.</summary>
    /// <exception cref="AccountException">The link is wrong, used or expired, or the new password is refused.</exception>
    public async Task ResetPasswordAsync(string? userId, string? code, string? newPassword)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(code)
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<SicantikUser>.ResetPasswordTokenPurpose, code))
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "reset-link-invalid", WebText.Get("ResetLinkInvalid"));
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            throw PasswordInvalid(new() { ["newPassword"] = [WebText.Get("PasswordRequired")] });
        }

        var reset = await users.ResetPasswordAsync(user, code, newPassword);
        if (!reset.Succeeded)
        {
            throw PasswordInvalid(new() { ["newPassword"] = reset.Errors.Select(e => e.Description).ToList() });
        }

        // Whoever holds the address chose this password: a temporary one is gone, and so is a lockout from wrong guesses.
        await DropPasswordChangeRequiredAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
    }

    /// <summary>Changes the signed-in person's password (also a temporary one); older sessions end, the caller signs in again.</summary>
    /// <exception cref="AccountException">The current password is wrong, or the new one is refused.</exception>
    public async Task<SicantikUser> ChangePasswordAsync(string userId, string? currentPassword, string? newPassword)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new AccountException(StatusCodes.Status404NotFound, "account-not-found", WebText.Get("AccountNotFound"));
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(currentPassword))
        {
            Add(errors, "currentPassword", WebText.Get("PasswordRequired"));
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            Add(errors, "newPassword", WebText.Get("PasswordRequired"));
        }
        else if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            Add(errors, "newPassword", WebText.Get("PasswordMustDiffer"));
        }

        if (errors.Count == 0)
        {
            var changed = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
            foreach (var error in changed.Errors)
            {
                Add(errors, error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword", error.Description);
            }
        }

        if (errors.Count > 0)
        {
            throw PasswordInvalid(errors);
        }

        await DropPasswordChangeRequiredAsync(user);
        return user;
    }

    /// <summary>Saves what a person may change in their own profile: the phone number.</summary>
    /// <exception cref="AccountException">The phone number is not valid.</exception>
    public async Task<SicantikUser> UpdateProfileAsync(string userId, string? phoneNumber)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new AccountException(StatusCodes.Status404NotFound, "account-not-found", WebText.Get("AccountNotFound"));
        if (string.IsNullOrWhiteSpace(phoneNumber) || !PhonePattern.IsMatch(phoneNumber.Trim()))
        {
            throw new AccountException(StatusCodes.Status422UnprocessableEntity, "profile-invalid", WebText.Get("PhoneInvalid"),
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["phoneNumber"] = [WebText.Get("PhoneInvalid")] });
        }

        user.PhoneNumber = phoneNumber.Trim();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", updated.Errors.Select(e => e.Description)));
        }

        return user;
    }

    /// <summary>
    /// Whether the account may get another account email now: the outbox's rows for it that no process wrote (Identity's
    /// confirmation and reset emails) within the last hour, so every node counts the same.
    /// </summary>
    private async Task<bool> WithinEmailLimitAsync(SicantikUser user, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddHours(-1);
        var recipient = "\"recipientUserId\":" + System.Text.Json.JsonSerializer.Serialize(user.Id);
        var sent = await db.Set<OutboxMessage>().AsNoTracking()
            .CountAsync(m => m.Topic == EmailTopic.Name && m.InstanceId == null && m.CreatedAt >= since && m.Payload.Contains(recipient), cancellationToken);
        return sent < options.Value.AccountEmailsPerAddressPerHour;
    }

    private async Task DropPasswordChangeRequiredAsync(SicantikUser user)
    {
        var marks = (await users.GetClaimsAsync(user)).Where(c => c.Type == SicantikClaims.PasswordChangeRequired).ToList();
        if (marks.Count > 0)
        {
            var removed = await users.RemoveClaimsAsync(user, marks);
            if (!removed.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", removed.Errors.Select(e => e.Description)));
            }
        }
    }

    private static AccountException PasswordInvalid(Dictionary<string, List<string>> errors) => new(
        StatusCodes.Status422UnprocessableEntity,
        "password-invalid",
        WebText.Get("PasswordInvalid"),
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    /// <summary>Where a person lands after signing in or changing their password: the start page of their roles.</summary>
    public static string StartPage(IList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Contains(SopRoles.Pemohon) ? "/Pemohon"
            : roles.Any(SopRoles.Clerks.Contains) ? "/Petugas"
            : roles.Contains(SopRoles.Admin) ? "/Admin/Pengguna"
            : "/";
    }

    /// <summary>The problem for a refused sign-in: locked out, email not confirmed, or wrong email or password.</summary>
    public static IResult SignInProblem(SignInResult result) => result switch
    {
        { IsLockedOut: true } => Problems.Result(StatusCodes.Status423Locked, "account-locked-out", WebText.Get("AccountLockedOut")),
        { IsNotAllowed: true } => Problems.Result(StatusCodes.Status403Forbidden, "email-not-confirmed", WebText.Get("EmailNotConfirmed")),
        _ => Problems.Result(StatusCodes.Status401Unauthorized, "credentials-invalid", WebText.Get("CredentialsInvalid")),
    };

    /// <summary>The message for a refused sign-in, for the sign-in page.</summary>
    public static string SignInMessage(SignInResult result) => result switch
    {
        { IsLockedOut: true } => WebText.Get("AccountLockedOut"),
        { IsNotAllowed: true } => WebText.Get("EmailNotConfirmed"),
        _ => WebText.Get("CredentialsInvalid"),
    };

    private async Task SendConfirmationAsync(SicantikUser user, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/Akun/Konfirmasi?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(code)}";
        await email.SendConfirmationLinkAsync(user, user.Email!, link);
    }

    private static readonly System.Text.RegularExpressions.Regex PhonePattern = new(@"^\+?[0-9][0-9 \-]{7,18}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }

    private static void ThrowIfAny(Dictionary<string, List<string>> errors)
    {
        if (errors.Count > 0)
        {
            throw new AccountException(
                StatusCodes.Status422UnprocessableEntity,
                "registration-invalid",
                WebText.Get("RegistrationInvalid", errors.Values.Sum(v => v.Count)),
                errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>An account request refused, with its status, stable code and per-field errors.</summary>
public sealed class AccountException(int status, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;
}
