using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Web.Hosting;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>Applicants register and confirm their email; everyone signs in for a bearer token.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Akun");
        account.MapPost("/register", RegisterAsync).AllowAnonymous();
        account.MapPost("/confirm-email", ConfirmEmailAsync).AllowAnonymous();
        account.MapPost("/resend-confirmation", ResendConfirmationAsync).AllowAnonymous();
        account.MapPost("/login", LoginAsync).AllowAnonymous();
        account.MapPost("/refresh", RefreshAsync).AllowAnonymous();
        account.MapGet("/me", MeAsync).RequireAuthorization();
        return api;
    }

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
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user || user.IsDisabled)
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

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? string.Empty, user.FullName, user.Nik, user.Nib, user.PhoneNumber, roles.Order(StringComparer.Ordinal).ToList()));
    }
}

/// <summary>Account rules shared by the API and the pages.</summary>
public sealed class AccountService(
    UserManager<SicantikUser> users,
    IEmailSender<SicantikUser> email,
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
        if (user is not null && !user.EmailConfirmed)
        {
            await SendConfirmationAsync(user, cancellationToken);
        }
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
