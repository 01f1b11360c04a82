using System.Diagnostics;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>Time spent in each kind of engine call, as the driver sees it (one per worker, summed after the run).</summary>
public sealed class StepStats
{
    public long StartTicks { get; set; }

    public long QueryTicks { get; set; }

    public long CompleteTicks { get; set; }

    public int Starts { get; set; }

    public int Queries { get; set; }

    public int Completions { get; set; }

    public void Add(StepStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        StartTicks += other.StartTicks;
        QueryTicks += other.QueryTicks;
        CompleteTicks += other.CompleteTicks;
        Starts += other.Starts;
        Queries += other.Queries;
        Completions += other.Completions;
    }
}

/// <summary>One way of driving instances from start to end.</summary>
public interface IScenario
{
    string Name { get; }

    int DefaultInstances { get; }

    /// <summary>Instances per run on a database: a whole invocation should stay under about a minute.</summary>
    int DefaultDurableInstances { get; }

    /// <summary>The BPMN to deploy and publish before a run.</summary>
    string Xml { get; }

    /// <summary>Starts instance <paramref name="index"/> and leaves it at its first task (for the backlog).</summary>
    Task<Guid> StartOnlyAsync(EngineSession session, int index);

    /// <summary>Starts instance <paramref name="index"/> and drives it to its end; returns its id.</summary>
    Task<Guid> RunAsync(EngineSession session, int index, StepStats stats);

    /// <summary>Throws unless a driven instance ended as the scenario expects.</summary>
    void Verify(ProcessInstance instance);
}

/// <summary>
/// The SOP Penerbitan Izin on its happy path, driven as its users would: the instance's open tasks are looked up and
/// each is completed by a user holding the lane's role (the applicant's own tasks by the applicant), with the outcome
/// that moves the application on, until nothing is open.
/// </summary>
public sealed class SopScenario : IScenario
{
    public const string DefinitionKey = "penerbitan-izin";

    /// <summary>Completions on the happy path: verifikasi kelengkapan, verifikasi berkas, validasi Kasi, persetujuan Kabid, tanda tangan Kadis, cetak SK, isi SKM, serahkan SK.</summary>
    public const int TasksPerInstance = 8;

    private const int MaxRounds = 32;

    // The outcome each task on the happy path completes with; a task not listed here means the run left the path.
    private static readonly Dictionary<string, string?> HappyOutcomes = new(StringComparer.Ordinal)
    {
        ["Task_VerifikasiKelengkapan"] = "lengkap",
        ["Task_VerifikasiBerkas"] = "sesuai",
        ["Task_ValidasiKasi"] = "valid",
        ["Task_PersetujuanKabid"] = "setuju",
        ["Task_TandaTanganKadis"] = null,
        ["Task_CetakSK"] = null,
        ["Task_IsiSKM"] = null,
        ["Task_SerahkanSK"] = null,
    };

    // One officer per lane role (sicantik:candidateGroups of the lanes).
    private static readonly Dictionary<string, WorkflowUser> Officers = new(StringComparer.Ordinal)
    {
        ["fo-pendaftaran"] = new WorkflowUser("petugas-loket-2", "fo-pendaftaran"),
        ["bo-analis"] = new WorkflowUser("analis-bo", "bo-analis"),
        ["kasi-perizinan"] = new WorkflowUser("kasi-perizinan", "kasi-perizinan"),
        ["kabid-perizinan"] = new WorkflowUser("kabid-perizinan", "kabid-perizinan"),
        ["kadis"] = new WorkflowUser("kepala-dinas", "kadis"),
        ["fo-pengambilan"] = new WorkflowUser("petugas-loket-4", "fo-pengambilan"),
        ["fo-pengaduan"] = new WorkflowUser("petugas-loket-5", "fo-pengaduan"),
    };

    private static readonly string[] JenisIzin = ["izin-usaha-mikro", "persetujuan-bangunan-gedung", "izin-praktik-dokter", "izin-reklame"];

    public SopScenario(string xml) => Xml = xml;

    public string Name => "sop";

    public int DefaultInstances => 20_000;

    public int DefaultDurableInstances => 1_000;

    public string Xml { get; }

    public async Task<Guid> StartOnlyAsync(EngineSession session, int index)
    {
        ArgumentNullException.ThrowIfNull(session);
        var services = session.Begin();
        try
        {
            return (await services.Runtime.StartAsync(Request(index))).Id;
        }
        finally
        {
            session.End(services);
        }
    }

    public async Task<Guid> RunAsync(EngineSession session, int index, StepStats stats)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(stats);
        var request = Request(index);
        var applicant = new WorkflowUser(request.StartedBy!);

        var started = Stopwatch.GetTimestamp();
        var services = session.Begin();
        Guid instanceId;
        try
        {
            instanceId = (await services.Runtime.StartAsync(request)).Id;
        }
        finally
        {
            session.End(services);
        }

        stats.StartTicks += Stopwatch.GetTimestamp() - started;
        stats.Starts++;

        var query = new TaskQuery { InstanceId = instanceId };
        for (var round = 0; ; round++)
        {
            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Instance {request.BusinessKey} still has open tasks after {MaxRounds} rounds.");
            }

            var queried = Stopwatch.GetTimestamp();
            services = session.Begin();
            IReadOnlyList<HumanTask> open;
            try
            {
                open = await services.Tasks.QueryAsync(query);
            }
            finally
            {
                session.End(services);
            }

            stats.QueryTicks += Stopwatch.GetTimestamp() - queried;
            stats.Queries++;
            if (open.Count == 0)
            {
                return instanceId;
            }

