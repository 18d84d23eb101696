using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Audit;

public sealed class RefusalThrottleTests
{
    private readonly AdjustableClock _clock = new();

    private RefusalThrottle Throttle(TimeSpan window) => new(Options.Create(new AuditOptions { RefusalWindow = window }), _clock);

    [Fact]
    public void Identical_denials_in_the_window_are_counted_and_the_next_one_recorded_carries_the_count()
    {
        var throttle = Throttle(TimeSpan.FromMinutes(1));

        Assert.True(throttle.ShouldRecord("denied:a", out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 7; i++)
        {
            Assert.False(throttle.ShouldRecord("denied:a", out _));
        }

        Assert.True(throttle.ShouldRecord("denied:b", out var otherKind));
        Assert.Equal(0, otherKind);

        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(throttle.ShouldRecord("denied:a", out var repeats));
        Assert.Equal(7, repeats);
        Assert.False(throttle.ShouldRecord("denied:a", out _));
    }

    [Fact]
    public void A_zero_window_records_every_denial()
    {
        var throttle = Throttle(TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(throttle.ShouldRecord("denied:a", out _)));
    }

    [Fact]
    public void Past_the_tracking_limit_denials_are_recorded_rather_than_tracked_without_bound()
    {
        var throttle = Throttle(TimeSpan.FromMinutes(1));
        for (var i = 0; i < RefusalThrottle.MaxTracked; i++)
        {
            Assert.True(throttle.ShouldRecord($"denied:{i}", out _));
        }

        Assert.True(throttle.ShouldRecord("denied:new", out _));
        Assert.True(throttle.ShouldRecord("denied:new", out _));

        // Once the windows have run out, the stale ones make room again.
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(throttle.ShouldRecord("denied:newer", out _));
        Assert.False(throttle.ShouldRecord("denied:newer", out _));
    }
}
