using System.Collections.Specialized;
using Backbeat.Timing;
using Quartz;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// The loop on Quartz.NET: each frame is a one-shot SimpleTrigger that starts at the frame's timeline instant
/// (an in-memory scheduler, default settings otherwise); the job records the lateness and schedules the next
/// frame's trigger. This is what a service gets from a general-purpose job scheduler.
/// </summary>
internal sealed class QuartzDriver : ILatenessDriver
{
    private const string DriverKey = "bench-driver";

    private StandaloneSchedulerFactory? _factory;
    private IScheduler? _scheduler;
    private Timeline? _timeline;
    private LatenessRecorder? _recorder;

    public string Name => "quartz";

    public string Description => "Quartz.NET SimpleTrigger (one per frame)";

    public TimeSpan? WaitingThreadCpu => null;

    public string Notes => "RAMJobStore, default thread pool";

    public void Start(Timeline timeline, LatenessRecorder recorder)
    {
        _timeline = timeline;
        _recorder = recorder;
        _factory = QuartzSchedulerBuilder.Create(_ => { })
            .UseProperties(new NameValueCollection
            {
                ["quartz.scheduler.instanceName"] = "backbeat-bench-" + Guid.NewGuid().ToString("N"),
                ["quartz.threadPool.maxConcurrency"] = "2",
            })
            .Build();
        _scheduler = _factory.GetScheduler().AsTask().GetAwaiter().GetResult();
        _scheduler.Context.Add(DriverKey, this);
        _scheduler.Start().AsTask().GetAwaiter().GetResult();
        ScheduleFrame(0).AsTask().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: false);
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private ValueTask<DateTimeOffset> ScheduleFrame(long ordinal)
    {
        var job = JobBuilder.Create<FrameJob>()
            .WithIdentity($"frame-{ordinal}")
            .UsingJobData(FrameJob.OrdinalKey, ordinal)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"frame-{ordinal}")
            .StartAt(_timeline!.InstantOf(ordinal))
            .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        return _scheduler!.ScheduleJob(job, trigger);
    }

    private async ValueTask FireAsync(long ordinal)
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            if (_recorder!.Record(ordinal, _timeline!.InstantOf(ordinal), now))
            {
                await ScheduleFrame(ordinal + 1);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _recorder!.Fail(e);
        }
    }

    /// <summary>The frame job: looks its driver up in the scheduler context (Quartz builds jobs itself).</summary>
    [DisallowConcurrentExecution]
    internal sealed class FrameJob : IJob
    {
        public const string OrdinalKey = "ordinal";

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var driver = context.Scheduler.Context.Get<QuartzDriver>(DriverKey);
            return driver.FireAsync(context.MergedJobDataMap.GetLong(OrdinalKey));
        }
    }
}
