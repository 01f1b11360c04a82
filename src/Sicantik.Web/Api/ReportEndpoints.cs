using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Sicantik.Perizinan.Reports.Sla;
using Sicantik.Perizinan.Survey;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>The office's reports for its heads (Kasi, Kabid, Kadis) and administrators: the IKM of the SKM and the SLA.</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Laporan").RequireAuthorization(SicantikPolicies.Supervisor);
        reports.MapGet("/ikm", IkmAsync);
        reports.MapGet("/ikm/csv", IkmCsvAsync);
        reports.MapGet("/sla", SlaAsync);
        reports.MapGet("/sla/csv", SlaCsvAsync);
        return api;
    }

    /// <summary>
    /// The IKM (PermenPANRB 14/2017) of the surveys filled from <c>from</c> to <c>to</c> (inclusive, <c>yyyy-MM-dd</c>,
    /// office days), optionally of one permit type (<c>jenisIzin</c>): each element's average, the index and its grade.
    /// </summary>
    private static async Task<IResult> IkmAsync(string? from, string? to, string? jenisIzin, IkmService ikm, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ikm.ComputeAsync(from, to, jenisIzin, cancellationToken));

    /// <summary>The same report as a CSV file (UTF-8 with BOM, semicolons, decimal commas: see <see cref="IkmService.ToCsv"/>).</summary>
    private static async Task<IResult> IkmCsvAsync(string? from, string? to, string? jenisIzin, IkmService ikm, CancellationToken cancellationToken)
    {
        var report = await ikm.ComputeAsync(from, to, jenisIzin, cancellationToken);
        return TypedResults.File(IkmService.ToCsvFile(report), "text/csv; charset=utf-8", FileName(report));
    }

    /// <summary>
    /// The service-standard (SLA) report of the tasks completed from <c>from</c> to <c>to</c> (inclusive, <c>yyyy-MM-dd</c>,
    /// office days), optionally of one permit type (<c>jenisIzin</c>): per step in SOP order, the count, the nearest-rank
    /// median and 90th percentile of the time from creation to completion in office-hours minutes, the share within
    /// baku mutu and the number escalated; per clerk, the count and share within baku mutu; and the tasks overdue now.
    /// </summary>
    private static async Task<Ok<SlaReport>> SlaAsync(string? from, string? to, string? jenisIzin, SlaService sla, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sla.ComputeAsync(from, to, jenisIzin, cancellationToken));

    /// <summary>The same report as a CSV file (UTF-8 with BOM, semicolons, decimal commas: see <see cref="SlaCsv"/>).</summary>
    private static async Task<FileContentHttpResult> SlaCsvAsync(string? from, string? to, string? jenisIzin, SlaService sla, CancellationToken cancellationToken)
    {
        var report = await sla.ComputeAsync(from, to, jenisIzin, cancellationToken);
        return TypedResults.File(sla.ToCsvFile(report), "text/csv; charset=utf-8", SlaService.FileName(report));
    }

    /// <summary>"ikm-2026-11-01-2026-11-30.csv", with the permit type when the report is for one.</summary>
    public static string FileName(IkmReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var days = $"{report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return report.PermitTypeCode is null ? $"ikm-{days}.csv" : $"ikm-{report.PermitTypeCode.ToLowerInvariant()}-{days}.csv";
    }
}
