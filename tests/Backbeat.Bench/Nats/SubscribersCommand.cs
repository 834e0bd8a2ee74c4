using System.CommandLine;
using System.Globalization;

namespace Backbeat.Bench.Nats;

/// <summary>
/// The hidden verb <c>nats-subscribers</c>: the child side of <see cref="SubscriberProcess"/>. It connects and
/// subscribes a <see cref="SubscriberFleet"/>, then follows the bench's lines on stdin and answers on stdout:
/// <c>ready</c>; <c>record FIRST LAST</c> → <c>recording</c>; <c>stop PATH</c> → writes the stamps to PATH and
/// answers <c>stopped COLLECTIONS PAUSED_MS ALLOCATED_MB</c> (this process's garbage over the window), then exits.
/// </summary>
internal static class SubscribersCommand
{
    public const string Name = "nats-subscribers";

    public static Command Create()
    {
        var url = new Option<string>("--url") { Required = true, Description = "The nats-server to subscribe at" };
        var subject = new Option<string>("--subject") { Required = true, Description = "The beat subject" };
        var connections = new Option<int>("--connections") { Required = true, Description = "Connections to open" };
        var perConnection = new Option<int>("--per-connection") { Required = true, Description = "Subscriptions on each connection" };
        var receive = new Option<NatsReceive>("--receive") { Required = true, Description = "How each subscription reads its messages" };
        foreach (var count in new[] { connections, perConnection })
        {
            count.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1)
                {
                    r.AddError($"{count.Name} must be at least 1, not {r.GetValueOrDefault<int>()}");
                }
            });
        }

        var command = new Command(Name, "The NATS fan-out's subscribers in a process of their own (run by the `nats` scenario)")
        {
            Hidden = true,
        };
        foreach (var option in new Option[] { url, subject, connections, perConnection, receive })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetRequiredValue(url), parse.GetRequiredValue(subject), parse.GetValue(connections), parse.GetValue(perConnection),
            parse.GetValue(receive), Console.In, Console.Out, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(
        string url, string subject, int connections, int perConnection, NatsReceive receive, TextReader input, TextWriter output, CancellationToken cancellation)
    {
        await using var fleet = await SubscriberFleet.ConnectAsync(url, subject, connections, perConnection, receive, cancellation);

        // A consumer service that has been running for a while has long since promoted its connections and
        // subscriptions out of gen0; a fresh process has not, and its first collection in the window would copy all
        // of that start-up state (~5 ms). Collected here, before the bench is told to start.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await output.WriteLineAsync("ready");

        var record = await ExpectAsync(input, "record", arguments: 2, cancellation);
        await fleet.RecordAsync(long.Parse(record[1], CultureInfo.InvariantCulture), long.Parse(record[2], CultureInfo.InvariantCulture), cancellation);
        var gc = GcDuring.Start();
        await output.WriteLineAsync("recording");

        var stop = await ExpectAsync(input, "stop", arguments: 1, cancellation);
        var window = gc.Stop();
        var recorded = await fleet.StopAsync(cancellation);
        await using (var file = File.Create(stop[1]))
        await using (var writer = new BinaryWriter(file))
        {
            recorded.Stamps.WriteTo(writer);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"stopped {window.Collections} {window.PausedMs:R} {window.AllocatedMb:R}"));
        return 0;
    }

    private static async Task<string[]> ExpectAsync(TextReader input, string verb, int arguments, CancellationToken cancellation)
    {
        var line = await input.ReadLineAsync(cancellation)
                   ?? throw new InvalidOperationException($"stdin closed while waiting for '{verb}'");
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != arguments + 1 || words[0] != verb)
        {
            throw new InvalidOperationException($"expected '{verb}' with {arguments} argument(s), got '{line}'");
        }

        return words;
    }
}
