using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Sicantik.Data.Identity;
using Sicantik.Web.Hosting;

namespace Sicantik.Web.Identity;

/// <summary>
/// The password-reset link's token: the account, the purpose, the security stamp and the time it was made, protected
/// with the host's data-protection keys (shared by every node). It holds for <see cref="SicantikOptions.PasswordResetLinkLifetime"/>
/// on the host's <see cref="TimeProvider"/> and once only: resetting the password changes the stamp. Identity's own
/// provider reads the wall clock and lasts a day.
/// </summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider protection, IOptions<SicantikOptions> options, TimeProvider time)
    : IUserTwoFactorTokenProvider<SicantikUser>
{
    public const string ProviderName = "SicantikPasswordReset";

    private readonly IDataProtector _protector = protection.CreateProtector("Sicantik.PasswordReset");

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<SicantikUser> manager, SicantikUser user) => Task.FromResult(false);

    public async Task<string> GenerateAsync(string purpose, UserManager<SicantikUser> manager, SicantikUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var stamp = await manager.GetSecurityStampAsync(user);
        var content = string.Join('\n', time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), user.Id, purpose, stamp);
        return WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(content)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<SicantikUser> manager, SicantikUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token ?? string.Empty))).Split('\n');
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }

        if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        var now = time.GetUtcNow();
        return issued <= now && now < issued + options.Value.PasswordResetLinkLifetime
            && string.Equals(parts[1], user.Id, StringComparison.Ordinal)
            && string.Equals(parts[2], purpose, StringComparison.Ordinal)
            && string.Equals(parts[3], await manager.GetSecurityStampAsync(user), StringComparison.Ordinal);
    }
}
