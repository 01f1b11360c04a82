using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Sicantik.Workflows.Benchmarks;

public static class Program
{
    /// <summary>From the issue: task completions per second, in memory, on 2 cores.</summary>
    private const double TargetCompletionsPerSecond = 20_000;

    /// <summary>Task completions per second on SQLite or PostgreSQL, on 2 cores.</summary>
    private const double TargetDurableCompletionsPerSecond = 1_000;

    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        await PrintMachineAsync(options);
        var sopXml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn"));
        var scenarios = new List<IScenario>();
        if (options.Scenario is "sop" or "all")
        {
            scenarios.Add(new SopScenario(sopXml));
        }

        if (options.Scenario is "trivial" or "all")
        {
            scenarios.Add(new TrivialScenario());
        }

        try
        {
            foreach (var scenario in scenarios)
            {
                await RunScenarioAsync(scenario, options);
            }

            if (options.Scenario is "inbox")
            {
                await new InboxScenario(sopXml, options).RunAsync();
            }

            if (options.Scenario is "script")
            {
                await new ScriptScenario(options).RunAsync();
            }
        }
        catch (InvalidOperationException ex)
        {
            // A driven instance left the happy path or did not end as expected: the figures would mean nothing.
            await Console.Error.WriteLineAsync($"FAILED: {ex.Message}");
            return 1;
        }

        return 0;
    }

    private static async Task RunScenarioAsync(IScenario scenario, BenchOptions options)
    {
        var instances = options.Instances ?? (options.IsDurable ? scenario.DefaultDurableInstances : scenario.DefaultInstances);
        var benchmark = new Benchmark(scenario, options);
        Print($"");
        Print($"== {scenario.Name}: {instances:N0} instances, store {StoreName(options.Store)}, {options.Runs} runs + 1 warm-up of {options.WarmupFor(instances):N0}, parallel {options.Parallel}, scope per {options.Scope.ToString().ToLowerInvariant()}, backlog {options.Backlog:N0} ==");

        var warmup = await benchmark.RunOnceAsync(options.WarmupFor(instances), options.ShowSql);
        Print($"warm-up  {Describe(warmup, options)}");

        var results = new List<RunResult>(options.Runs);
        for (var run = 1; run <= options.Runs; run++)
        {
            var result = await benchmark.RunOnceAsync(instances);
            results.Add(result);
            Print($"run {run,-4} {Describe(result, options)}");
        }

        var instancesPerSecond = Median(results.Select(r => r.InstancesPerSecond));
        var completionsPerSecond = Median(results.Select(r => r.CompletionsPerSecond));
        Print($"median   {instancesPerSecond,10:N0} instances/s  {completionsPerSecond,10:N0} completions/s  {Median(results.Select(r => r.BytesPerCompletion)),8:N0} B allocated/completion  {Median(results.Select(r => r.CpuMicrosecondsPerCompletion)),6:N0} µs CPU/completion");
        Print($"  per call (driver's view, median of runs): start {Median(results.Select(r => Micro(r.Steps.StartTicks, r.Steps.Starts))):N1} µs, query {Median(results.Select(r => Micro(r.Steps.QueryTicks, r.Steps.Queries))):N1} µs, complete {Median(results.Select(r => Micro(r.Steps.CompleteTicks, r.Steps.Completions))):N1} µs");
        var sample = results[0];
        Print($"  calls per instance: {(double)sample.Steps.Starts / sample.Instances:N0} start, {(double)sample.Steps.Queries / sample.Instances:N1} queries, {(double)sample.Steps.Completions / sample.Instances:N1} completions");
        var target = options.IsDurable ? TargetDurableCompletionsPerSecond : TargetCompletionsPerSecond;
        Print($"  target {target:N0} completions/s on 2 cores ({(options.IsDurable ? StoreName(options.Store) : "in memory")}): {(completionsPerSecond >= target ? "met" : "NOT met")} ({completionsPerSecond / target:P0} of it, with {options.Parallel} worker(s) on {Environment.ProcessorCount} cores)");
    }

    private static string Describe(RunResult r, BenchOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Elapsed.TotalSeconds,7:N2} s  {r.InstancesPerSecond,10:N0} instances/s  {r.CompletionsPerSecond,10:N0} completions/s  {r.BytesPerCompletion,8:N0} B/completion  CPU {r.CpuMicrosecondsPerCompletion,6:N0} µs/completion  GC {r.Gen0}/{r.Gen1}/{r.Gen2} paused {r.GcPause.TotalMilliseconds:N0} ms ({r.GcPause / r.Elapsed:P0}; {r.CompletionsPerMutatorSecond:N0}/s outside pauses)  JIT {r.JitMethods:N0} methods {r.JitTime.TotalMilliseconds:N0} ms{(options.IsDurable ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  retained {r.RetainedBytesPerInstance / 1024:N1} KB/instance"))}");

    public static string StoreName(StoreKind store) => store switch
    {
        StoreKind.Memory => "memory",
        StoreKind.Sqlite => "sqlite",
        StoreKind.PostgreSql => "postgresql",
        _ => store.ToString(),
    };

    private static double Micro(long ticks, int calls) => calls == 0 ? 0 : ticks * 1_000_000.0 / Stopwatch.Frequency / calls;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static async Task PrintMachineAsync(BenchOptions options)
    {
        Print($"Sicantik.Workflows benchmark, store {StoreName(options.Store)}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        Print($"CPU:        {CpuModel() ?? "unknown"} ({Environment.ProcessorCount} logical cores available)");
        Print($"OS:         {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Print($"Runtime:    {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        if (File.Exists("/proc/loadavg"))
        {
            Print($"Load avg:   {File.ReadAllText("/proc/loadavg").Trim()} (before the first run; other processes on the machine skew figures)");
        }

        Print($"GC:         {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}, DOTNET_gcServer={Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? "(unset)"}");
#if DEBUG
        Print($"WARNING:    Debug build: figures are not meaningful; run with -c Release.");
#endif
        if (options.IsDurable && !options.Help)
        {
            await using var probe = BenchDatabase.Create(options);
            probe!.Keep = false;
            Print($"Database:   {await probe.ServerVersionAsync()}, a fresh {(options.Store == StoreKind.Sqlite ? "file under " + Path.GetTempPath() + "sicantik-bench (WAL, set by the migrator; synchronous=" + options.SqliteSynchronous.ToString().ToUpperInvariant() + ")" : "database on " + ServerOf(options.Postgres!))} per run");
        }

        Print($"Options:    scenario {options.Scenario}, store {StoreName(options.Store)}, runs {options.Runs}, parallel {options.Parallel}, scope per {options.Scope.ToString().ToLowerInvariant()}, backlog {options.Backlog}, experiments {(options.Experiments.Count == 0 ? "none" : string.Join(",", options.Experiments.Order(StringComparer.Ordinal)))}");
    }

    private static string ServerOf(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}");
    }

    private static string? CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return null;
        }

        foreach (var line in File.ReadLines(CpuInfo))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static void Print(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
