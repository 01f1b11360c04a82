using System.Net;
using Sicantik.Web.Pages;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>The sign-in page follows a return URL only to a path on this site; anything else lands on the start page.</summary>
public sealed class ReturnUrlTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    /// <summary>What an attacker puts in <c>ReturnUrl</c>, as the page receives it after the query or form is decoded.</summary>
    private static readonly string[] HostileUrls =
    [
        "/\t/evil.example",
        "/\r\n/evil.example",
        "/\0/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "http://evil.example",
        "https://evil.example/Pemohon",
        "javascript:alert(1)",
        "%2F%2Fevil.example",
        "%2F%09%2Fevil.example",
        "\u0085//evil.example",
        " //evil.example",
        "evil.example",
        "",
    ];

    public static TheoryData<string> Hostile() => new(HostileUrls);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void LocalUrl_RefusesEverythingButAPathOnThisSite(string url) => Assert.Null(Display.LocalUrl(url));

    [Theory]
    [InlineData("/")]
    [InlineData("/Pemohon/Ajukan")]
    [InlineData("/Petugas?daftar=saya&q=%2F%2Fa")]
    [InlineData("/Pemohon/Lacak/%2F%2Fevil.example")]
    public void LocalUrl_KeepsAPathOnThisSite(string url) => Assert.Equal(url, Display.LocalUrl(url));

    [Fact]
    public async Task SignIn_WithAHostileReturnUrl_LandsOnTheStartPage()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        // A NUL never reaches the page: ASP.NET's form reader refuses the request (400) before it.
        foreach (var url in HostileUrls.Where(u => !u.Contains('\0', StringComparison.Ordinal)))
        {
            using var browser = host.Anonymous();
            var (status, html, location) = await PageForms.PostAsync(
                browser,
                "/Akun/Masuk?ReturnUrl=" + Uri.EscapeDataString(url),
                "/Akun/Masuk",
                [new("Email", applicant.Email), new("Password", applicant.Password), new("ReturnUrl", url)]);

            Assert.True(status == HttpStatusCode.Redirect, $"ReturnUrl {Uri.EscapeDataString(url)}: {(int)status} {html[..Math.Min(html.Length, 500)]}");
            Assert.Equal("/Pemohon", location);
        }
    }

    [Fact]
    public async Task SignIn_WithALocalReturnUrl_GoesBackThere()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var browser = host.Anonymous();

        var (status, _, location) = await PageForms.PostAsync(
            browser,
            "/Akun/Masuk?ReturnUrl=%2FPemohon%2FAjukan",
            "/Akun/Masuk",
            [new("Email", applicant.Email), new("Password", applicant.Password), new("ReturnUrl", "/Pemohon/Ajukan")]);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/Pemohon/Ajukan", location);
    }
}
