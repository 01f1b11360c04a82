using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sicantik.Web.Hosting;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Deployment;

/// <summary>
/// Production does not start with a public address that is missing or points at this machine: every email link, the SK's
/// QR code and its signed footer would carry it.
/// </summary>
public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("https://sicantik.localhost")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://0.0.0.0:8080")]
    public async Task ProductionStart_Fails_NamingTheSetting_WithoutAPublicAddress(string? url)
    {
        var factory = new SicantikWebFactory();
        try
        {
            using var production = factory.WithWebHostBuilder(b =>
            {
                b.UseEnvironment(Environments.Production);
                // Listening on every interface, as a server behind a proxy or in a container does.
                b.UseSetting("urls", "http://0.0.0.0:8080");
                if (url is not null)
                {
                    b.UseSetting("Sicantik:PublicBaseUrl", url);
                }
            });

            var failure = Record.Exception(() => production.Server);

            var validation = Assert.IsType<OptionsValidationException>(Unwrap(failure));
            Assert.Contains(validation.Failures, f => f.StartsWith("Sicantik:PublicBaseUrl ", StringComparison.Ordinal)
                && f.Contains("environment variable Sicantik__PublicBaseUrl", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task ProductionStart_Succeeds_WithTheLocalAddress_WhenTheHostListensOnlyOnThisMachine()
    {
        // The embedded default (`dotnet run`, no environment set, so Production): http://localhost:5080 on both sides.
        var factory = new SicantikWebFactory();
        try
        {
            using var production = factory.WithWebHostBuilder(b =>
            {
                b.UseEnvironment(Environments.Production);
                b.UseSetting("urls", "http://localhost:5080");
                b.UseSetting("Sicantik:PublicBaseUrl", "http://localhost:5080");
            });

            using var client = production.CreateClient();
            var response = await client.GetAsync(new Uri("/", UriKind.Relative));

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Production", "https://perizinan.example.go.id", "http://0.0.0.0:8080", true)]
    [InlineData("Production", "http://10.0.0.5:8080", "http://*:8080", true)]
    [InlineData("Staging", "http://localhost:5080", "http://+:5080", false)]
    [InlineData("Production", "http://localhost:5080", "http://[::]:5080", false)]
    [InlineData("Production", "http://localhost:5080", "http://localhost:5080;http://192.168.1.5:5080", false)]
    [InlineData("Production", "http://localhost:5080", "http://localhost:5080", true)]
    [InlineData("Production", "http://127.0.0.1:5080", "http://127.0.0.1:5080;http://[::1]:5080", true)]
    [InlineData("Production", "http://localhost:5080", null, true)]
    [InlineData("Production", "http://0.0.0.0:5080", "http://localhost:5080", false)]
    [InlineData("Production", "ftp://perizinan.example.go.id", "http://0.0.0.0:8080", false)]
    [InlineData("Development", "http://localhost:5080", "http://0.0.0.0:8080", true)]
    public void Validator_AcceptsOnlyAnAddressOthersCanReach_OutsideDevelopment(string environment, string url, string? listening, bool accepted)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = listening };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var validator = new PublicBaseUrlValidator(new Environment(environment), configuration);

        var result = validator.Validate(null, new SicantikOptions { PublicBaseUrl = url });

        Assert.Equal(accepted, result.Succeeded);
    }

    private static Exception? Unwrap(Exception? failure)
    {
        while (failure is AggregateException or System.Reflection.TargetInvocationException && failure.InnerException is not null)
        {
            failure = failure.InnerException;
        }

        return failure;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Sicantik.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
