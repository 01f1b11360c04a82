using System.Reflection;
using System.Text.RegularExpressions;
using Sicantik.Data;
using Sicantik.Perizinan;
using Sicantik.Web.Email;
using Sicantik.Web.Hosting;
using Sicantik.Workflows;
using Sicantik.Workflows.Hangfire;

namespace Sicantik.Web.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfile cannot run on these machines (no Docker engine), so their configuration is
/// checked here: every <c>Section__Key</c> they set must be a setting the app really reads.
/// </summary>
public sealed partial class ComposeConfigurationTests
{
    /// <summary>The options classes bound from each configuration section.</summary>
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [DatabaseOptions.SectionName] = typeof(DatabaseOptions),
        [EmailOptions.SectionName] = typeof(EmailOptions),
        [SicantikOptions.SectionName] = typeof(SicantikOptions),
        [PerizinanOptions.SectionName] = typeof(PerizinanOptions),
        [WorkflowOptions.SectionName] = typeof(WorkflowOptions),
        [HangfireSchedulingOptions.SectionName] = typeof(HangfireSchedulingOptions),
    };

    /// <summary>Keys read by ASP.NET Core itself.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "ASPNETCORE_ENVIRONMENT", "Urls" };

    [Fact]
    public void EverySettingInDockerCompose_IsOneTheAppReads()
    {
        var settings = ComposeEnvironment(File.ReadAllLines(RepositoryFile("docker-compose.yml"))).ToList();

        Assert.Contains(settings, s => s.Key == "Database__Provider" && s.Value == "SqlServer");
        Assert.Contains(settings, s => s.Key == "Database__Provider" && s.Value == "PostgreSql");
        Assert.DoesNotContain(settings, s => s.Key == "POSTGRES_PASSWORD");
        Assert.All(settings, s => AssertKnown(s.Key, s.Value, "docker-compose.yml"));
    }

    [Fact]
    public void DockerCompose_AsksForThePublicAddress_ThatProductionRequires()
    {
        var settings = ComposeEnvironment(File.ReadAllLines(RepositoryFile("docker-compose.yml"))).ToList();

        // Each app service runs as Production, so each must be given an address people reach it at; compose stops with
        // its message when SICANTIK_PUBLIC_BASE_URL is not set, rather than the app starting on a localhost default.
        var addresses = settings.Where(s => s.Key == "Sicantik__PublicBaseUrl").Select(s => s.Value).ToList();
        Assert.Equal(settings.Count(s => s.Key == "ASPNETCORE_ENVIRONMENT" && s.Value == "Production"), addresses.Count);
        Assert.All(addresses, a => Assert.StartsWith("${SICANTIK_PUBLIC_BASE_URL:?", a, StringComparison.Ordinal));
        Assert.DoesNotContain(DockerfileEnvironment(File.ReadAllText(RepositoryFile("Dockerfile"))), s => s.Key == "Sicantik__PublicBaseUrl");
    }

    [Fact]
    public void EverySettingInTheDockerfile_IsOneTheAppReads()
    {
        var settings = DockerfileEnvironment(File.ReadAllText(RepositoryFile("Dockerfile"))).ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, s => AssertKnown(s.Key, s.Value, "Dockerfile"));
    }

    private static void AssertKnown(string key, string value, string file)
    {
        if (HostKeys.Contains(key))
        {
            return;
        }

        var parts = key.Split("__");
        Assert.True(parts.Length >= 2, $"{file}: '{key}' is not a Section__Key setting.");
        var section = string.Join(':', parts[..^1]);
        Assert.True(Sections.TryGetValue(section, out var type), $"{file}: '{key}' names section '{section}', which the app does not bind.");
        var property = type!.GetProperty(parts[^1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        Assert.True(property is { CanWrite: true }, $"{file}: '{key}': {type.Name} has no setting '{parts[^1]}'.");
        var target = Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType;
        if (target.IsEnum)
        {
            Assert.True(Enum.TryParse(target, value, ignoreCase: true, out _), $"{file}: '{key}' = '{value}' is not one of {string.Join(", ", Enum.GetNames(target))}.");
        }
        else if (target == typeof(bool))
        {
            Assert.True(bool.TryParse(value, out _), $"{file}: '{key}' = '{value}' is not true or false.");
        }
        else if (target == typeof(int) || target == typeof(long))
        {
            Assert.True(long.TryParse(value, out _), $"{file}: '{key}' = '{value}' is not a number.");
        }
    }

    /// <summary>
    /// The <c>KEY: value</c> lines inside the <c>environment:</c> blocks of the services built from this repository's
    /// Dockerfile (<c>build:</c>). The images beside them (SQL Server, PostgreSQL, maildev) read their own variables.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> ComposeEnvironment(string[] lines)
    {
        var services = new List<(bool Built, List<KeyValuePair<string, string>> Settings)>();
        var serviceIndent = -1;
        var inside = -1;
        foreach (var line in lines)
        {
            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            if (indent == 0)
            {
                serviceIndent = text == "services:" ? int.MaxValue : -1;
                inside = -1;
                continue;
            }

            if (serviceIndent >= 0 && indent <= serviceIndent && text.EndsWith(':'))
            {
                // A service's name: the first key under services:.
                serviceIndent = indent;
                services.Add((false, []));
                inside = -1;
                continue;
            }

            if (services.Count == 0 || serviceIndent < 0)
            {
                continue;
            }

            if (inside >= 0 && indent <= inside)
            {
                inside = -1;
            }

            if (text == "environment:")
            {
                inside = indent;
            }
            else if (inside < 0 && text.StartsWith("build:", StringComparison.Ordinal))
            {
                services[^1] = (true, services[^1].Settings);
            }
            else if (inside >= 0 && ComposeSetting().Match(text) is { Success: true } match)
            {
                services[^1].Settings.Add(new(match.Groups["key"].Value, match.Groups["value"].Value.Trim().Trim('"')));
            }
        }

        return services.Where(s => s.Built).SelectMany(s => s.Settings);
    }

    /// <summary>The <c>KEY=value</c> pairs of the Dockerfile's <c>ENV</c> instructions (with line continuations).</summary>
    private static IEnumerable<KeyValuePair<string, string>> DockerfileEnvironment(string dockerfile)
    {
        var joined = dockerfile.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n').Where(l => l.TrimStart().StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in DockerfileSetting().Matches(line.TrimStart()[4..]))
            {
                yield return new(pair.Groups["key"].Value, pair.Groups["value"].Value);
            }
        }
    }

    /// <summary>A file at the repository's root, found from this source file's path (builds may put output anywhere).</summary>
    internal static string RepositoryFile(string name, [System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(source)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sicantik.sln")))
            {
                return Path.Combine(folder.FullName, name);
            }
        }

        throw new InvalidOperationException("The repository root (Sicantik.sln) is not above the test's source file.");
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*):\s*(?<value>.+)$")]
    private static partial Regex ComposeSetting();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)")]
    private static partial Regex DockerfileSetting();
}
