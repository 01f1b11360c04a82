using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Pages.Admin;

/// <summary>
/// The permit catalogue: every type, and one type's basics (name, description, legal basis, validity, active) with its
/// requirement list as JSON; the form fields are kept as they are. The domain validates everything.
/// </summary>
public sealed class JenisIzinModel(PermitTypeService permitTypes) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty(SupportsGet = true, Name = "kode")]
    public string? Code { get; set; }

    [BindProperty]
    public EditForm Input { get; set; } = new();

    public IReadOnlyList<PermitType> Types { get; private set; } = [];

    public PermitType? Editing { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Code is not null && Editing is null)
        {
            return NotFound();
        }

        if (Editing is { } type)
        {
            Input = new EditForm
            {
                Name = type.Name,
                Description = type.Description,
                LegalBasis = type.LegalBasis,
                ValidityMonths = type.ValidityMonths,
                IsActive = type.IsActive,
                Revision = type.Revision,
                RequirementsJson = JsonSerializer.Serialize(type.Requirements, Json),
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is not { } type)
        {
            return NotFound();
        }

        List<Requirement>? requirements = null;
        try
        {
            requirements = JsonSerializer.Deserialize<List<Requirement>>(Input.RequirementsJson ?? "[]", Json);
        }
        catch (JsonException ex)
        {
            Errors.Add("requirements", PageText.T("JsonInvalid", ex.Message));
        }

        if (requirements is null)
        {
            Errors.Add("requirements", PageText.T("JsonInvalid", "null"));
            return Page();
        }

        try
        {
            await permitTypes.UpdateAsync(
                type.Code,
                new PermitTypeInput
                {
                    Name = Input.Name ?? string.Empty,
                    Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim(),
                    LegalBasis = Input.LegalBasis ?? string.Empty,
                    ProcessKey = type.ProcessKey,
                    ValidityMonths = Input.ValidityMonths,
                    IsActive = Input.IsActive,
                    FormFields = type.FormFields,
                    Requirements = requirements,
                },
                Input.Revision,
                User.UserId(),
                cancellationToken);
            TempData.Success(PageText.T("PermitTypeSaved", type.Code));
            return LocalRedirect("/Admin/JenisIzin");
        }
        catch (PerizinanException ex)
        {
            foreach (var issue in ex.Errors)
            {
                Errors.Add(issue.Key, issue.Message);
            }

            ViewData[Flash.ErrorKey] = ex.Message;
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Types = await permitTypes.ListAllAsync(cancellationToken);
        Editing = Code is null ? null : Types.FirstOrDefault(t => string.Equals(t.Code, Code, StringComparison.OrdinalIgnoreCase));
    }

    public sealed class EditForm
    {
        public string? Name { get; set; }

        public string? Description { get; set; }

        public string? LegalBasis { get; set; }

        public int? ValidityMonths { get; set; }

        public bool IsActive { get; set; }

        public int? Revision { get; set; }

        public string? RequirementsJson { get; set; }
    }
}
