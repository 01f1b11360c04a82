using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>What one run measured.</summary>
public sealed record RunResult(
    int Instances,
    TimeSpan Elapsed,
    StepStats Steps,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    TimeSpan GcPause,
    long RetainedBytes,
    TimeSpan Cpu,
    long JitMethods,
    TimeSpan JitTime)
{
    /// <summary>
    /// This process's CPU time (all threads) per completion. On a shared machine it is steadier than the rate; 1,000
    /// completions/s on 2 cores needs at most 2,000 µs (a database server's own CPU is not in it).
    /// </summary>
    public double CpuMicrosecondsPerCompletion => Cpu.TotalMicroseconds / Steps.Completions;

    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;

    public double CompletionsPerSecond => Steps.Completions / Elapsed.TotalSeconds;

    public double BytesPerCompletion => (double)AllocatedBytes / Steps.Completions;

    /// <summary>Live heap the run left behind (the in-memory store's instances, tasks and history), per driven instance; about 0 on a database.</summary>
    public double RetainedBytesPerInstance => (double)RetainedBytes / Instances;

    /// <summary>Completions per second of the time the program ran between GC pauses (a diagnostic, not the headline).</summary>
    public double CompletionsPerMutatorSecond => Steps.Completions / (Elapsed - GcPause).TotalSeconds;
}

/// <summary>Runs a scenario: a fresh engine per run, deploy, backlog, then N instances on P workers, timed, then verified.</summary>
public sealed class Benchmark(IScenario scenario, BenchOptions options)
{
    private readonly SqlLog _sqlLog = new();

    /// <param name="showSql">List the SQL of one instance (<c>--show-sql</c>, in the warm-up run).</param>
    public async Task<RunResult> RunOnceAsync(int instances, bool showSql = false)
    {
        // A fresh engine on fresh stores: empty in-memory stores, or a new, migrated database (dropped at the end).
        await using var database = BenchDatabase.Create(options);
        await using var engine = await Engine.CreateAsync(database, services =>
        {
            Experiments.Apply(services, database, options.Experiments);
            if (options.ShowSql)
            {
                database?.ConfigureContext(services, o => o.AddInterceptors(_sqlLog));
            }
        });
        await engine.DeployAsync(scenario.Xml);

        if (options.Backlog > 0)
        {
            // On a database a context must not track thousands of instances: a scope per start there.
            using var backlogSession = new EngineSession(engine.ScopeFactory, options.IsDurable ? ScopeMode.Call : ScopeMode.Worker);
            for (var i = 0; i < options.Backlog; i++)
            {
                await scenario.StartOnlyAsync(backlogSession, instances + i);
            }
        }

        var ids = new Guid[instances];
        var workers = Math.Min(options.Parallel, instances);
        var stats = new StepStats[workers];
        var next = -1;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();

        async Task WorkAsync(int worker)
        {
            var own = stats[worker] = new StepStats();
            using var session = new EngineSession(engine.ScopeFactory, options.Scope);
            int index;
            while ((index = Interlocked.Increment(ref next)) < instances)
            {
                var logged = showSql && index == Math.Min(50, instances - 1);
                if (logged)
                {
                    _sqlLog.Start();
                }

                session.BeginInstance();
                try
                {
                    ids[index] = await scenario.RunAsync(session, index, own);
                }
                finally
                {
                    session.EndInstance();
                }

                if (logged)
                {
                    PrintSql(index, _sqlLog.Stop());
                }
            }
        }

        if (workers == 1)
        {
            await WorkAsync(0);
        }
        else
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))));
        }

        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        paused = GC.GetTotalPauseDuration() - paused;
        jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;
        jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTime;

        var total = new StepStats();
        foreach (var own in stats)
        {
            total.Add(own);
        }

        await VerifyAsync(engine, ids);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(engine);
        return new RunResult(instances, clock.Elapsed, total, allocated, gen0, gen1, gen2, paused, retained, cpu, jitMethods, jitTime);
    }

    private static void PrintSql(int index, IReadOnlyList<(string Text, double Milliseconds)> commands)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- SQL of instance {index}: {commands.Count} round trips, {commands.Sum(c => c.Milliseconds):N2} ms in them --"));
        foreach (var (text, milliseconds) in commands)
        {
            var statements = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.Split('\n', StringSplitOptions.TrimEntries)[0])
                .Where(s => s.Length > 0)
                .ToList();
            var summary = string.Join(" ; ", statements.GroupBy(s => s.Length > 70 ? s[..70] : s).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()}× {g.Key}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{milliseconds,8:N3} ms  {summary}"));
        }
    }

    private async Task VerifyAsync(Engine engine, Guid[] ids)
    {
        using var session = new EngineSession(engine.ScopeFactory, options.IsDurable ? ScopeMode.Call : ScopeMode.Worker);
        foreach (var id in ids)
        {
            if (id == Guid.Empty)
            {
                throw new InvalidOperationException("An instance was never driven.");
            }

            var services = session.Begin();
            try
            {
                scenario.Verify(await services.Runtime.GetAsync(id));
            }
            finally
            {
                session.End(services);
            }
        }
    }
}
