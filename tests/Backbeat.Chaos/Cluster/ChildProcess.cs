using System.Diagnostics;

namespace Backbeat.Chaos.Cluster;

/// <summary>
/// One OS process the harness owns (nats-server, the lighthouse, a node): started with fixed arguments, so a
/// restart is the same command again; its output goes to a log file per incarnation.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _logDirectory;
    private Process? _process;
    private StreamWriter? _log;
    private int _incarnation;

    public ChildProcess(string name, string fileName, IReadOnlyList<string> arguments, string logDirectory)
    {
        Name = name;
        _fileName = fileName;
        _arguments = arguments;
        _logDirectory = logDirectory;
    }

    public string Name { get; }

    public bool IsRunning => _process is { HasExited: false };

    public int Pid => _process?.Id ?? throw new InvalidOperationException($"{Name} was never started");

    public string CommandLine => string.Join(' ', new[] { _fileName }.Concat(_arguments));

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {Pid})");
        }

        _process?.Dispose();
        _log?.Dispose();
        _incarnation++;
        Directory.CreateDirectory(_logDirectory);
        var log = new StreamWriter(Path.Combine(_logDirectory, $"{Name}.{_incarnation}.log")) { AutoFlush = true };
        log.WriteLine($"# {CommandLine}");
        var startInfo = new ProcessStartInfo(_fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {CommandLine}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _log = log;
    }

    /// <summary>SIGKILL: no shutdown code runs, sockets drop as in a crash.</summary>
    public void Kill9()
    {
        if (IsRunning)
        {
            Signals.Send(Pid, Signals.SigKill);
            _process!.WaitForExit();
        }
    }

    /// <summary>SIGSTOP: every thread freezes where it is, as in a long GC pause or a VM freeze; sockets stay open.</summary>
    public void Pause()
    {
        if (IsRunning)
        {
            Signals.Send(Pid, Signals.SigStop);
        }
    }

    /// <summary>SIGCONT: a paused process runs on from where it stopped.</summary>
    public void Resume()
    {
        if (IsRunning)
        {
            Signals.Send(Pid, Signals.SigCont);
        }
    }

    /// <summary>SIGTERM: the process runs its orderly shutdown; waits for it to exit, SIGKILL after <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return true;
        }

        Signals.Send(Pid, Signals.SigTerm);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waiting.CancelAfter(timeout);
        try
        {
            await _process!.WaitForExitAsync(waiting.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill9();
            return false;
        }
    }

    public void Dispose()
    {
        Kill9();
        _process?.Dispose();
        _process = null;
        _log?.Dispose();
        _log = null;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The next incarnation took over; late output of the old one is dropped.
            }
        }
    }
}
