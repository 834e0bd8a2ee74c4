using System.Collections.Concurrent;
using Backbeat.Clocks;

namespace Backbeat.Tests.Clocks;

/// <summary>
/// Functional behaviour of the precise timer. Timing here is deliberately generous (the machine is shared);
/// how precise the timer is gets measured by the bench program, not asserted here.
/// </summary>
public sealed class PrecisionTimerTests : IDisposable
{
    private static readonly TimeSpan FireTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private readonly BlockingCollection<Fire> _fires = new();
    private readonly PrecisionTimer _timer;

    public PrecisionTimerTests()
    {
        _timer = new PrecisionTimer("precision-timer-test", Record);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _fires.Dispose();
    }

    [Fact]
    public void Fires_once_with_the_token_and_instant_it_was_scheduled_with()
    {
        var due = InMilliseconds(50);

        _timer.Schedule(due, 7);

        var fire = NextFire();
        Assert.Equal(7, fire.Token);
        Assert.Equal(due, fire.Due);
        AssertNoFire();
    }

    [Fact]
    public void Fires_no_earlier_than_the_instant()
    {
        var due = InMilliseconds(50);

        _timer.Schedule(due, 1);

        Assert.True(NextFire().FiredAt >= due);
    }

    [Fact]
    public void Fires_once_per_schedule()
    {
        _timer.Schedule(InMilliseconds(20), 1);
        Assert.Equal(1, NextFire().Token);

        _timer.Schedule(InMilliseconds(20), 2);
        Assert.Equal(2, NextFire().Token);

        AssertNoFire();
    }

    [Fact]
    public void An_earlier_schedule_replaces_a_later_one_while_waiting()
    {
        _timer.Schedule(InMilliseconds(300), 1);
        Thread.Sleep(20);

        _timer.Schedule(InMilliseconds(50), 2);

        Assert.Equal(2, NextFire().Token);
        Thread.Sleep(Quiet);
        AssertNoFire();
    }

    [Fact]
    public void A_later_schedule_replaces_an_earlier_one_while_waiting()
    {
        _timer.Schedule(InMilliseconds(100), 1);
        var later = InMilliseconds(300);

        _timer.Schedule(later, 2);

        var fire = NextFire();
        Assert.Equal(2, fire.Token);
        Assert.True(fire.FiredAt >= later);
        AssertNoFire();
    }

    [Fact]
    public void Cancel_prevents_the_fire()
    {
        _timer.Schedule(InMilliseconds(100), 1);

        _timer.Cancel();

        Thread.Sleep(Quiet);
        AssertNoFire();
    }

    [Fact]
    public void A_schedule_after_a_cancel_fires()
    {
        _timer.Schedule(InMilliseconds(100), 1);
        _timer.Cancel();

        _timer.Schedule(InMilliseconds(50), 2);

        Assert.Equal(2, NextFire().Token);
        AssertNoFire();
    }

    [Fact]
    public void A_due_instant_in_the_past_fires_at_once()
    {
        var due = DateTimeOffset.UtcNow.AddSeconds(-10);

        _timer.Schedule(due, 3);

        var fire = NextFire();
        Assert.Equal(3, fire.Token);
        Assert.True(fire.FiredAt - due < TimeSpan.FromSeconds(10) + FireTimeout);
    }

    [Fact]
    public void A_callback_that_throws_does_not_stop_later_fires()
    {
        var calls = new BlockingCollection<long>();
        using var timer = new PrecisionTimer("throwing-callback", (token, _, _) =>
        {
            calls.Add(token);
            if (token == 1)
            {
                throw new InvalidOperationException("callback failure the timer must survive");
            }
        });

        timer.Schedule(InMilliseconds(20), 1);
        Assert.True(calls.TryTake(out var first, FireTimeout));
        timer.Schedule(InMilliseconds(20), 2);

        Assert.True(calls.TryTake(out var second, FireTimeout));
        Assert.Equal((1, 2), (first, second));
    }

    [Fact]
    public void The_callback_runs_on_the_timers_own_background_thread()
    {
        var threads = new BlockingCollection<(string? Name, bool IsBackground)>();
        using var timer = new PrecisionTimer("beat-emitter", (_, _, _) =>
            threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsBackground)));

        timer.Schedule(InMilliseconds(20), 1);

        Assert.True(threads.TryTake(out var thread, FireTimeout));
        Assert.Equal(("beat-emitter", true), thread);
    }

    [Fact]
    public void Dispose_disarms_the_timer()
    {
        _timer.Schedule(InMilliseconds(100), 1);

        _timer.Dispose();

        Thread.Sleep(Quiet);
        AssertNoFire();
    }

    [Fact]
    public void Scheduling_after_dispose_is_refused()
    {
        _timer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _timer.Schedule(InMilliseconds(10), 1));
    }

    [Fact]
    public void A_callback_may_reschedule_its_own_timer()
    {
        var tokens = new BlockingCollection<long>();
        PrecisionTimer? timer = null;
        timer = new PrecisionTimer("self-rescheduling", (token, _, _) =>
        {
            tokens.Add(token);
            if (token < 3)
            {
                timer!.Schedule(DateTimeOffset.UtcNow.AddMilliseconds(10), token + 1);
            }
        });
        using var _ = timer;

        timer.Schedule(InMilliseconds(10), 1);

        var seen = new List<long>();
        while (seen.Count < 3 && tokens.TryTake(out var token, FireTimeout))
        {
            seen.Add(token);
        }

        Assert.Equal([1L, 2L, 3L], seen);
    }

    private static DateTimeOffset InMilliseconds(int milliseconds) => DateTimeOffset.UtcNow.AddMilliseconds(milliseconds);

    private void Record(long token, DateTimeOffset due, DateTimeOffset firedAt) => _fires.Add(new Fire(token, due, firedAt));

    private Fire NextFire()
    {
        Assert.True(_fires.TryTake(out var fire, FireTimeout), $"the timer did not fire within {FireTimeout}");
        return fire;
    }

    private void AssertNoFire()
    {
        Assert.False(_fires.TryTake(out var fire, Quiet), $"unexpected fire: {fire}");
    }

    private sealed record Fire(long Token, DateTimeOffset Due, DateTimeOffset FiredAt);
}
