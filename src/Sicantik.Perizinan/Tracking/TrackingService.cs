using System.Globalization;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Privacy;
using Sicantik.Perizinan.Resources;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan.Tracking;

/// <summary>
/// The applicant's tracking page: the engine's history of the application's instance read as the SOP's steps, in plain
/// words (Bahasa Indonesia by default), with each step's baku mutu, whether it was late, the steps open now and what the
/// applicant must do.
/// </summary>
public sealed class TrackingService(
    ApplicationService applications,
    PermitTypeService permitTypes,
    ApplicationStatusService statuses,
    HistoryService history,
    TaskService tasks,
    DefinitionService definitions,
    TimeProvider time,
    IOptions<PerizinanOptions> options,
    Notifications.ApplicantEmailLog emails)
{
    /// <summary>The applicant's view of their application; <c>null</c> when it does not exist or is someone else's.</summary>
    public async Task<ApplicationTracking?> GetAsync(Guid applicationId, string applicantId, CancellationToken cancellationToken = default)
    {
        var application = await applications.FindAsync(applicationId, applicantId, cancellationToken);
        return application is null ? null : await BuildAsync(application, forStaff: false, cancellationToken);
    }

    /// <summary>The same view for staff (the host checks the caller's role); <c>null</c> when unknown.</summary>
    public async Task<ApplicationTracking?> GetForStaffAsync(Guid applicationId, CancellationToken cancellationToken = default)
    {
        var application = await applications.FindForStaffAsync(applicationId, cancellationToken);
        return application is null ? null : await BuildAsync(application, forStaff: true, cancellationToken);
    }

    private async Task<ApplicationTracking> BuildAsync(PermitApplication application, bool forStaff, CancellationToken cancellationToken)
    {
        var type = await permitTypes.FindByCodeAsync(application.PermitTypeCode, cancellationToken);
        var instance = await statuses.FindInstanceAsync(application, cancellationToken);
        var now = time.GetUtcNow();
        if (instance is null)
        {
            return new ApplicationTracking
            {
                ApplicationId = application.Id,
                Number = application.Number,
                PermitTypeCode = application.PermitTypeCode,
                PermitTypeName = type?.Name ?? application.PermitTypeCode,
                Status = application.Status,
                StatusText = ApplicationService.Describe(application.Status),
                SubmittedAt = application.SubmittedAt,
                Timeline = [],
                CurrentSteps = [],
                Actions = application.Status == ApplicationStatus.Draft
                    ? [new ApplicantAction(ApplicantActionKind.SubmitDraft, null, PerizinanText.Track("ActionSubmitDraft"), null)]
                    : [],
            };
        }

        var events = await history.GetAsync(instance.Id, cancellationToken);
        var allTasks = await tasks.QueryAsync(new TaskQuery { InstanceId = instance.Id, State = null }, cancellationToken);
        var model = await definitions.GetModelAsync(instance.DefinitionKey, instance.DefinitionVersion, cancellationToken);
        var open = allTasks.Where(t => t.IsOpen).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToList();
        var status = ApplicationStatusService.Derive(application, instance, open);
        var reader = new Reader(application, model, instance.Variables, now, options.Value, forStaff);

        var byId = allTasks.ToDictionary(t => t.Id);
        var timeline = new List<TimelineEntry>();
        foreach (var e in events)
        {
            var entry = e.Type switch
            {
                HistoryEventType.InstanceStarted => reader.Submitted(e),
                HistoryEventType.TaskCreated when e.TaskId is { } id && byId.TryGetValue(id, out var task) => reader.Step(task),
                HistoryEventType.ServiceTaskCompleted when e.ElementId is { } element && !reader.IsEscalationPath(element) => reader.Automatic(e),
                HistoryEventType.InstanceCompleted => reader.Ended(e),
                HistoryEventType.InstanceTerminated => reader.Stopped(e),
                _ => null,
            };
            if (entry is not null)
            {
                timeline.Add(entry);
            }
        }

        return new ApplicationTracking
        {
            ApplicationId = application.Id,
            Number = application.Number,
            PermitTypeCode = application.PermitTypeCode,
            PermitTypeName = type?.Name ?? application.PermitTypeCode,
            Status = status,
            StatusText = ApplicationService.Describe(status),
            SubmittedAt = application.SubmittedAt,
            Timeline = timeline,
            CurrentSteps = open.ConvertAll(reader.Current),
            Actions = open.Where(reader.IsApplicants).Select(t => Reader.Action(t, instance)).ToList(),
            Ending = reader.Ending(instance, application),
            Emails = forStaff ? [] : await emails.ListAsync(instance.Id, application.ApplicantId, cancellationToken),
        };
    }

    /// <summary>Turns tasks and history events into the applicant's words.</summary>
    private sealed class Reader(PermitApplication application, ProcessModel model, IReadOnlyDictionary<string, object?> variables, DateTimeOffset now, PerizinanOptions settings, bool forStaff)
    {
        private readonly TimeZoneInfo _zone = settings.TimeZone;

        public bool IsApplicants(HumanTask task) => task.Assignee == application.ApplicantId && task.CandidateGroups.Count == 0;

        /// <summary>Whether the element only runs when a baku mutu timer fires (the escalation's own steps).</summary>
        public bool IsEscalationPath(string elementId) =>
            model.Nodes.TryGetValue(elementId, out var node) && node.Incoming.Any(f => f.Source is BoundaryTimerEvent);

        public TimelineEntry Submitted(HistoryEvent e) => new()
        {
            Kind = TimelineEntryKind.Submitted,
            Step = e.ElementName ?? model.StartEvent.DisplayName,
            ElementId = e.ElementId ?? model.StartEvent.Id,
            Role = "pemohon",
            Actor = PerizinanText.Track("ActorApplicant"),
            StartedAt = e.At,
            FinishedAt = e.At,
            FinishedBy = e.UserId,
            Description = PerizinanText.Track("EntrySubmitted", At(e.At)),
        };

        public TimelineEntry Step(HumanTask task)
        {
            var standard = StandardMinutes(task);
            var late = IsLate(task);
            var actor = Actor(task);
            var description = task.State switch
            {
                HumanTaskState.Completed => Done(task, actor, standard, late) + CounterSentence(task),
                HumanTaskState.Cancelled => PerizinanText.Track("EntryStepCancelled", task.Name, actor, At(task.CompletedAt ?? task.CreatedAt)),
                _ => Open(task, actor, standard, late),
            };
            return new TimelineEntry
            {
                Kind = TimelineEntryKind.Step,
                Step = task.Name,
                ElementId = task.ElementId,
                Role = IsApplicants(task) ? "pemohon" : task.CandidateGroups.FirstOrDefault(),
                Actor = actor,
                StartedAt = task.CreatedAt,
                FinishedAt = task.State == HumanTaskState.Open ? null : task.CompletedAt,
                FinishedBy = forStaff || task.CompletedBy == application.ApplicantId ? task.CompletedBy : null,
                State = task.State switch
                {
                    HumanTaskState.Open => StepState.Open,
                    HumanTaskState.Completed => StepState.Done,
                    _ => StepState.Cancelled,
                },
                Outcome = task.Outcome,
                OutcomeText = task.Outcome is null ? null : OutcomeText(task.Outcome),
                StandardMinutes = standard,
                DueAt = task.DueAt,
                IsLate = late,
                Description = description,
                Recorded = task.State == HumanTaskState.Completed ? Recorded(task) : null,
            };
        }

        /// <summary>The variables that printing and handover write, as the history shows them.</summary>
        private static readonly string[] PrintVariables = [SopVariables.JumlahCetak, SopVariables.SkDicetakPada, SopVariables.CatatanCetak];

        private static readonly string[] HandoverVariables =
            [SopVariables.PenerimaSk, SopVariables.PenerimaSebagai, SopVariables.JenisIdentitasPenerima, SopVariables.SuratKuasa, SopVariables.SkDiserahkanPada, SopVariables.CatatanPenyerahan];

        private Dictionary<string, string>? Recorded(HumanTask task)
        {
            string[] names = task.ElementId switch
            {
                SopElements.CetakSk => forStaff ? [.. PrintVariables, SopVariables.SkDicetakOleh] : PrintVariables,
                SopElements.SerahkanSk => forStaff ? [.. HandoverVariables, SopVariables.NomorIdentitasPenerima, SopVariables.SkDiserahkanOleh] : HandoverVariables,
                SopElements.IsiSkm => forStaff ? [SopVariables.SkmMelalui, SopVariables.SkmKioskDibukaOleh] : [SopVariables.SkmMelalui],
                _ => [],
            };
            var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (Text(name) is { } value)
                {
                    recorded[name] = (string)IdentityNumbers.MaskValue(name, value)!;
                }
            }

            return recorded.Count == 0 ? null : recorded;
        }

        /// <summary>" SK dicetak 2 rangkap." after a printing; to whom, on which identity, after a handover.</summary>
        private string CounterSentence(HumanTask task)
        {
            switch (task.ElementId)
            {
                case SopElements.CetakSk when Text(SopVariables.JumlahCetak) is { } copies:
                    return " " + PerizinanText.Track("EntryPrinted", copies);
                case SopElements.SerahkanSk when Text(SopVariables.PenerimaSk) is { } name:
                    var identity = Text(SopVariables.JenisIdentitasPenerima) ?? string.Empty;
                    if (forStaff && Text(SopVariables.NomorIdentitasPenerima) is { } number)
                    {
                        identity += " " + IdentityNumbers.Mask(number);
                    }

                    return " " + (Text(SopVariables.PenerimaSebagai) == CounterSteps.Proxy
                        ? PerizinanText.Track("EntryHandedOverProxy", name, identity, Text(SopVariables.SuratKuasa))
                        : PerizinanText.Track("EntryHandedOverApplicant", name, identity));
                case SopElements.IsiSkm when Text(SopVariables.SkmMelalui) == SurveyChannelNames.Kiosk:
                    return " " + PerizinanText.Track("EntrySurveyAtKiosk");
                default:
                    return string.Empty;
            }
        }

        private string? Text(string variable) => variables.TryGetValue(variable, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null
            : null;

        public TimelineEntry Automatic(HistoryEvent e) => new()
        {
            Kind = TimelineEntryKind.Automatic,
            Step = e.ElementName ?? e.ElementId!,
            ElementId = e.ElementId!,
            StartedAt = e.At,
            FinishedAt = e.At,
            Description = PerizinanText.Track("EntryAutomatic", e.ElementName ?? e.ElementId, At(e.At)),
        };

        public TimelineEntry Ended(HistoryEvent e) => new()
        {
            Kind = TimelineEntryKind.Ended,
            Step = e.ElementName ?? e.ElementId ?? string.Empty,
            ElementId = e.ElementId ?? string.Empty,
            StartedAt = e.At,
            FinishedAt = e.At,
            Description = PerizinanText.Track("EntryEnded", e.ElementName ?? e.ElementId, At(e.At)),
        };

        public TimelineEntry Stopped(HistoryEvent e) => new()
        {
            Kind = TimelineEntryKind.Ended,
            Step = PerizinanText.Track("StepStopped"),
            ElementId = string.Empty,
            StartedAt = e.At,
            FinishedAt = e.At,
            Description = PerizinanText.Track("EntryStopped", At(e.At)),
        };

        public CurrentStep Current(HumanTask task)
        {
            var standard = StandardMinutes(task);
            var late = IsLate(task);
            var actor = Actor(task);
            return new CurrentStep(task.Name, task.ElementId, actor, task.CreatedAt, task.DueAt, late, IsApplicants(task), Open(task, actor, standard, late));
        }

        public static ApplicantAction Action(HumanTask task, ProcessInstance instance)
        {
            var notes = instance.Variables.TryGetValue(SopVariables.Catatan, out var value) && value is string text && text.Length > 0 ? text : null;
            return task.ElementId switch
            {
                SopElements.LengkapiBerkas => new ApplicantAction(ApplicantActionKind.CompleteDocuments, task.Id, PerizinanText.Track("ActionCompleteDocuments"), notes),
                SopElements.PerbaikiBerkas => new ApplicantAction(ApplicantActionKind.CorrectDocuments, task.Id, PerizinanText.Track("ActionCorrectDocuments"), notes),
                SopElements.IsiSkm => new ApplicantAction(ApplicantActionKind.FillSurvey, task.Id, PerizinanText.Track("ActionFillSurvey"), null),
                _ => new ApplicantAction(ApplicantActionKind.Other, task.Id, PerizinanText.Track("ActionOther", task.Name), null),
            };
        }

        public ProcessEnding? Ending(ProcessInstance instance, PermitApplication application)
        {
            if (instance.State == InstanceState.Terminated)
            {
                return new ProcessEnding(EndingKind.Stopped, instance.EndedAt ?? now, PerizinanText.Track("EndingStopped", At(instance.EndedAt ?? now)), instance.EndedWith);
            }

            if (instance.State != InstanceState.Completed)
            {
                return null;
            }

            var at = instance.EndedAt ?? now;
            if (instance.EndedWith == SopElements.EndDitolak)
            {
                var reason = application.DecisionNote
                    ?? (instance.Variables.TryGetValue(SopVariables.Alasan, out var value) ? value as string : null);
                return new ProcessEnding(EndingKind.Rejected, at, PerizinanText.Track("EndingRejected", At(at)), reason);
            }

            return new ProcessEnding(EndingKind.Issued, at, PerizinanText.Track("EndingIssued", At(at)), null);
        }

        private string Done(HumanTask task, string actor, int? standard, bool late)
        {
            var finished = task.CompletedAt ?? task.CreatedAt;
            if (IsApplicants(task))
            {
                return PerizinanText.Track("EntryApplicantDone", task.Name, At(finished));
            }

            var took = Duration(finished - task.CreatedAt);
            var text = standard is { } minutes
                ? PerizinanText.Track(late ? "EntryStepDoneLate" : "EntryStepDone", task.Name, actor, At(finished), took, Duration(TimeSpan.FromMinutes(minutes)))
                : PerizinanText.Track("EntryStepDoneNoStandard", task.Name, actor, At(finished), took);
            return task.Outcome is null ? text : text + " " + PerizinanText.Track("EntryOutcome", OutcomeText(task.Outcome));
        }

        private string Open(HumanTask task, string actor, int? standard, bool late)
        {
            if (IsApplicants(task))
            {
                return PerizinanText.Track("EntryApplicantOpen", task.Name, At(task.CreatedAt));
            }

            var text = standard is { } minutes && task.DueAt is { } due
                ? PerizinanText.Track(late ? "EntryStepOpenLate" : "EntryStepOpen", task.Name, actor, At(task.CreatedAt), Duration(TimeSpan.FromMinutes(minutes)), At(due))
                : PerizinanText.Track("EntryStepOpenNoStandard", task.Name, actor, At(task.CreatedAt));
            return task.EscalatedTo.Count > 0 ? text + " " + PerizinanText.Track("EntryEscalated") : text;
        }

        private string Actor(HumanTask task)
        {
            if (IsApplicants(task))
            {
                return PerizinanText.Track("ActorApplicant");
            }

            var lane = model.Nodes.TryGetValue(task.ElementId, out var node) ? node.Lane?.Name : null;
            return lane ?? string.Join(", ", task.CandidateGroups);
        }

        private int? StandardMinutes(HumanTask task) => BakuMutu.Minutes(model, task);

        private bool IsLate(HumanTask task)
        {
            if (task.IsOverdue)
            {
                return true;
            }

            if (task.DueAt is not { } due)
            {
                return false;
            }

            return task.State switch
            {
                HumanTaskState.Open => now > due,
                HumanTaskState.Completed => task.CompletedAt > due,
                _ => false,
            };
        }

        private static string OutcomeText(string outcome) =>
            PerizinanText.Find(PerizinanText.Tracking, "Outcome_" + outcome) ?? outcome;

        private static string Duration(TimeSpan span)
        {
            var minutes = (int)Math.Floor(span.TotalMinutes);
            return minutes switch
            {
                < 1 => PerizinanText.Track("DurationUnderMinute"),
                < 60 => PerizinanText.Track("DurationMinutes", minutes),
                < 24 * 60 => minutes % 60 == 0
                    ? PerizinanText.Track("DurationHours", minutes / 60)
                    : PerizinanText.Track("DurationHoursMinutes", minutes / 60, minutes % 60),
                _ => PerizinanText.Track("DurationDaysHours", minutes / (24 * 60), minutes % (24 * 60) / 60),
            };
        }

        /// <summary>An instant in the office's time zone, as the UI culture writes it: "23 November 2026 08.03 WIB".</summary>
        private string At(DateTimeOffset instant)
        {
            var local = TimeZoneInfo.ConvertTime(instant, _zone);
            // Month names follow the language of the texts, whatever the thread's formatting culture is.
            var culture = CultureInfo.GetCultureInfo(PerizinanText.Track("Culture"));
            return local.ToString(PerizinanText.Track("DateTimeFormat"), culture) + " " + settings.TimeZoneLabel;
        }
    }
}
