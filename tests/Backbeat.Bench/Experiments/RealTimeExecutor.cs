using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Akka.Configuration;
using Akka.Dispatch;

namespace Backbeat.Bench.Experiments;

public sealed class RealTimeExecutorConfigurator : ExecutorServiceConfigurator
{
    public RealTimeExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites) { }

    public override ExecutorService Produce(string id) => new RealTimeExecutor(id);
}

public sealed class RealTimeExecutor : ExecutorService
{
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private volatile bool _stop;

    public RealTimeExecutor(string id) : base(id)
    {
        new Thread(Run) { IsBackground = true, Name = "rt-dispatch" }.Start();
    }

    public override void Execute(IRunnable run)
    {
        _queue.Enqueue(run);
        _signal.Release();
    }

    public override void Shutdown() { _stop = true; _signal.Release(); }

    private void Run()
    {
        var p = 9;
        var ok = sched_setscheduler(0, 1, ref p);
        Console.Error.WriteLine($"rt-dispatch sched_setscheduler -> {ok}");
        while (!_stop)
        {
            _signal.Wait();
            while (_queue.TryDequeue(out var r)) { try { r.Run(); } catch (Exception e) { Console.Error.WriteLine(e); } }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref int param);
}
