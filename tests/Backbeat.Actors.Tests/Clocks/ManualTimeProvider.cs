namespace Backbeat.Tests.Clocks;

/// <summary>
/// A wall clock the test sets by hand; it may also be moved backwards, as NTP sometimes does to a real one.
/// Only <see cref="GetUtcNow"/> is controlled: timers and timestamps are not needed by the code it drives.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _utcTicks;

    public ManualTimeProvider(DateTimeOffset now) => _utcTicks = now.UtcTicks;

    /// <summary>A clock reading <paramref name="unixMilliseconds"/>.</summary>
    public static ManualTimeProvider AtUnixMilliseconds(long unixMilliseconds) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void SetUnixMilliseconds(long unixMilliseconds) =>
        Interlocked.Exchange(ref _utcTicks, DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