            foreach (var task in open)
            {
                var (user, outcome) = Decide(task, applicant);
                var completing = Stopwatch.GetTimestamp();
                services = session.Begin();
                try
                {
                    await services.Tasks.CompleteAsync(task.Id, user, outcome);
                }
                finally
                {
                    session.End(services);
                }

                stats.CompleteTicks += Stopwatch.GetTimestamp() - completing;
                stats.Completions++;
            }
        }
    }

    public void Verify(ProcessInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.State != InstanceState.Completed || instance.EndedWith != "End_Terbit")
        {
            throw new InvalidOperationException($"Instance {instance.BusinessKey} ended {instance.State} with '{instance.EndedWith}', not Completed with 'End_Terbit'.");
        }

        var completed = instance.Tasks.Count(t => t.State == HumanTaskState.Completed);
        if (completed != TasksPerInstance || instance.Tasks.Count != TasksPerInstance)
        {
            throw new InvalidOperationException($"Instance {instance.BusinessKey} has {instance.Tasks.Count} tasks, {completed} completed; the happy path has {TasksPerInstance}.");
        }

        if (instance.Variables.GetValueOrDefault("nomorTandaTerima") is not string || instance.Variables.GetValueOrDefault("skDitandatangani") is not true)
        {
            throw new InvalidOperationException($"Instance {instance.BusinessKey} misses the variables its service tasks set.");
        }
    }

    /// <summary>The start request of application <paramref name="index"/>: business key <c>APP-{index}</c>, applicant <c>pemohon-{index}</c>.</summary>
    internal static StartInstanceRequest Request(int index)
    {
        var pemohon = $"pemohon-{index}";
        return new StartInstanceRequest
        {
            DefinitionKey = DefinitionKey,
            BusinessKey = $"APP-{index}",
            StartedBy = pemohon,
            Variables = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["pemohon"] = pemohon,
                ["namaPemohon"] = $"Pemohon {index}",
                ["jenisIzin"] = JenisIzin[index % JenisIzin.Length],
                ["nik"] = $"3171{index:D12}",
                ["alamat"] = "Jl. Merdeka No. 1, Jakarta Pusat",
                ["luasBangunan"] = 120 + (index % 500),
                ["persyaratanLengkap"] = true,
            },
        };
    }

    /// <summary>Who completes <paramref name="task"/> on the happy path, and with which outcome.</summary>
    internal static (WorkflowUser User, string? Outcome) Decide(HumanTask task, WorkflowUser applicant)
    {
        if (!HappyOutcomes.TryGetValue(task.ElementId, out var outcome))
        {
            throw new InvalidOperationException($"Task {task.ElementId} of {task.BusinessKey} is not on the happy path.");
        }

        if (task.Assignee is not null)
        {
            return task.Assignee == applicant.Id
                ? (applicant, outcome)
                : throw new InvalidOperationException($"Task {task.ElementId} of {task.BusinessKey} is assigned to '{task.Assignee}', not to the applicant.");
        }

        foreach (var group in task.CandidateGroups)
        {
            if (Officers.TryGetValue(group, out var officer))
            {
                return (officer, outcome);
            }
        }

        throw new InvalidOperationException($"No officer holds a role of task {task.ElementId} ({string.Join(",", task.CandidateGroups)}).");
    }
}

/// <summary>start → one user task → end: the least an instance can cost.</summary>
public sealed class TrivialScenario : IScenario
{
    public const string DefinitionKey = "trivial";

    private static readonly WorkflowUser Staff = new("staf-1", "staf");

    public string Name => "trivial";

    public int DefaultInstances => 100_000;

    public int DefaultDurableInstances => 2_000;

    public string Xml => """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="Definitions_trivial" targetNamespace="http://sicantik.id/benchmarks">
          <bpmn:process id="trivial" name="Trivial" isExecutable="true">
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task" name="Tugas" camunda:candidateGroups="staf" />
            <bpmn:endEvent id="End" />
            <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
            <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    public async Task<Guid> StartOnlyAsync(EngineSession session, int index)
    {
        ArgumentNullException.ThrowIfNull(session);
        var services = session.Begin();
        try
        {
            return (await services.Runtime.StartAsync(Request(index))).Id;
        }
        finally
        {
            session.End(services);
        }
    }

    /// <remarks>The task is taken from what start returns, so no query is made: start and complete only.</remarks>
    public async Task<Guid> RunAsync(EngineSession session, int index, StepStats stats)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(stats);

        var started = Stopwatch.GetTimestamp();
        var services = session.Begin();
        ProcessInstance instance;
        try
        {
            instance = await services.Runtime.StartAsync(Request(index));
        }
        finally
        {
            session.End(services);
        }

        stats.StartTicks += Stopwatch.GetTimestamp() - started;
        stats.Starts++;

        var taskId = instance.Tasks.Single(t => t.IsOpen).Id;
        var completing = Stopwatch.GetTimestamp();
        services = session.Begin();
        try
        {
            await services.Tasks.CompleteAsync(taskId, Staff);
        }
        finally
        {
            session.End(services);
        }

        stats.CompleteTicks += Stopwatch.GetTimestamp() - completing;
        stats.Completions++;
        return instance.Id;
    }

    public void Verify(ProcessInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.State != InstanceState.Completed || instance.EndedWith != "End")
        {
            throw new InvalidOperationException($"Instance {instance.BusinessKey} ended {instance.State} with '{instance.EndedWith}', not Completed with 'End'.");
        }
    }

    private static StartInstanceRequest Request(int index) => new()
    {
        DefinitionKey = DefinitionKey,
        BusinessKey = $"T-{index}",
    };
}
