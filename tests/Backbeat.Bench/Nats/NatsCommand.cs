using System.CommandLine;
using Backbeat.Bench.Suite;

namespace Backbeat.Bench.Nats;

/// <summary>
/// `nats`: the NATS scenario alone. Its options choose how the fan-out's subscribers run, to measure the choices
/// side by side; the suite always uses <see cref="NatsFanoutSetup.Default"/>.
/// </summary>
internal static class NatsCommand
{
    public static Command Create()
    {
        var subscribers = new Option<SubscriberPlacement>("--subscribers")
        {
            Description = "Where the 500 fan-out subscriptions run: ChildProcess (a process of their own) or InProcess (beside the node)",
            DefaultValueFactory = _ => NatsFanoutSetup.Default.Placement,
        };
        var receive = new Option<NatsReceive>("--receive")
        {
            Description = "How each fan-out subscription reads a message: Ordinal (decoded by the client's deserializer), Pooled (pooled buffer, ordinal read in place) or Parse (byte[], full parse)",
            DefaultValueFactory = _ => NatsFanoutSetup.Default.Receive,
        };
        var command = new Command("nats", "Delivery to a NATS subscriber and fan-out to 500 NATS subscriptions (real nats-server)")
        {
            subscribers,
            receive,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var setup = new NatsFanoutSetup(parse.GetValue(subscribers), parse.GetValue(receive));
            await NatsScenario.RunAsync(new SuiteProfile(parse.GetValue(SuiteCommand.FullOption)), setup, Console.Out, cancellation);
            return 0;
        });
        return command;
    }
}
