namespace Backbeat.Bench.Lateness;

/// <summary>
/// Keeps one core busy for the "loaded" runs: a background thread at normal priority that spins on arithmetic
/// until disposed. On a 2-core machine that leaves the drivers one core to share with everything else.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    private readonly Thread[] _threads;
    private volatile bool _stop;

    public CpuHog(int threads)
    {
        _threads = Enumerable.Range(0, threads).Select(i => new Thread(Spin) { IsBackground = true, Name = $"bench-cpu-hog-{i}" }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Iterations done, so the optimiser cannot remove the loop and the run can show the hog ran.</summary>
    public long Iterations { get; private set; }

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    private void Spin()
    {
        var x = 1.0001;
        long n = 0;
        while (!_stop)
        {
            for (var i = 0; i < 10_000; i++)
            {
                x = x * 1.0000001 % 7.0;
            }

            n += 10_000;
        }

        lock (_threads)
        {
            Iterations += n + (x > 100 ? 1 : 0);
        }
    }
}
