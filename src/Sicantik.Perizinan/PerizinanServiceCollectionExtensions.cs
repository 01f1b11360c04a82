using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Calendar;
using Sicantik.Perizinan.Escalation;
using Sicantik.Documents;
using Sicantik.Documents.Verification;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.Notifications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Reports.Sla;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tracking;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan;

/// <summary>Registers the permit domain.</summary>
public static class PerizinanServiceCollectionExtensions
{
    /// <summary>
    /// Adds the permit catalogue, applications, documents (a local file store by default), tracking, and the handlers of
    /// the service-task topics <c>tanda-terima</c> and <c>nota-dinas-penolakan</c> (through <c>AddWorkflows()</c>).
    /// Options bind from the <c>Perizinan</c> configuration section. Name the application's context with
    /// <see cref="PerizinanBuilder.UseDbContext{TContext}"/>.
    /// </summary>
    public static PerizinanBuilder AddPerizinan(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PerizinanOptions>().BindConfiguration(PerizinanOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PerizinanOptions>, PerizinanOptionsValidator>());

        services.AddOptions<LetterheadOptions>().Configure(LetterheadDefaults.Apply).BindConfiguration(LetterheadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DocumentsOptions>().BindConfiguration(DocumentsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DocumentRenderer(sp.GetRequiredService<IOptions<LetterheadOptions>>().Value));
        services.TryAddSingleton<AgencySigningCertificate>();
        services.TryAddScoped<IPersonDirectory, NoPersonDirectory>();
        services.TryAddScoped<DocumentIssuer>();
        services.TryAddScoped<IssuedDocumentService>();
        services.TryAddSingleton<IsolatedPdfVerifier>();
        services.TryAddSingleton<IFileStore, LocalFileStore>();
        services.TryAddSingleton<IKnownGroups, SopKnownGroups>();
        services.TryAddScoped<PermitTypeService>();
        services.TryAddScoped<PermitCatalogSeeder>();
        services.TryAddScoped<RegistrationNumbers>();
        services.TryAddScoped<ApplicationStatusWriter>();
        services.TryAddScoped<ApplicationStatusService>();
        services.TryAddScoped<ApplicationService>();
        services.TryAddScoped<TrackingService>();
        services.TryAddScoped<ApplicantEmailLog>();
        services.TryAddScoped<StaffTaskService>();
        services.TryAddScoped<SurveyService>();
        services.TryAddScoped<IkmService>();
        services.TryAddScoped<SlaService>();

        // Escalation notices (emailed once the host names the staff) and the administrators' holiday list, which the
        // office-hours calendar skips.
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddScoped<IStaffDirectory, NoStaffDirectory>();
        services.TryAddScoped<EscalationNotices>();
        services.TryAddSingleton<DatabaseHolidays>();
        services.TryAddScoped<HolidayService>();

        services.AddWorkflows()
            .AddServiceTaskHandler<TandaTerimaHandler>()
            .AddServiceTaskHandler<NotaDinasPenolakanHandler>()
            .AddServiceTaskHandler<DraftDokumenHandler>()
            .AddServiceTaskHandler<TandaTanganSkHandler>()
            .AddServiceTaskHandler<EskalasiHandler>();
        services.Replace(ServiceDescriptor.Singleton<IHolidayProvider>(sp => sp.GetRequiredService<DatabaseHolidays>()));
        return new PerizinanBuilder(services);
    }
}

/// <summary>Configures the permit domain further.</summary>
public sealed class PerizinanBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>
    /// Puts the domain on the application's context <typeparamref name="TContext"/> (registered scoped by the host), which
    /// must apply <see cref="PerizinanModel.ApplyPerizinanModel"/>; it must be the context the engine's stores use, so
    /// that a step's engine rows and permit rows commit together.
    /// </summary>
    public PerizinanBuilder UseDbContext<TContext>()
        where TContext : DbContext
    {
        Services.Replace(ServiceDescriptor.Scoped(sp => new PerizinanDb(sp.GetRequiredService<TContext>())));
        return this;
    }

    /// <summary>
    /// Writes the applicant's status emails (topic <see cref="EmailTopic.Name"/>) to the outbox with each status change;
    /// <typeparamref name="TMailbox"/> gives the applicant's address and the site's links. The host registers the
    /// deliverer of the topic.
    /// </summary>
    public PerizinanBuilder AddApplicantEmails<TMailbox>()
        where TMailbox : class, IApplicantMailbox
    {
        Services.TryAddSingleton<EmailTemplates>();
        Services.TryAddScoped<EmailTemplateStore>();
        Services.TryAddScoped<IApplicantMailbox, TMailbox>();
        new WorkflowsBuilder(Services).AddHistoryObserver<ApplicantStatusEmails>();
        return this;
    }

    /// <summary>
    /// Emails escalation notices to the staff of the target role; <typeparamref name="TDirectory"/> finds them (Identity
    /// lives in the host) and gives the site's links. The host registers the deliverer of topic <see cref="EmailTopic.Name"/>.
    /// </summary>
    public PerizinanBuilder AddEscalationEmails<TDirectory>()
        where TDirectory : class, IStaffDirectory
    {
        Services.Replace(ServiceDescriptor.Scoped<IStaffDirectory, TDirectory>());
        return this;
    }

    /// <summary>Names the people behind user ids on the documents (the host's accounts).</summary>
    public PerizinanBuilder UsePersonDirectory<TDirectory>()
        where TDirectory : class, IPersonDirectory
    {
        Services.Replace(ServiceDescriptor.Scoped<IPersonDirectory, TDirectory>());
        return this;
    }

    /// <summary>Replaces the local file store (for example with object storage).</summary>
    public PerizinanBuilder UseFileStore<TStore>()
        where TStore : class, IFileStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IFileStore, TStore>());
        return this;
    }
}
