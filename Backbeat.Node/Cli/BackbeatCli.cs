using System.CommandLine;

namespace Backbeat.Node.Cli;

/// <summary>
/// The operator verbs inside the node's binary (<c>Backbeat.Node members</c>, as <c>consul members</c>): they
/// talk to any node's admin API. Program runs them when the first argument is a verb, and the node otherwise.
/// </summary>
public static class BackbeatCli
{
    public const string DefaultAdmin = "http://127.0.0.1:8080";
    public const string TokenVariable = "BACKBEAT_ADMIN_TOKEN";

    public static IReadOnlySet<string> Verbs { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "members", "leader", "tempo", "drift", "tail", "leave", "down" };

    /// <summary>True when the command line asks for a verb rather than a node (node flags always start with a dash).</summary>
    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && Verbs.Contains(args[0]);

    /// <summary>Runs one verb; returns its exit code (<see cref="CliExitCodes"/>). Never throws for a failure the operator can fix.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var adminOption = new Option<string>("--admin")
        {
            Description = "the admin API of any node",
            DefaultValueFactory = _ => DefaultAdmin,
            Recursive = true,
        };
        var tokenOption = new Option<string?>("--token")
        {
            Description = $"admin token for changes (default: ${TokenVariable})",
            Recursive = true,
        };

        var root = new RootCommand("Backbeat operator verbs; without a verb, Backbeat.Node runs a node (see --help of the node).");
        root.Add(adminOption);
        root.Add(tokenOption);

        var failure = (CliFailure?)null;
        Func<ParseResult, CancellationToken, Task<int>> Run(Func<CliContext, ParseResult, CancellationToken, Task<int>> verb) =>
            async (parse, token) =>
            {
                try
                {
                    var context = new CliContext(
                        ParseAdmin(parse.GetValue(adminOption)),
                        parse.GetValue(tokenOption) ?? environment(TokenVariable),
                        stdout,
                        stderr);
                    return await verb(context, parse, token);
                }
                catch (CliFailure ex)
                {
                    failure = ex;
                    return ex.ExitCode;
                }
            };

        var members = new Command("members", "cluster members: address, roles, status, reachability, leader host");
        members.SetAction(Run((c, _, t) => MembersVerb.RunAsync(c, t)));
        root.Add(members);

        var leader = new Command("leader", "the leader, since when, frames emitted, lateness");
        leader.SetAction(Run((c, _, t) => LeaderVerb.RunAsync(c, t)));
        root.Add(leader);

        var tempo = new Command("tempo", "the tempo, any pending change and the range a change may take");
        tempo.SetAction(Run((c, _, t) => TempoVerb.ShowAsync(c, t)));
        var bpmArgument = new Argument<string>("bpm") { Description = "the new tempo in beats per minute" };
        var whyOption = new Option<string?>("--why") { Description = "the justification, kept with the change" };
        var set = new Command("set", "schedule a tempo change for the next downbeat") { bpmArgument, whyOption };
        set.SetAction(Run((c, p, t) => TempoVerb.SetAsync(c, p.GetValue(bpmArgument)!, p.GetValue(whyOption), t)));
        tempo.Add(set);
        root.Add(tempo);

        var drift = new Command("drift", "timer drift, HLC drift, degradation mode of the asked node");
        drift.SetAction(Run((c, _, t) => DriftVerb.RunAsync(c, t)));
        root.Add(drift);

        var jsonOption = new Option<bool>("--json") { Description = "one JSON object per frame: {\"origin\",\"frame\"}" };
        var countOption = new Option<int?>("--count") { Description = "stop after this many frames" };
        var natsOption = new Option<string?>("--nats") { Description = "read the leader's frames from NATS (nats://host:4222) instead of a node" };
        var clusterOption = new Option<string>("--cluster")
        {
            Description = "the cluster id, for the NATS subject backbeat.{cluster}.beat",
            DefaultValueFactory = _ => "chorus-aus-01",
        };
        var tail = new Command("tail", "live frames from a node's beat stream, or from NATS with --nats") { jsonOption, countOption, natsOption, clusterOption };
        tail.SetAction(Run((c, p, t) => TailVerb.RunAsync(
            c,
            new TailVerb.Settings(p.GetValue(jsonOption), p.GetValue(countOption), p.GetValue(natsOption), p.GetValue(clusterOption)!),
            t)));
        root.Add(tail);

        foreach (var (name, description) in new[]
                 {
                     ("leave", "ask a member to leave the cluster gracefully"),
                     ("down", "mark a member down (for one that is gone and will not come back)"),
                 })
        {
            var addressArgument = new Argument<string>("address") { Description = "the member, akka.tcp://backbeat@host:port" };
            var command = new Command(name, description) { addressArgument };
            command.SetAction(Run((c, p, t) => MembershipVerb.RunAsync(c, name, p.GetValue(addressArgument)!, t)));
            root.Add(command);
        }

        var parsed = root.Parse(args);
        var exitCode = await parsed.InvokeAsync(
            new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false },
            cancellationToken);
        if (failure is not null)
        {
            await stderr.WriteLineAsync($"error: {failure.Message}");
        }

        return exitCode;
    }

    private static Uri ParseAdmin(string? text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return uri;
        }

        throw new CliFailure($"--admin: '{text}' is not an admin API address such as {DefaultAdmin}", CliExitCodes.Usage);
    }
}
