using System.Diagnostics;

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
    long RetainedBytes)
{
    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;

    public double CompletionsPerSecond => Steps.Completions / Elapsed.TotalSeconds;

    public double BytesPerCompletion => (double)AllocatedBytes / Steps.Completions;

    /// <summary>Live heap the run left behind (the in-memory store's instances, tasks and history), per driven instance.</summary>
    public double RetainedBytesPerInstance => (double)RetainedBytes / Instances;

    /// <summary>Completions per second of the time the program ran between GC pauses (a diagnostic, not the headline).</summary>
    public double CompletionsPerMutatorSecond => Steps.Completions / (Elapsed - GcPause).TotalSeconds;
}

/// <summary>Runs a scenario: a fresh engine per run, deploy, backlog, then N instances on P workers, timed, then verified.</summary>
public sealed class Benchmark(IScenario scenario, BenchOptions options)
{
    public async Task<RunResult> RunOnceAsync(int instances)
    {
        await using var engine = Engine.Create();
        await engine.DeployAsync(scenario.Xml);

        if (options.Backlog > 0)
        {
            using var backlogSession = new EngineSession(engine.ScopeFactory, ScopeMode.Worker);
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
        var clock = Stopwatch.StartNew();

        async Task WorkAsync(int worker)
        {
            var own = stats[worker] = new StepStats();
            using var session = new EngineSession(engine.ScopeFactory, options.Scope);
            int index;
            while ((index = Interlocked.Increment(ref next)) < instances)
            {
                ids[index] = await scenario.RunAsync(session, index, own);
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
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        paused = GC.GetTotalPauseDuration() - paused;

        var total = new StepStats();
        foreach (var own in stats)
        {
            total.Add(own);
        }

        await VerifyAsync(engine, ids);
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(engine);
        return new RunResult(instances, clock.Elapsed, total, allocated, gen0, gen1, gen2, paused, retained);
    }

    private async Task VerifyAsync(Engine engine, Guid[] ids)
    {
        using var session = new EngineSession(engine.ScopeFactory, ScopeMode.Worker);
        var services = session.Begin();
        foreach (var id in ids)
        {
            if (id == Guid.Empty)
            {
                throw new InvalidOperationException("An instance was never driven.");
            }

            scenario.Verify(await services.Runtime.GetAsync(id));
        }
    }
}
