using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Sicantik.Perizinan.Resources;

namespace Sicantik.Perizinan.Notifications;

/// <summary>A rendered message: the subject line and its two parts.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>The three editable parts of a template, as Liquid source.</summary>
public sealed record EmailTemplateSource(string Subject, string Text, string Html);

/// <summary>A value a template reads: its name and what it holds (Bahasa Indonesia).</summary>
public sealed record EmailTemplateVariable(string Name, string Description);

/// <summary>
/// The applicant's email templates: Liquid (Fluid), in Bahasa Indonesia, shipped in this assembly as
/// <c>Notifications/Templates/{name}.subjek.liquid</c>, <c>.teks.liquid</c> and <c>.html.liquid</c>, each part wrapped
/// in its layout (<c>_tata-letak.*</c>). Values are strings; the HTML part encodes them, the text part does not. An
/// administrator's edit (<see cref="EmailTemplateStore"/>) replaces the three parts of a template; the layouts stay.
/// </summary>
public sealed class EmailTemplates
{
    /// <summary>Which part of a template: the subject line, the text part, the HTML part.</summary>
    public const string SubjectPart = "subject";

    public const string TextPart = "text";

    public const string HtmlPart = "html";

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithStrictFilters(true).Build();

    // Checking an edit: a variable the template does not get is refused, as is an unknown filter.
    private static readonly TemplateOptions StrictOptions = new TemplateOptionsBuilder().WithStrictFilters(true).WithStrictVariables(true).Build();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);

    /// <summary>Every template an administrator can edit, in the order the SOP sends them.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ApplicantEmailKind>().Select(NameOf).ToList();

    /// <summary>The values every applicant template gets (<see cref="ApplicantStatusEmails"/> fills them).</summary>
    public static IReadOnlyList<string> VariableNames { get; } =
    [
        "kantor", "nama", "izin", "nomor_pendaftaran", "nomor_sk", "catatan", "alasan", "waktu",
        "tautan_lacak", "tautan_permohonan", "tautan_survei", "ada_lampiran",
    ];

    /// <summary>The template name of each kind of applicant email.</summary>
    public static string NameOf(ApplicantEmailKind kind) => kind switch
    {
        ApplicantEmailKind.Submitted => "diajukan",
        ApplicantEmailKind.ReturnedForCompletion => "lengkapi-berkas",
        ApplicantEmailKind.ReturnedForCorrection => "perbaiki-berkas",
        ApplicantEmailKind.Registered => "terdaftar",
        ApplicantEmailKind.Rejected => "ditolak",
        ApplicantEmailKind.SkSigned => "sk-ditandatangani",
        ApplicantEmailKind.HandedOver => "sk-diserahkan",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The values a template reads, each with what it holds.</summary>
    public static IReadOnlyList<EmailTemplateVariable> Variables(string name)
    {
        _ = name;
        return VariableNames.Select(v => new EmailTemplateVariable(v, PerizinanText.Message("EmailVariable_" + v))).ToList();
    }

    /// <summary>The values of a built-in sample application, for previews and for checking an edit.</summary>
    public static IReadOnlyDictionary<string, string?> SampleValues(Uri siteBase)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        var application = new Guid("0192f1a0-0000-7000-8000-000000000001");
        string Link(string path) => new Uri(siteBase, path + "/" + application.ToString("D")).ToString();
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["kantor"] = "DPMPTSP",
            ["nama"] = PerizinanText.Message("EmailSampleName"),
            ["izin"] = PerizinanText.Message("EmailSamplePermit"),
            ["nomor_pendaftaran"] = "503/0001/DPMPTSP/2026",
            ["nomor_sk"] = "503/SK/0001/DPMPTSP/2026",
            ["catatan"] = PerizinanText.Message("EmailSampleNotes"),
            ["alasan"] = PerizinanText.Message("EmailSampleReason"),
            ["waktu"] = "5 Desember 2026 10.15 WIB",
            ["tautan_lacak"] = Link("Pemohon/Lacak"),
            ["tautan_permohonan"] = Link("Pemohon/Permohonan"),
            ["tautan_survei"] = Link("Pemohon/Survei"),
            ["ada_lampiran"] = "ya",
        };
    }

    /// <summary>The built-in (shipped) source of template <paramref name="name"/>.</summary>
    public static EmailTemplateSource Default(string name) =>
        new(ReadShipped(name + ".subjek"), ReadShipped(name + ".teks"), ReadShipped(name + ".html"));

    /// <summary>
    /// What is wrong with an edited template: a part that does not parse (the parser's message, with its line and
    /// column), or one that fails to render on the sample, with every value set and with every optional value empty (an
    /// unknown variable or filter). Empty when the template is usable.
    /// </summary>
    public static async Task<IReadOnlyList<PerizinanIssue>> CheckAsync(EmailTemplateSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var issues = new List<PerizinanIssue>();
        var sample = SampleValues(new Uri("https://sicantik.local/"));
        var empty = sample.ToDictionary(p => p.Key, p => p.Key == "kantor" ? p.Value : null, StringComparer.Ordinal);
        foreach (var (part, text, encoder) in new (string, string, TextEncoder)[]
        {
            (SubjectPart, source.Subject, NullEncoder.Default), (TextPart, source.Text, NullEncoder.Default), (HtmlPart, source.Html, HtmlEncoder.Default),
        })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                issues.Add(new PerizinanIssue(part, PerizinanText.Message("EmailTemplatePartEmpty", PartName(part))));
                continue;
            }

            if (!Parser.TryParse(text, out var template, out var error))
            {
                issues.Add(new PerizinanIssue(part, PerizinanText.Message("EmailTemplateParseError", PartName(part), error)));
                continue;
            }

            // Fluid's strict mode takes an empty (nil) value for an undefined one: only the sample, with every value set,
            // is rendered strictly; the run with the optional values empty takes the other branches of the conditions.
            foreach (var (values, options) in new[] { (sample, StrictOptions), (empty, Options) })
            {
                try
                {
                    await RenderPartAsync(template, values, encoder, null, options);
                }
                catch (Exception ex) when (ex is FluidException or InvalidOperationException or ParseException or ArgumentException or FormatException)
                {
                    issues.Add(new PerizinanIssue(part, PerizinanText.Message("EmailTemplateRenderError", PartName(part), ex.Message)));
                    break;
                }
            }
        }

        return issues;
    }

    /// <summary>The part's name as a person reads it (Subjek, Isi teks, Isi HTML).</summary>
    public static string PartName(string part) => PerizinanText.Message(part switch
    {
        SubjectPart => "EmailPartSubject",
        TextPart => "EmailPartText",
        _ => "EmailPartHtml",
    });

    /// <summary>Renders the subject, the text part and the HTML part of template <paramref name="name"/>.</summary>
    /// <param name="name">The template's name (<see cref="NameOf"/>).</param>
    /// <param name="values">The values the template reads; a missing or empty one is false in an <c>if</c>.</param>
    /// <param name="custom">An administrator's version of the template; <c>null</c> renders the shipped one.</param>
    public async Task<RenderedEmail> RenderAsync(string name, IReadOnlyDictionary<string, string?> values, EmailTemplateSource? custom = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var subjectTemplate = custom is null ? Get(name + ".subjek") : Parse(custom.Subject, name);
        var textTemplate = custom is null ? Get(name + ".teks") : Parse(custom.Text, name);
        var htmlTemplate = custom is null ? Get(name + ".html") : Parse(custom.Html, name);
        var subject = await RenderPartAsync(subjectTemplate, values, NullEncoder.Default, null, Options);
        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var text = await RenderPartAsync(textTemplate, values, NullEncoder.Default, null, Options);
        text = await RenderPartAsync(Get("_tata-letak.teks"), values, NullEncoder.Default, ("isi", text.TrimEnd()), Options);
        var html = await RenderPartAsync(htmlTemplate, values, HtmlEncoder.Default, null, Options);
        html = await RenderPartAsync(Get("_tata-letak.html"), new Dictionary<string, string?>(values, StringComparer.Ordinal) { ["subjek"] = subject }, HtmlEncoder.Default, ("isi", html), Options);
        return new RenderedEmail(subject, text.TrimEnd() + "\n", html);
    }

    private static IFluidTemplate Parse(string source, string name) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template '{name}' does not parse: {error}");

    private static async Task<string> RenderPartAsync(IFluidTemplate template, IReadOnlyDictionary<string, string?> values, TextEncoder encoder, (string Name, string Value)? content, TemplateOptions options)
    {
        var context = new TemplateContext(options, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            context.SetValue(key, string.IsNullOrEmpty(value) ? NilValue.Instance : StringValue.Create(value));
        }

        if (content is { } inner)
        {
            context.SetValue(inner.Name, StringValue.Create(inner.Value));
        }

        return await template.RenderAsync(context, encoder);
    }

    private static string ReadShipped(string name)
    {
        var resource = $"Sicantik.Perizinan.Notifications.Templates.{name}.liquid";
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing email template '{resource}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private IFluidTemplate Get(string name) => _templates.GetOrAdd(name, static n => Parse(ReadShipped(n), n));
}
