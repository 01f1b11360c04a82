using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.Tests.Runtime;

/// <summary>How long a command that lost a race waits before it runs again.</summary>
public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(20);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void TheFirstRetry_RunsAtOnce(double draw) =>
        Assert.Equal(TimeSpan.Zero, InstanceCommands.RetryDelay(Backoff, 1, draw));

    [Theory]
    [InlineData(2, 10, 20)]
    [InlineData(3, 20, 40)]
    [InlineData(5, 80, 160)]
    public void LaterRetries_WaitBetweenHalfAndAllOfADoublingCeiling(int retry, int fromMs, int toMs)
    {
        var waits = new[] { 0.0, 0.25, 0.5, 0.999 }.Select(draw => InstanceCommands.RetryDelay(Backoff, retry, draw)).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(fromMs), waits[0]);
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(fromMs), TimeSpan.FromMilliseconds(toMs)));
        Assert.Equal(waits.Count, waits.Distinct().Count());
    }

    [Fact]
    public void NoBackoff_MeansNoWait() =>
        Assert.Equal(TimeSpan.Zero, InstanceCommands.RetryDelay(TimeSpan.Zero, 4, 0.7));
}
