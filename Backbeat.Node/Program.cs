using Backbeat.Hosting;
using Backbeat.Node;
using Backbeat.Node.Hosting;
using Backbeat.Pulse;

return await NodeProgram.RunAsync(args, new PulseInstallation(
    (akka, options) => akka.WithBackbeat(options, hostsLeader: true),
    registry => (registry.Get<PulseLeader>(), registry.Get<BeatFollower>())));
