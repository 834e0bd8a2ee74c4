using Backbeat.Pulse;
using FsCheck;
using FsCheck.Xunit;

namespace Backbeat.Tests.Pulse;

public sealed class SilenceWatchdogTests
{
    // 100 BPM, three phases: a 200 ms phase, a 300 ms silence window.
    private static readonly TimeSpan Phase = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Window = SilenceWatchdog.WindowFor(Phase);
    private static readonly DateTimeOffset Due = new(2026, 11, 22, 23, 35, 44, TimeSpan.Zero);

    [Fact]
    public void The_silence_window_is_one_and_a_half_phases() =>
        Assert.Equal(TimeSpan.FromMilliseconds(300), Window);

    [Fact]
    public void A_fire_handled_on_time_degrades() =>
        Assert.True(new SilenceWatchdog().Judge(Due, Due + TimeSpan.FromMilliseconds(2), Window).ShouldDegrade);

    [Fact]
    public void A_fire_handled_just_under_half_a_phase_late_still_degrades() =>
        Assert.True(new SilenceWatchdog().Judge(Due, Due + Phase / 2 - TimeSpan.FromMilliseconds(1), Window).ShouldDegrade);

    [Fact]
    public void A_fire_handled_just_over_half_a_phase_late_waits() =>
        Assert.False(new SilenceWatchdog().Judge(Due, Due + Phase / 2 + TimeSpan.FromMilliseconds(1), Window).ShouldDegrade);

    [Fact]
    public void A_fire_handled_more_than_half_a_phase_late_gives_the_leader_one_more_window_from_then()
    {
        var handledAt = Due + TimeSpan.FromSeconds(1.4);

        var verdict = new SilenceWatchdog().Judge(Due, handledAt, Window);

        Assert.False(verdict.ShouldDegrade);
        Assert.Equal(handledAt + Window, verdict.RecheckAt);
        Assert.Equal(TimeSpan.FromSeconds(1.4), verdict.HandledLate);
    }

    [Fact]
    public void A_second_late_fire_in_the_same_silence_degrades()
    {
        var watchdog = new SilenceWatchdog();
        var first = watchdog.Judge(Due, Due + TimeSpan.FromSeconds(1), Window);

        var second = watchdog.Judge(first.RecheckAt!.Value, first.RecheckAt.Value + TimeSpan.FromSeconds(1), Window);

        Assert.True(second.ShouldDegrade);
    }

    [Fact]
    public void A_leader_frame_lets_the_next_silence_earn_an_extension_again()
    {
        var watchdog = new SilenceWatchdog();
        watchdog.Judge(Due, Due + TimeSpan.FromSeconds(1), Window);

        watchdog.FrameArrived();
        var later = Due + TimeSpan.FromSeconds(10);

        Assert.False(watchdog.Judge(later, later + TimeSpan.FromSeconds(1), Window).ShouldDegrade);
    }

    [Fact]
    public void A_window_of_zero_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SilenceWatchdog().Judge(Due, Due, TimeSpan.Zero));

    [Property]
    public bool However_late_the_fires_come_a_silence_degrades_by_the_second_one(PositiveInt windowMs, NonNegativeInt firstLateMs, NonNegativeInt secondLateMs)
    {
        var window = TimeSpan.FromMilliseconds(windowMs.Get);
        var watchdog = new SilenceWatchdog();

        var first = watchdog.Judge(Due, Due + TimeSpan.FromMilliseconds(firstLateMs.Get), window);
        var secondDue = first.RecheckAt ?? Due;
        var second = watchdog.Judge(secondDue, secondDue + TimeSpan.FromMilliseconds(secondLateMs.Get), window);

        return first.ShouldDegrade || second.ShouldDegrade;
    }

    [Property]
    public bool An_extension_never_waits_longer_than_one_window_past_the_fire(PositiveInt windowMs, NonNegativeInt lateMs)
    {
        var window = TimeSpan.FromMilliseconds(windowMs.Get);
        var handledAt = Due + TimeSpan.FromMilliseconds(lateMs.Get);

        var verdict = new SilenceWatchdog().Judge(Due, handledAt, window);

        return verdict.ShouldDegrade || verdict.RecheckAt == handledAt + window;
    }
}
