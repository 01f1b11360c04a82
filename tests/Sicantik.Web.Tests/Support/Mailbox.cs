using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace Sicantik.Web.Tests.Support;

/// <summary>The host's pickup folder read as a mailbox: each <c>.eml</c> file is a message as an SMTP server would get it.</summary>
public sealed partial class Mailbox(string folder)
{
    public IReadOnlyList<MimeMessage> To(string address)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(path => MimeMessage.Load(path))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>The confirmation link of the one message sent to <paramref name="address"/>, read as the applicant clicks it.</summary>
    public ConfirmationLink ConfirmationLinkFor(string address)
    {
        var message = Assert.Single(To(address));
        var text = message.TextBody ?? string.Empty;
        var match = LinkPattern().Match(text);
        Assert.True(match.Success, $"no confirmation link in: {text}");
        var uri = new Uri(match.Value);
        var query = QueryHelpers.ParseQuery(uri.Query);
        return new ConfirmationLink(uri, query["userId"].ToString(), query["code"].ToString(), message.Subject ?? string.Empty);
    }

    /// <summary>The password-reset link in a message, as the path and query the person opens on this host.</summary>
    public static string ResetLinkIn(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.TextBody ?? string.Empty;
        var match = ResetLinkPattern().Match(text);
        Assert.True(match.Success, $"no reset link in: {text}");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/Akun/Konfirmasi\?\S+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"https?://\S+/Akun/AturUlangKataSandi\?\S+", RegexOptions.CultureInvariant)]
    private static partial Regex ResetLinkPattern();
}

public sealed record ConfirmationLink(Uri Uri, string UserId, string Code, string Subject);
