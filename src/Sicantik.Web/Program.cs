using Sicantik.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSicantik();

var app = builder.Build();
app.UseSicantik();
await app.InitializeSicantikAsync();
await app.RunAsync();

/// <summary>The host's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
