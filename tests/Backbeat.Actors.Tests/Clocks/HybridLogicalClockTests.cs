using System.Collections.Concurrent;
using Backbeat.Clocks;

namespace Backbeat.Tests.Clocks;

/// <summary>
/// SPEC §5, after Kulkarni et al. 2014: the send and receive rules, a physical clock that steps back,
/// and the max-offset guard. Physical time is a <see cref="ManualTimeProvider"/>, in Unix milliseconds.
/// </summary>
public sealed class HybridLogicalClockTests
{
    private const long T = 1_764_000_000_000; // an ordinary Unix-millisecond instant
    private const string NodeId = "pulse-a1b2c3";

    private readonly ManualTimeProvider _physical = ManualTimeProvider.AtUnixMilliseconds(T);

    [Fact]
    public void The_first_event_takes_physical_time_with_counter_zero()
    {
        var clock = new HybridLogicalClock(NodeId, _physical);

        Assert.Equal(new HlcTimestamp(T, 0, "b2c3"), clock.Now());
    }

    [Fact]
    public void A_send_when_physical_time_has_moved_on_takes_it_and_resets_the_counter()
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T + 5);

        Assert.Equal(new HlcTimestamp(T + 5, 0, "b2c3"), clock.Now());
    }

    [Fact]
    public void A_send_within_the_same_millisecond_increments_the_counter()
    {
        var clock = AClockReading(T, 3);

        Assert.Equal(new HlcTimestamp(T, 4, "b2c3"), clock.Now());
    }

    [Fact]
    public void A_send_after_physical_time_went_backwards_keeps_l_and_increments_the_counter()
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T - 1_000);

        var first = clock.Now();
        var second = clock.Now();

        Assert.Equal(new HlcTimestamp(T, 4, "b2c3"), first);
        Assert.Equal(new HlcTimestamp(T, 5, "b2c3"), second);
    }

    [Fact]
    public void After_a_backward_step_the_clock_follows_physical_time_again_once_it_passes_l()
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T - 1_000);
        clock.Now();
        _physical.SetUnixMilliseconds(T + 1);

        Assert.Equal(new HlcTimestamp(T + 1, 0, "b2c3"), clock.Now());
    }

    [Theory]
    [InlineData(7, 8)] // remote counter ahead: max(3, 7) + 1
    [InlineData(1, 4)] // local counter ahead: max(3, 1) + 1
    public void A_receive_where_local_and_remote_l_are_equal_and_lead_takes_the_larger_counter_plus_one(int remoteC, int expectedC)
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T - 10);

        Assert.True(clock.TryReceive(new HlcTimestamp(T, remoteC, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T, expectedC, "b2c3"), updated);
    }

    [Fact]
    public void A_receive_where_local_remote_and_physical_time_are_all_equal_takes_the_larger_counter_plus_one()
    {
        var clock = AClockReading(T, 3);

        Assert.True(clock.TryReceive(new HlcTimestamp(T, 7, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T, 8, "b2c3"), updated);
    }

    [Fact]
    public void A_receive_where_only_local_l_leads_increments_the_local_counter()
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T - 10);

        Assert.True(clock.TryReceive(new HlcTimestamp(T - 5, 9, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T, 4, "b2c3"), updated);
    }

    [Fact]
    public void A_receive_where_only_remote_l_leads_takes_it_with_the_remote_counter_plus_one()
    {
        var clock = AClockReading(T, 3);

        Assert.True(clock.TryReceive(new HlcTimestamp(T + 200, 5, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T + 200, 6, "b2c3"), updated);
    }

    [Fact]
    public void A_receive_where_physical_time_leads_takes_it_with_counter_zero()
    {
        var clock = AClockReading(T, 3);
        _physical.SetUnixMilliseconds(T + 100);

        Assert.True(clock.TryReceive(new HlcTimestamp(T + 50, 9, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T + 100, 0, "b2c3"), updated);
    }

    [Fact]
    public void After_a_receive_the_clock_reads_what_the_receive_returned_and_sends_after_it()
    {
        var clock = AClockReading(T, 3);
        clock.TryReceive(new HlcTimestamp(T + 200, 5, "ffff"), out var updated);

        Assert.Equal(updated, clock.Current);
        Assert.Equal(new HlcTimestamp(T + 200, 7, "b2c3"), clock.Now());
    }

    [Fact]
    public void A_timestamp_more_than_the_max_offset_ahead_is_rejected_counted_and_changes_nothing()
    {
        var clock = AClockReading(T, 3);
        var before = clock.Current;

        var accepted = clock.TryReceive(new HlcTimestamp(T + 501, 0, "ffff"), out var updated);

        Assert.False(accepted);
        Assert.Equal(before, updated);
        Assert.Equal(before, clock.Current);
        Assert.Equal(1, clock.RejectedCount);
    }

    [Fact]
    public void A_timestamp_exactly_the_max_offset_ahead_is_accepted()
    {
        var clock = AClockReading(T, 3);

        Assert.True(clock.TryReceive(new HlcTimestamp(T + 500, 0, "ffff"), out var updated));
        Assert.Equal(new HlcTimestamp(T + 500, 1, "b2c3"), updated);
        Assert.Equal(0, clock.RejectedCount);
    }

    [Fact]
    public void The_max_offset_is_measured_from_physical_time_not_from_the_clock()
    {
        var clock = AClockReading(T, 3);
        clock.TryReceive(new HlcTimestamp(T + 400, 0, "ffff"), out _);

        Assert.False(clock.TryReceive(new HlcTimestamp(T + 501, 0, "ffff"), out _));
    }

    [Fact]
    public void Every_rejection_is_counted()
    {
        var clock = AClockReading(T, 0);

        for (var i = 1; i <= 3; i++)
        {
            clock.TryReceive(new HlcTimestamp(T + 10_000 * i, 0, "ffff"), out _);
        }

        Assert.Equal(3, clock.RejectedCount);
    }

    [Fact]
    public void The_max_offset_defaults_to_500_ms_and_can_be_set()
    {
        var clock = new HybridLogicalClock(NodeId, _physical, maxOffset: TimeSpan.FromMilliseconds(50));
        clock.Now();

        Assert.Equal(TimeSpan.FromMilliseconds(500), new HybridLogicalClock(NodeId, _physical).MaxOffset);
        Assert.True(clock.TryReceive(new HlcTimestamp(T + 50, 0, "ffff"), out _));
        Assert.False(clock.TryReceive(new HlcTimestamp(T + 51, 0, "ffff"), out _));
    }

    [Fact]
    public void Drift_is_how_far_the_clock_runs_ahead_of_physical_time()
    {
        var clock = AClockReading(T, 0);
        Assert.Equal(0.0, clock.DriftSeconds());

        clock.TryReceive(new HlcTimestamp(T + 400, 0, "ffff"), out _);

        Assert.Equal(0.4, clock.DriftSeconds(), precision: 9);
    }

    [Fact]
    public void A_received_counter_at_its_largest_value_moves_l_on_instead_of_wrapping()
    {
        var clock = AClockReading(T, 3);
        var remote = new HlcTimestamp(T, int.MaxValue, "ffff");

        Assert.True(clock.TryReceive(remote, out var updated));
        Assert.True(updated > remote, $"{updated} does not follow {remote}");
        Assert.True(clock.Now() > updated);
    }

    [Fact]
    public void A_send_with_the_counter_at_its_largest_value_moves_l_on_instead_of_wrapping()
    {
        var clock = AClockReading(T, 3);
        clock.TryReceive(new HlcTimestamp(T, int.MaxValue - 1, "ffff"), out var largest);

        var next = clock.Now();

        Assert.Equal(new HlcTimestamp(T, int.MaxValue, "b2c3"), largest);
        Assert.True(next > largest, $"{next} does not follow {largest}");
    }

    [Theory]
    [InlineData("pulse-a1b2c3", "b2c3")]
    [InlineData("abcd", "abcd")]
    [InlineData("ab", "ab")]
    public void Timestamps_carry_the_last_four_characters_of_the_node_id(string nodeId, string suffix)
    {
        var clock = new HybridLogicalClock(nodeId, _physical);

        Assert.Equal(suffix, clock.NodeSuffix);
        Assert.Equal(suffix, clock.Now().Node);
    }

    [Fact]
    public void An_empty_node_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new HybridLogicalClock("", _physical));
    }

    [Fact]
    public async Task Concurrent_sends_give_every_caller_unique_strictly_increasing_timestamps()
    {
        const int threads = 4;
        const int perThread = 20_000;
        var clock = new HybridLogicalClock(NodeId, TimeProvider.System);
        var seen = new ConcurrentDictionary<(long, int), bool>();
        using var start = new Barrier(threads);

        var sequences = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var mine = new HlcTimestamp[perThread];
            for (var i = 0; i < perThread; i++)
            {
                mine[i] = clock.Now();
            }

            return mine;
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(sequences);

        foreach (var sequence in results)
        {
            for (var i = 0; i < sequence.Length; i++)
            {
                Assert.True(seen.TryAdd((sequence[i].L, sequence[i].C), true), $"{sequence[i]} was issued twice");
            }

            for (var i = 1; i < sequence.Length; i++)
            {
                Assert.True(sequence[i] > sequence[i - 1], $"{sequence[i]} does not follow {sequence[i - 1]}");
            }
        }

        Assert.Equal(threads * perThread, seen.Count);
    }

    [Fact]
    public async Task Concurrent_sends_and_receives_on_a_stopped_physical_clock_never_issue_a_timestamp_twice()
    {
        const int threads = 4;
        const int perThread = 5_000;
        var clock = new HybridLogicalClock(NodeId, _physical);
        using var start = new Barrier(threads);

        var sequences = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var mine = new HlcTimestamp[perThread];
            for (var i = 0; i < perThread; i++)
            {
                if (t % 2 == 0 || !clock.TryReceive(new HlcTimestamp(T, i, "ffff"), out mine[i]))
                {
                    mine[i] = clock.Now();
                }
            }

            return mine;
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(sequences);

        var all = results.SelectMany(s => s).ToList();
        Assert.Equal(all.Count, all.Select(x => (x.L, x.C)).Distinct().Count());
        Assert.All(results, s => Assert.Equal(s.Order(), s));
    }

    /// <summary>A clock whose last event read (<paramref name="l"/>, <paramref name="c"/>), with physical time at <paramref name="l"/>.</summary>
    private HybridLogicalClock AClockReading(long l, int c)
    {
        _physical.SetUnixMilliseconds(l);
        var clock = new HybridLogicalClock(NodeId, _physical);
        for (var i = 0; i <= c; i++)
        {
            clock.Now();
        }

        Assert.Equal(new HlcTimestamp(l, c, "b2c3"), clock.Current);
        return clock;
    }
}
