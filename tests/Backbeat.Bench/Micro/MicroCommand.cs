using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Backbeat.Bench.Micro;

/// <summary>
/// `micro`: BenchmarkDotNet over the per-frame paths (<see cref="FramePathBenchmarks"/>). Runs in process (no
/// separate build of a benchmark project) with BenchmarkDotNet's short-run job unless `--full`; results and the
/// markdown table go to artifacts/bench/micro.
/// </summary>
internal static class MicroCommand
{
    public static Command Create()
    {
        var command = new Command("micro", "BenchmarkDotNet micro benchmarks of the per-frame paths (not part of the suite)");
        command.SetAction(parse =>
        {
            var full = parse.GetValue(Suite.SuiteCommand.FullOption);
            var job = (full ? Job.Default : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
            var config = ManualConfig.CreateEmpty()
                .AddJob(job)
                .AddLogger(ConsoleLogger.Default)
                .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
                .AddExporter(MarkdownExporter.GitHub, JsonExporter.Brief)
                .WithArtifactsPath(Path.Combine(Suite.SuiteCommand.ArtifactsDirectory, "micro"))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            var summary = BenchmarkRunner.Run<FramePathBenchmarks>(config);
            return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
        });
        return command;
    }
}
