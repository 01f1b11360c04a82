using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.Notifications;
using Sicantik.Perizinan.Resources;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Escalation;

/// <summary>The outbox topic's email kind for staff: which template an escalation notice uses.</summary>
public static class EscalationTemplates
{
    /// <summary>The template of an escalation notice (<c>Notifications/Templates/eskalasi.*.liquid</c>).</summary>
    public const string Eskalasi = "eskalasi";
}

/// <summary>
/// Emails the escalation target when a step outlives its baku mutu: every active staff account of the role named by
/// <c>sicantik:escalateTo</c> gets one message per firing of the timer (the first at the baku mutu, then each repetition
/// of its cycle while the task stays open), naming the application, the step, who holds it, how late it is and the link
/// to the task. The messages are written to the outbox in the step's transaction, as the applicant's emails are, and sent
/// by the host's deliverer of topic <see cref="EmailTopic.Name"/>. A task already closed gets no notice.
/// </summary>
public sealed class EscalationNotices(
    PerizinanDb db,
    IInstanceStore instances,
    IHistoryStore history,
    DefinitionService definitions,
    IStaffDirectory directory,
    IPersonDirectory people,
    EmailTemplates templates,
    IOptions<PerizinanOptions> options)
{
    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    /// <summary>Writes the notices of one escalation; returns how many messages were written.</summary>
    public async Task<int> WriteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Escalation is not { TaskId: { } taskId } escalation
            || await instances.FindTaskAsync(taskId, cancellationToken) is not { IsOpen: true } task)
        {
            return 0;
        }

        var recipients = await directory.ActiveInRoleAsync(escalation.Target, cancellationToken);
        if (recipients.Count == 0)
        {
            return 0;
        }

        var values = await ValuesAsync(context, task, escalation.Target, cancellationToken);
        foreach (var recipient in recipients)
        {
            var personal = new Dictionary<string, string?>(values, StringComparer.Ordinal) { ["nama"] = recipient.Name };
            var rendered = await templates.RenderAsync(EscalationTemplates.Eskalasi, personal);
            var payload = new EmailPayload
            {
                To = recipient.Address,
                ToName = recipient.Name,
                Subject = rendered.Subject,
                Text = rendered.Text,
                Html = rendered.Html,
                RecipientUserId = recipient.UserId,
                ApplicationId = Guid.TryParse(task.BusinessKey, out var applicationId) ? applicationId : null,
            };
            context.Enqueue(EmailTopic.Name, payload.ToJson());
        }

        return recipients.Count;
    }

    private async Task<Dictionary<string, string?>> ValuesAsync(ServiceTaskContext context, HumanTask task, string target, CancellationToken cancellationToken)
    {
        var variables = context.Variables;
        PermitApplication? application = null;
        if (Guid.TryParse(task.BusinessKey, out var applicationId))
        {
            application = await db.Set<PermitApplication>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, cancellationToken);
        }

        var holder = task.Assignee is { } assignee
            ? await people.FullNameAsync(assignee, cancellationToken) ?? assignee
            : null;
        var model = await definitions.GetModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);

        // This firing's Escalated event is saved with the step; the ones before it are stored.
        var earlier = (await history.GetAsync(task.InstanceId, cancellationToken))
            .Count(e => e.Type == HistoryEventType.Escalated && e.TaskId == task.Id);
        var number = Text(variables, SopVariables.NomorPendaftaran) ?? application?.Number;
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["kantor"] = "DPMPTSP",
            ["nomor"] = number ?? "#" + (application?.Id ?? task.InstanceId).ToString("N")[^8..].ToUpperInvariant(),
            ["nomor_pendaftaran"] = number,
            ["pemohon"] = application?.ApplicantName ?? Text(variables, SopVariables.NamaPemohon),
            ["izin"] = Text(variables, SopVariables.NamaIzin) ?? Text(variables, SopVariables.JenisIzin) ?? application?.PermitTypeCode,
            ["langkah"] = string.IsNullOrEmpty(task.Name) ? task.ElementId : task.Name,
            ["peran"] = target,
            ["pemegang"] = holder,
            ["pemegang_teks"] = holder ?? PerizinanText.Message("EscalationUnclaimed"),
            ["baku_mutu"] = BakuMutu.Minutes(model, task)?.ToString(CultureInfo.InvariantCulture),
            ["diterima"] = When(task.CreatedAt),
            ["batas_waktu"] = task.DueAt is { } due ? When(due) : null,
            ["keterlambatan"] = Lateness(task.DueAt is { } dueAt ? context.Now - dueAt : TimeSpan.Zero),
            ["waktu"] = When(context.Now),
            ["pengingat_ke"] = (earlier + 1).ToString(CultureInfo.InvariantCulture),
            ["pengingat"] = earlier > 0 ? "ya" : null,
            ["tautan_tugas"] = directory.PageUrl($"/Petugas/Tugas/{task.Id:D}").ToString(),
        };
    }

    /// <summary>How late a task is, in words (wall-clock time since its due date).</summary>
    public static string Lateness(TimeSpan late)
    {
        if (late < TimeSpan.FromMinutes(1))
        {
            return PerizinanText.Message("EscalationLateNone");
        }

        if (late < TimeSpan.FromHours(1))
        {
            return PerizinanText.Message("EscalationLateMinutes", (int)late.TotalMinutes);
        }

        return late < TimeSpan.FromDays(1)
            ? PerizinanText.Message("EscalationLateHours", (int)late.TotalHours, late.Minutes)
            : PerizinanText.Message("EscalationLateDays", (int)late.TotalDays, late.Hours);
    }

    private string When(DateTimeOffset instant)
    {
        var settings = options.Value;
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId));
        return local.ToString("d MMMM yyyy HH.mm", Indonesian) + " " + settings.TimeZoneLabel;
    }

    private static string? Text(IReadOnlyDictionary<string, object?> variables, string name) =>
        variables.TryGetValue(name, out var value) && value is not null && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}
