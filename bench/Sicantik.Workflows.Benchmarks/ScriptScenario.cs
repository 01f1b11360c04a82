using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// What a script task costs in the worker process (as the host runs it) against in process: start → script task →
/// end on the in-memory stores, one instance at a time, and the bare <see cref="IExpressionEvaluator.RunScript"/> call.
/// </summary>
public sealed class ScriptScenario(BenchOptions options)
{
    private const string Key = "skrip";

    // A fee as an office might compute one in a script task: a few variables in, two out.
    private const string Script = """
        const tarif = luas > 500 ? 7500 : 5000;
        const total = Math.round(luas * tarif * (1 + pajak / 100));
        execution.setVariable('retribusi', total);
        execution.setVariable('rincian', { luas: luas, tarif: tarif, pajak: pajak });
        total;
        """;

    private static readonly string Xml = $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_skrip" targetNamespace="http://sicantik.id/benchmarks">
          <bpmn:process id="{Key}" name="Skrip" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:scriptTask id="Hitung" name="Hitung retribusi" scriptFormat="javascript"><bpmn:script><![CDATA[{Script}]]></bpmn:script></bpmn:scriptTask>
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Hitung" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Hitung" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public async Task RunAsync()
    {
        var instances = options.Instances ?? 2_000;
        Print($"");
        Print($"== script: {instances:N0} instances per run, {options.Runs} runs + 1 warm-up, one at a time, in-memory stores ==");
        Print($"script task: {Script.ReplaceLineEndings(" ")}");

        foreach (var worker in new[] { false, true })
        {
            await using var engine = await Engine.CreateAsync(null, worker ? UseWorker : null);
            await engine.DeployAsync(Xml);
            var evaluator = engine.Services.GetRequiredService<IExpressionEvaluator>();
            var name = worker ? "worker process" : "in process";

            var first = Stopwatch.StartNew();
            await DriveAsync(engine, 1, 0);
            Print($"{name}: first instance {first.Elapsed.TotalMilliseconds:N0} ms{(worker ? " (the worker's start and warm-up included)" : string.Empty)}");

            await DriveAsync(engine, Math.Min(instances, 500), 1);
            var perInstance = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await DriveAsync(engine, instances, (run + 1) * instances);
                var micros = watch.Elapsed.TotalMicroseconds / instances;
                perInstance.Add(micros);
                Print($"{name}: run {run + 1}: {instances / watch.Elapsed.TotalSeconds:N0} instances/s, {micros:N0} µs per instance");
            }

            var calls = TimeCalls(evaluator, instances);
            Print($"{name}: median {Median(perInstance):N0} µs per instance; RunScript alone: median {calls.Median:N0} µs, p99 {calls.P99:N0} µs");
        }
    }

    private static void UseWorker(IServiceCollection services)
    {
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        new WorkflowsBuilder(services).UseScriptWorker();
    }

    private static async Task DriveAsync(Engine engine, int count, int offset)
    {
        await using var scope = engine.ScopeFactory.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<RuntimeService>();
        for (var i = 0; i < count; i++)
        {
            var started = await runtime.StartAsync(new StartInstanceRequest
            {
                DefinitionKey = Key,
                BusinessKey = string.Create(CultureInfo.InvariantCulture, $"S-{offset + i}"),
                Variables = new Dictionary<string, object?> { ["luas"] = 120L + (i % 900), ["pajak"] = 10L },
            });
            if (started.State != InstanceState.Completed || started.Variables["retribusi"] is not long)
            {
                throw new InvalidOperationException($"Instance {started.Id} ended {started.State} without retribusi.");
            }
        }
    }

    private static (double Median, double P99) TimeCalls(IExpressionEvaluator evaluator, int count)
    {
        var variables = new Dictionary<string, object?> { ["luas"] = 640L, ["pajak"] = 10L };
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            evaluator.RunScript(Script, variables);
            times[i] = watch.Elapsed.TotalMicroseconds;
        }

        Array.Sort(times);
        return (times[count / 2], times[(int)(count * 0.99)]);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Print(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
