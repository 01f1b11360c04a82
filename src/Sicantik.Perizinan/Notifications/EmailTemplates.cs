using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace Sicantik.Perizinan.Notifications;

/// <summary>A rendered message: the subject line and its two parts.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// The applicant's email templates: Liquid (Fluid), in Bahasa Indonesia, shipped in this assembly as
/// <c>Notifications/Templates/{name}.subjek.liquid</c>, <c>.teks.liquid</c> and <c>.html.liquid</c>, each part wrapped
/// in its layout (<c>_tata-letak.*</c>). Values are strings; the HTML part encodes them, the text part does not.
/// </summary>
public sealed class EmailTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithStrictFilters(true).Build();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);

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

    /// <summary>Renders the subject, the text part and the HTML part of template <paramref name="name"/>.</summary>
    /// <param name="name">The template's name (<see cref="NameOf"/>).</param>
    /// <param name="values">The values the template reads; a missing or empty one is false in an <c>if</c>.</param>
    public async Task<RenderedEmail> RenderAsync(string name, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var subject = await RenderPartAsync(Get(name + ".subjek"), values, NullEncoder.Default, null);
        subject = string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var text = await RenderPartAsync(Get(name + ".teks"), values, NullEncoder.Default, null);
        text = await RenderPartAsync(Get("_tata-letak.teks"), values, NullEncoder.Default, ("isi", text.TrimEnd()));
        var html = await RenderPartAsync(Get(name + ".html"), values, HtmlEncoder.Default, null);
        html = await RenderPartAsync(Get("_tata-letak.html"), new Dictionary<string, string?>(values, StringComparer.Ordinal) { ["subjek"] = subject }, HtmlEncoder.Default, ("isi", html));
        return new RenderedEmail(subject, text.TrimEnd() + "\n", html);
    }

    private static async Task<string> RenderPartAsync(IFluidTemplate template, IReadOnlyDictionary<string, string?> values, TextEncoder encoder, (string Name, string Value)? content)
    {
        var context = new TemplateContext(Options, StringComparer.Ordinal);
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

    private IFluidTemplate Get(string name) => _templates.GetOrAdd(name, static n =>
    {
        var resource = $"Sicantik.Perizinan.Notifications.Templates.{n}.liquid";
        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing email template '{resource}'.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template '{n}' does not parse: {error}");
    });
}
