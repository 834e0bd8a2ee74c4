using System.CommandLine;
using Backbeat.Bench.Nodes;

namespace Backbeat.Bench.Cost;

/// <summary>
/// Hidden verb `cost-node`: the process the cost scenario measures. It hosts a one-node cluster at the given
/// tempo with nothing else to do, prints "ready" once the leader emits, and exits when its standard input closes.
/// </summary>
internal static class CostNodeCommand
{
    public const string Verb = "cost-node";
    public const string ReadyLine = "ready";

    /// <summary>"gc gen0 gen1 gen2 allocated-bytes".</summary>
    public static string GcLine() =>
        $"gc {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {GC.GetTotalAllocatedBytes()}";

    public static Command Create()
    {
        var bpm = new Option<decimal>("--bpm") { DefaultValueFactory = _ => 120m };
        var command = new Command(Verb, "A one-node cluster for the cost scenario to measure (internal)") { bpm };
        command.Hidden = true;
        command.SetAction(async (parse, cancellation) =>
        {
            await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = parse.GetValue(bpm) });
            await node.WaitUpAsync(TimeSpan.FromSeconds(30));
            await node.LeaderTimelineAsync(TimeSpan.FromSeconds(30));
            Console.WriteLine(ReadyLine);
            Console.Out.Flush();

            // Each line the parent sends is answered with the garbage collector's counters so far.
            await Task.Run(
                () =>
                {
                    while (Console.In.ReadLine() is not null)
                    {
                        Console.WriteLine(GcLine());
                        Console.Out.Flush();
                    }
                },
                cancellation);
            return 0;
        });
        return command;
    }
}
