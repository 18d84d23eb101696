namespace Ordo.Api.Tests.Infrastructure;

/// <summary>For tests whose figures are per UTC day: they start far enough from midnight that the day cannot turn under them.</summary>
public static class UtcDays
{
    /// <summary>Waits for the next UTC day when fewer than <paramref name="needed"/> are left of this one.</summary>
    public static async Task AwayFromMidnightAsync(TimeSpan needed)
    {
        var now = DateTime.UtcNow;
        var left = now.Date.AddDays(1) - now;
        if (left < needed)
        {
            await Task.Delay(left + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }
}
