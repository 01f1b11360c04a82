using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Calendar;
using Sicantik.Web.Api;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Admin;

/// <summary>
/// The office's holidays (national holidays, cuti bersama) for one year: an office-hours baku mutu counts no time on them.
/// The administrator adds a date with its description and removes one; the domain refuses a duplicate or an empty description.
/// </summary>
public sealed class HariLiburModel(HolidayService holidays) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tahun")]
    public int? Year { get; set; }

    [BindProperty]
    public AddForm Input { get; set; } = new();

    public int ShownYear { get; private set; }

    public IReadOnlyList<Holiday> Holidays { get; private set; } = [];

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!HolidayEndpoints.TryParseDate(Input.Date, out var date))
        {
            Errors.Add("date", HolidayEndpoints.DateError(Input.Date));
            if (string.IsNullOrWhiteSpace(Input.Name))
            {
                Errors.Add("name", HolidayService.NameRequiredMessage);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            var added = await holidays.AddAsync(date, Input.Name, User.UserId(), cancellationToken);
            TempData.Success(PageText.T("HolidayAdded", HolidayService.Format(added.Date), added.Name));
            return LocalRedirect($"/Admin/HariLibur?tahun={added.Date.Year}");
        }
        catch (PerizinanException ex)
        {
            if (ex.Errors.Count == 0)
            {
                Errors.Add("date", ex.Message);
            }

            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }
        }

        Year ??= date.Year is >= HolidayService.MinYear and <= HolidayService.MaxYear ? date.Year : null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostHapusAsync(string date, CancellationToken cancellationToken)
    {
        if (!HolidayEndpoints.TryParseDate(date, out var day))
        {
            TempData.Error(HolidayEndpoints.DateError(date));
            return LocalRedirect("/Admin/HariLibur");
        }

        try
        {
            await holidays.RemoveAsync(day, cancellationToken);
            TempData.Success(PageText.T("HolidayRemoved", HolidayService.Format(day)));
        }
        catch (PerizinanException ex)
        {
            TempData.Error(ex.Message);
        }

        return LocalRedirect($"/Admin/HariLibur?tahun={day.Year}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        ShownYear = Year is { } y and >= HolidayService.MinYear and <= HolidayService.MaxYear ? y : holidays.CurrentYear();
        Holidays = await holidays.ListAsync(ShownYear, cancellationToken);
    }

    public sealed class AddForm
    {
        /// <summary>yyyy-MM-dd, as the date input sends it.</summary>
        public string? Date { get; set; }

        public string? Name { get; set; }
    }
}
