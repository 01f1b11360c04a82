using System.Globalization;
using Sicantik.Workflows.ServiceTasks;

namespace Sicantik.Workflows.Benchmarks;

// The SOP's service-task topics, done as a real handler would do them minus the outside world: each sets the
// variables the later steps and the documents need. Nothing here waits, so the engine's own cost is what is measured.

/// <summary>Issues the registration receipt (tanda terima) with its number.</summary>
public sealed class TandaTerimaHandler : IServiceTaskHandler
{
    public string Topic => "tanda-terima";

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable("nomorTandaTerima", string.Create(CultureInfo.InvariantCulture, $"TT/{context.BusinessKey}/{context.Now:yyyyMMdd}"));
        context.SetVariable("tandaTerimaDiterbitkanPada", context.Now);
        return Task.CompletedTask;
    }
}

/// <summary>Drafts the Nota Dinas and the SK.</summary>
public sealed class DraftDokumenHandler : IServiceTaskHandler
{
    public string Topic => "draft-dokumen";

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable("nomorNotaDinas", string.Create(CultureInfo.InvariantCulture, $"ND/{context.BusinessKey}"));
        context.SetVariable("nomorSk", string.Create(CultureInfo.InvariantCulture, $"SK/{context.BusinessKey}/{context.Now:yyyy}"));
        return Task.CompletedTask;
    }
}

/// <summary>Signs the SK electronically.</summary>
public sealed class TandaTanganSkHandler : IServiceTaskHandler
{
    public string Topic => "tanda-tangan-sk";

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable("skDitandatanganiPada", context.Now);
        context.SetVariable("skDitandatangani", true);
        return Task.CompletedTask;
    }
}

/// <summary>Issues the rejection Nota Dinas (off the happy path).</summary>
public sealed class NotaDinasPenolakanHandler : IServiceTaskHandler
{
    public string Topic => "nota-dinas-penolakan";

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable("nomorNotaDinasPenolakan", string.Create(CultureInfo.InvariantCulture, $"NDP/{context.BusinessKey}"));
        return Task.CompletedTask;
    }
}

/// <summary>Records a baku mutu breach (off the happy path: the benchmark never lets a timer fire).</summary>
public sealed class EskalasiHandler : IServiceTaskHandler
{
    public string Topic => "eskalasi";

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetVariable("eskalasiTerakhir", context.Escalation?.TaskElementId);
        context.SetVariable("eskalasiKe", context.Escalation?.Target);
        return Task.CompletedTask;
    }
}
