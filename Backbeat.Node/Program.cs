using Backbeat.Consumers;
using Backbeat.Hosting;
using Backbeat.Node;
using Backbeat.Node.Cli;
using Backbeat.Node.Hosting;
using Backbeat.Pulse;

// `Backbeat.Node members` and the other verbs talk to a running node; anything else runs one.
if (BackbeatCli.Handles(args))
{
    return await BackbeatCli.RunAsync(args, Console.Out, Console.Error);
}

return await NodeProgram.RunAsync(args, new PulseInstallation(
    (akka, options) => akka
        .WithBackbeat(options, hostsLeader: true)
        .WithBeatWindows(options, hostsAggregator: true),
    registry => (registry.Get<PulseLeader>(), registry.Get<BeatFollower>())));
