using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Benchmarks;

/// <summary>
/// Registration clerks completing the SOP's first step (Verifikasi kelengkapan) all at once through the HTTP API: each
/// completion runs the real <c>tanda-terima</c> step (registration number, status, receipt rendered and stored). Not a
/// test: it measures and prints; bench/README.md keeps the figures.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var clerks = Option(args, "--clerks", 50);
        var rounds = Option(args, "--rounds", 3);
        var provider = Environment.GetEnvironmentVariable("SICANTIK_TEST_DATABASE") ?? "sqlite";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clerks} clerks at once, {rounds} rounds (a fresh host and database each, one warm-up round first), on {provider}, {Environment.ProcessorCount} cores"));
        using var efEvents = new EfEvents();

        // The host's content root, as the build wrote it for the HTTP tests (the factory looks for it beside a test
        // assembly, not beside this program).
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")))!;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SICANTIK_WEB", manifest[typeof(Sicantik.Web.Api.Problems).Assembly.FullName!]);

        var latencies = new List<double>();
        var seconds = new List<double>();
        var cpuMs = 0.0;
        var (conflicts, otherFailures, concurrencyExceptions, saveFailures) = (0, 0, 0L, 0L);
        for (var round = 0; round <= rounds; round++)
        {
            var before = (efEvents.Concurrency, efEvents.SaveFailed);
            var result = await RoundAsync(clerks);

            // Each round's host has a database (and so a connection pool) of its own: close the finished one's idle
            // connections, which would otherwise hold the server's slots.
            NpgsqlConnection.ClearAllPools();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : $"round {round}")}: {clerks / result.Seconds:F1} completions/s, {result.CpuMs / clerks:F0} ms host CPU per completion, p50 {Percentile(result.Latencies, 50):F0} ms, p99 {Percentile(result.Latencies, 99):F0} ms, 409 {result.Conflicts}, other failures {result.OtherFailures}, EF concurrency exceptions {efEvents.Concurrency - before.Concurrency}, failed saves {efEvents.SaveFailed - before.SaveFailed}, numbers {result.Numbers}");
            Console.WriteLine(line);
            if (round == 0)
            {
                continue;
            }

            latencies.AddRange(result.Latencies);
            seconds.Add(result.Seconds);
            cpuMs += result.CpuMs;
            conflicts += result.Conflicts;
            otherFailures += result.OtherFailures;
            concurrencyExceptions += efEvents.Concurrency - before.Concurrency;
            saveFailures += efEvents.SaveFailed - before.SaveFailed;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all rounds: {clerks * rounds / seconds.Sum():F1} completions/s, {cpuMs / (clerks * rounds):F0} ms host CPU per completion, p50 {Percentile(latencies, 50):F0} ms, p99 {Percentile(latencies, 99):F0} ms, 409 {conflicts} of {clerks * rounds}, other failures {otherFailures}, EF concurrency exceptions {concurrencyExceptions}, failed saves {saveFailures}"));
        return 0;
    }

    /// <param name="CpuMs">The host's CPU time (this process: the API, the engine, rendering) over the completions; a
    /// database server's own is not in it.</param>
    private sealed record Round(double Seconds, double CpuMs, List<double> Latencies, int Conflicts, int OtherFailures, string Numbers);

    private static async Task<Round> RoundAsync(int count)
    {
        await using var host = new SicantikWebFactory();
        await host.InitializeAsync();
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var applications = new List<ApplicationDto>();
        for (var i = 0; i < count; i++)
        {
            applications.Add(await Sop.SubmitNewAsync(applicant.Client));
        }

        var claimed = new List<(Clerk Clerk, Guid TaskId)>();
        foreach (var application in applications)
        {
            var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
            var task = await Sop.FindTaskAsync(clerk.Client, application.Id, Steps.VerifikasiKelengkapan)
                ?? throw new InvalidOperationException($"No check task for {application.Id}.");
            await clerk.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/claim", null);
            claimed.Add((clerk, task.Id));
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completions = claimed.Select(c => Task.Run(async () =>
        {
            await start.Task;
            var watch = Stopwatch.StartNew();
            using var response = await c.Clerk.Client.PostAsJsonAsync($"/api/tasks/{c.TaskId}/complete", new CompleteTaskRequest("lengkap", null), TestApi.Json);
            return (response.StatusCode, watch.Elapsed.TotalMilliseconds);
        })).ToList();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        start.SetResult();
        var answers = await Task.WhenAll(completions);
        wall.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        claimed.ForEach(c => c.Clerk.Dispose());

        var numbers = new List<string>();
        foreach (var application in applications)
        {
            if ((await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}")).Number is { } number)
            {
                numbers.Add(number);
            }
        }

        var distinct = numbers.Distinct(StringComparer.Ordinal).Count();
        var sequence = numbers.Select(n => int.Parse(n.Split('/')[1], CultureInfo.InvariantCulture)).Order().ToList();
        var consecutive = sequence.SequenceEqual(Enumerable.Range(1, sequence.Count));
        return new Round(
            wall.Elapsed.TotalSeconds,
            cpuMs,
            answers.Select(a => a.TotalMilliseconds).ToList(),
            answers.Count(a => a.StatusCode == HttpStatusCode.Conflict),
            answers.Count(a => a.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict)),
            string.Create(CultureInfo.InvariantCulture, $"{numbers.Count} issued, {distinct} distinct, {(consecutive ? "consecutive from 1" : "NOT consecutive")}"));
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Counts EF Core's optimistic-concurrency failures and failed saves (each logged as an error by the host).</summary>
    private sealed class EfEvents : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private long _concurrency;
        private long _saveFailed;

        public EfEvents() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public long Concurrency => Interlocked.Read(ref _concurrency);

        public long SaveFailed => Interlocked.Read(ref _saveFailed);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, name => name.EndsWith(".OptimisticConcurrencyException", StringComparison.Ordinal) || name.EndsWith(".SaveChangesFailed", StringComparison.Ordinal)));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key.EndsWith(".OptimisticConcurrencyException", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _concurrency);
            }
            else if (value.Key.EndsWith(".SaveChangesFailed", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _saveFailed);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
