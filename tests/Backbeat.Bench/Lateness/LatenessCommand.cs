using System.CommandLine;
using System.Diagnostics;
using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// `lateness`: how late the emitter loop wakes for each frame, for Backbeat's precise timer, Akka's scheduler,
/// PeriodicTimer and Quartz.NET (plus, as a diagnostic, the precise timer firing into an actor). They run at once, each on its own timeline offset so
/// their wake-ups do not coincide, and the run reports p50/p99/max of each side by side; `--loaded` repeats it
/// with a thread spinning on another core.
/// </summary>
internal static class LatenessCommand
{
    public const int DefaultFrames = 1_050;

    public static Command Create()
    {
        var frames = new Option<int>("--frames")
        {
            Description = "Frames recorded per driver (after the warm-up)",
            DefaultValueFactory = _ => DefaultFrames,
        };
        frames.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"--frames must be at least 1, not {r.GetValueOrDefault<int>()}");
            }
        });

        var bpm = new Option<decimal>("--bpm")
        {
            Description = "Tempo in beats per minute",
            DefaultValueFactory = _ => 120m,
        };
        bpm.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<decimal>();
            if (!Tempo.IsRepresentable(value, out var reason))
            {
                r.AddError($"--bpm {value}: {reason}");
            }
        });

        var phases = new Option<int>("--phases")
        {
            Description = "Phases per beat (one frame per phase)",
            DefaultValueFactory = _ => 3,
        };
        phases.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"--phases must be at least 1, not {r.GetValueOrDefault<int>()}");
            }
        });

        var warmup = new Option<int>("--warmup")
        {
            Description = "Frames run first and not recorded (JIT, first timer set-up)",
            DefaultValueFactory = _ => 6,
        };
        warmup.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError($"--warmup cannot be negative, not {r.GetValueOrDefault<int>()}");
            }
        });

        var output = new Option<string>("--output")
        {
            Description = "Where to write the results as JSON",
            DefaultValueFactory = _ => Path.Combine("artifacts", "bench", "lateness.json"),
        };

        var loaded = new Option<bool>("--loaded")
        {
            Description = "Keep another core busy with a spinning thread during the run",
        };

        var command = new Command("lateness", "Lateness of the frame loop: Backbeat's PrecisionTimer vs Akka's scheduler vs PeriodicTimer vs Quartz.NET")
        {
            frames, bpm, phases, warmup, output, loaded,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                await RunAsync(
                    new LatenessSettings(
                        parse.GetValue(frames),
                        parse.GetValue(warmup),
                        parse.GetValue(bpm),
                        parse.GetValue(phases),
                        parse.GetValue(output)!,
                        parse.GetValue(loaded)),
                    cancellation);
                return 0;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine("lateness: cancelled");
                return 130;
            }
        });
        return command;
    }

    /// <summary>Runs the drivers side by side, prints the table, writes the JSON and returns the report.</summary>
    public static async Task<LatenessReport> RunAsync(LatenessSettings settings, CancellationToken cancellation)
    {
        ILatenessDriver[] drivers = [new PrecisionTimerDriver(), new AkkaSchedulerDriver(), new PeriodicTimerDriver(), new QuartzDriver(), new ActorHopDriver()];
        var frameInterval = Timeline.Start(DateTimeOffset.UnixEpoch, settings.TempoBpm, settings.PhasesPerBeat, LatenessSettings.BeatsPerBar).InstantOf(1)
            - DateTimeOffset.UnixEpoch;
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        var recorders = drivers.Select(_ => new LatenessRecorder(settings.WarmupFrames, settings.TotalFrames)).ToArray();

        Console.WriteLine(
            $"lateness: {settings.Frames:N0} frames per driver (+{settings.WarmupFrames} warm-up) at {settings.TempoBpm} BPM, " +
            $"{settings.PhasesPerBeat} phases ({frameInterval.TotalMilliseconds:0.###} ms apart); " +
            $"{drivers.Length} drivers side by side{(settings.Loaded ? ", one core kept busy by a spinning thread" : "")}, about {(frameInterval * settings.TotalFrames + TimeSpan.FromSeconds(2)).TotalSeconds:0} s");

        using var hog = settings.Loaded ? new CpuHog(1) : null;
        try
        {
            for (var i = 0; i < drivers.Length; i++)
            {
                var offset = frameInterval * i / drivers.Length;
                drivers[i].Start(
                    Timeline.Start(start + offset, settings.TempoBpm, settings.PhasesPerBeat, LatenessSettings.BeatsPerBar),
                    recorders[i]);
            }

            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(recorders.Select(r => r.Completed)).WaitAsync(cancellation);
            wall.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;

            var report = LatenessReport.From(settings, frameInterval, start, drivers, recorders, cpu, wall.Elapsed);
            report.Print(Console.Out);
            await report.WriteJsonAsync(settings.OutputPath, cancellation);
            Console.WriteLine($"results written to {settings.OutputPath}");
            return report;
        }
        finally
        {
            foreach (var driver in drivers)
            {
                await driver.DisposeAsync();
            }
        }
    }
}
