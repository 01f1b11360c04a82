using Hangfire.InMemory;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class HangfireStorageFactoryTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    [InlineData("InMemory")]
    public void Create_ReturnsInMemoryStorage_ForTheEmbeddedDefault(string provider)
    {
        using var storage = Assert.IsType<InMemoryStorage>(HangfireStorageFactory.Create(provider, "Data Source=sicantik.db"));
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public void Create_Throws_WhenADatabaseProviderHasNoConnectionString(string provider) =>
        Assert.Throws<ArgumentException>(() => HangfireStorageFactory.Create(provider, " "));

    [Fact]
    public void Create_Throws_ForAnUnknownProvider()
    {
        var ex = Assert.Throws<ArgumentException>(() => HangfireStorageFactory.Create("Oracle", "x"));
        Assert.Contains("Oracle", ex.Message, StringComparison.Ordinal);
    }
}
