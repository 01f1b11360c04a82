using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Web.Api;
using Sicantik.Workflows;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Pages.Admin.Surel;

/// <summary>
/// The outbox for administrators: every message, newest first, with its state, attempts, last error, recipient, subject
/// and topic; failed ones alone on request; a failed one sent again (as <c>POST /api/admin/outbox/{id}/resend</c>).
/// </summary>
public sealed class KotakKeluarModel(SicantikDbContext db, OutboxService outbox) : PageModel
{
    public const int PageSize = 25;

    /// <summary><c>failed</c>, <c>pending</c>, <c>delivered</c>; empty for all.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "halaman")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<OutboxMessageDto> Messages { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (Filter(State) is { } state)
        {
            query = query.Where(m => m.State == state);
            State = state.ToString().ToLowerInvariant();
        }
        else
        {
            State = null;
        }

        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);
        Messages = rows.Select(OutboxMessageDto.From).ToList();
    }

    public async Task<IActionResult> OnPostKirimUlangAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.ResendAsync(id, cancellationToken);
            TempData.Success(PageText.T("OutboxResent"));
        }
        catch (WorkflowException ex)
        {
            TempData.Error(ex.Message);
        }

        return LocalRedirect($"/Admin/Surel/KotakKeluar{(State is null ? string.Empty : "?status=" + Uri.EscapeDataString(State))}");
    }

    public static OutboxState? Filter(string? state) => state?.Trim().ToLowerInvariant() switch
    {
        "failed" or "gagal" => OutboxState.Failed,
        "pending" or "menunggu" => OutboxState.Pending,
        "delivered" or "terkirim" => OutboxState.Delivered,
        _ => null,
    };

    public static string StateText(OutboxState state) => PageText.T("OutboxState_" + state);

    public static string StateCss(OutboxState state) => state switch
    {
        OutboxState.Delivered => "text-bg-success",
        OutboxState.Failed => "text-bg-danger",
        _ => "text-bg-warning",
    };
}
