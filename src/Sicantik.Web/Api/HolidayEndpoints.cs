using System.Globalization;
using System.Security.Claims;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Calendar;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>
/// The office's holidays for administrators: the days an office-hours baku mutu skips (national holidays, cuti bersama).
/// Dates are written <c>yyyy-MM-dd</c> and are dates in the office's time zone.
/// </summary>
public static class HolidayEndpoints
{
    public static RouteGroupBuilder MapHolidayApi(this RouteGroupBuilder api)
    {
        var holidays = api.MapGroup("/admin/holidays").WithTags("Hari libur").RequireAuthorization(SicantikPolicies.Admin);
        holidays.MapGet("/", ListAsync);
        holidays.MapPost("/", AddAsync);
        holidays.MapDelete("/{date}", RemoveAsync);
        return api;
    }

    /// <summary><c>year</c>: the year to list (default: this year in the office's time zone); in date order.</summary>
    private static async Task<IResult> ListAsync(HolidayService holidays, string? year, CancellationToken cancellationToken)
    {
        int which;
        if (string.IsNullOrWhiteSpace(year))
        {
            which = holidays.CurrentYear();
        }
        else if (!int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out which))
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "holiday-year-invalid", WebText.Get("HolidayYearInvalid", year));
        }

        var list = await holidays.ListAsync(which, cancellationToken);
        return TypedResults.Ok(list.Select(HolidayDto.From).ToList());
    }

    /// <summary>Adds a holiday; refused with <c>holiday-date-invalid</c>, <c>holiday-invalid</c> or <c>holiday-duplicate</c>.</summary>
    private static async Task<IResult> AddAsync(NewHolidayRequest request, HolidayService holidays, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryParseDate(request.Date, out var date))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["date"] = [DateError(request.Date)] };
            if (string.IsNullOrWhiteSpace(request.Name))
            {
                errors["name"] = [HolidayService.NameRequiredMessage];
            }

            throw new AccountException(StatusCodes.Status400BadRequest, "holiday-date-invalid", DateError(request.Date), errors);
        }

        var added = await holidays.AddAsync(date, request.Name, principal.UserId(), cancellationToken);
        return TypedResults.Created($"/api/admin/holidays/{added.Date:yyyy-MM-dd}", HolidayDto.From(added));
    }

    /// <summary>Removes the holiday on <c>date</c> (<c>yyyy-MM-dd</c>); <c>holiday-not-found</c> when it is not on the list.</summary>
    private static async Task<IResult> RemoveAsync(string date, HolidayService holidays, CancellationToken cancellationToken)
    {
        if (!TryParseDate(date, out var day))
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "holiday-date-invalid", DateError(date));
        }

        try
        {
            await holidays.RemoveAsync(day, cancellationToken);
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.NotFound)
        {
            throw new AccountException(StatusCodes.Status404NotFound, "holiday-not-found", ex.Message);
        }

        return TypedResults.NoContent();
    }

    /// <summary>Reads a date written <c>yyyy-MM-dd</c> (the form's date input and the API write it so).</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string DateError(string? text) => string.IsNullOrWhiteSpace(text)
        ? WebText.Get("HolidayDateRequired")
        : WebText.Get("HolidayDateInvalid", text.Trim());
}

/// <summary>A holiday to add: its date (<c>yyyy-MM-dd</c>) and what it is.</summary>
public sealed record NewHolidayRequest(string? Date, string? Name);

/// <summary>A holiday on the office's list.</summary>
public sealed record HolidayDto(string Date, string Name, string? CreatedBy, DateTimeOffset CreatedAt)
{
    public static HolidayDto From(Holiday holiday)
    {
        ArgumentNullException.ThrowIfNull(holiday);
        return new HolidayDto(holiday.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), holiday.Name, holiday.CreatedBy, holiday.CreatedAt);
    }
}
