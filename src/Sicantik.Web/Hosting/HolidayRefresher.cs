using Sicantik.Perizinan.Calendar;

namespace Sicantik.Web.Hosting;

/// <summary>
/// Keeps the office-hours calendar's holidays in step with the database: loads them before the app serves (and before
/// the Hangfire server fires a timer, being registered first), then reloads them every
/// <see cref="SicantikOptions.HolidayRefreshInterval"/>, so that a change an administrator made on another node reaches
/// this one. A change made on this node applies at once (<see cref="HolidayService"/>).
/// </summary>
public sealed partial class HolidayRefresher(DatabaseHolidays holidays, TimeProvider time, Microsoft.Extensions.Options.IOptions<SicantikOptions> options, ILogger<HolidayRefresher> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await holidays.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HolidayRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await holidays.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The last list stays in force; the next tick tries again.
                LogRefreshFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the holiday list failed; the previous list stays in force")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
