namespace Sicantik.Web.BrowserTests.Support;

/// <summary>
/// Every browser test class shares one host process and one Chromium: a host per class would start .NET, migrate a
/// database and seed the catalogue again on two shared cores. Tests in one collection run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
