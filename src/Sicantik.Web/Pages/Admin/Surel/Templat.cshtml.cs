using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Notifications;
using Sicantik.Web.Api;
using Sicantik.Web.Hosting;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Admin.Surel;

/// <summary>
/// One email template: edit its subject, text part and HTML part, preview them on the built-in sample application (text,
/// and HTML in a sandboxed frame), save (refused with the parser's message, nothing saved) or reset to the built-in one.
/// </summary>
public sealed class TemplatModel(EmailTemplateStore store, IOptions<SicantikOptions> options) : PageModel
{
    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Html { get; set; }

    /// <summary>A real application to preview on (its id or registration number); empty for the built-in sample.</summary>
    [BindProperty]
    public string? Application { get; set; }

    public EmailTemplateView View { get; private set; } = null!;

    public RenderedEmail? Preview { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!EmailTemplates.IsKnown(key))
        {
            return NotFound();
        }

        View = await store.GetAsync(key, cancellationToken);
        (Subject, Text, Html) = (View.Source.Subject, View.Source.Text, View.Source.Html);
        Preview = await store.PreviewAsync(key, null, EmailTemplateEndpoints.SiteBase(options.Value), null, cancellationToken);
        return Page();
    }

    /// <summary>Shows what was typed, rendered on the sample, without saving it.</summary>
    public async Task<IActionResult> OnPostPratinjauAsync(string key, CancellationToken cancellationToken)
    {
        if (!EmailTemplates.IsKnown(key))
        {
            return NotFound();
        }

        View = await store.GetAsync(key, cancellationToken);
        try
        {
            Preview = await store.PreviewAsync(key, Typed(), EmailTemplateEndpoints.SiteBase(options.Value), Application, cancellationToken);
        }
        catch (PerizinanException ex) when (ex.Code is PerizinanError.EmailTemplateInvalid or PerizinanError.NotFound)
        {
            Refused(ex);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSimpanAsync(string key, CancellationToken cancellationToken)
    {
        if (!EmailTemplates.IsKnown(key))
        {
            return NotFound();
        }

        try
        {
            await store.SaveAsync(key, Typed(), User.UserId(), cancellationToken);
            TempData.Success(PageText.T("EmailTemplateSaved"));
            return LocalRedirect($"/Admin/Surel/Templat/{key}");
        }
        catch (PerizinanException ex) when (ex.Code is PerizinanError.EmailTemplateInvalid or PerizinanError.ConcurrencyConflict)
        {
            View = await store.GetAsync(key, cancellationToken);
            Refused(ex);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostResetAsync(string key, CancellationToken cancellationToken)
    {
        if (!EmailTemplates.IsKnown(key))
        {
            return NotFound();
        }

        await store.ResetAsync(key, User.UserId(), cancellationToken);
        TempData.Success(PageText.T("EmailTemplateReset"));
        return LocalRedirect($"/Admin/Surel/Templat/{key}");
    }

    private EmailTemplateSource Typed() => new(Subject ?? string.Empty, Text ?? string.Empty, Html ?? string.Empty);

    private void Refused(PerizinanException ex)
    {
        foreach (var issue in ex.Errors)
        {
            Errors.Add(issue.Key, issue.Message);
        }

        if (!Errors.Any)
        {
            ViewData[Flash.ErrorKey] = ex.Message;
        }
    }
}
