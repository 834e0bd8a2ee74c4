using System.Diagnostics;
using System.Globalization;
using System.Text;
using Backbeat.Bench.Fanout;
using Backbeat.Bench.Nodes;

namespace Backbeat.Bench.Nats;

/// <summary>
/// The fan-out's subscribers in a child process: this bench's own dll run with the hidden
/// <see cref="SubscribersCommand"/> verb, driven by lines over its stdin and stdout. Its stamps come back in a
/// temporary file; wall-clock ticks (<see cref="DateTimeOffset.UtcNow"/>) are one clock for every process on the
/// machine, so they compare with the node's timeline as the in-process ones do. Killed on dispose if still running.
/// </summary>
internal sealed class SubscriberProcess : IFanoutSubscribers
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private SubscriberProcess(Process process) => _process = process;

    public static async Task<SubscriberProcess> StartAsync(
        string url, string subject, int connections, int perConnection, NatsReceive receive, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     typeof(SubscriberProcess).Assembly.Location, SubscribersCommand.Name, "--url", url, "--subject", subject,
                     "--connections", connections.ToString(CultureInfo.InvariantCulture),
                     "--per-connection", perConnection.ToString(CultureInfo.InvariantCulture),
                     "--receive", receive.ToString(),
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the NATS subscribers' process did not start");
        var subscribers = new SubscriberProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (subscribers._errors)
            {
                subscribers._errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            await subscribers.ExpectAsync("ready", cancellation);
            return subscribers;
        }
        catch
        {
            await subscribers.DisposeAsync();
            throw;
        }
    }

    public async Task RecordAsync(long first, long last, CancellationToken cancellation)
    {
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $"record {first} {last}"), cancellation);
        await ExpectAsync("recording", cancellation);
    }

    public async Task<RecordedFanout> StopAsync(CancellationToken cancellation)
    {
        var path = Path.Combine(Path.GetTempPath(), $"backbeat-bench-nats-stamps-{Guid.NewGuid():N}.bin");
        try
        {
            await SendAsync($"stop {path}", cancellation);
            var answer = (await ExpectAsync("stopped", cancellation)).Split(' ');
            var gc = new GcDuring(
                int.Parse(answer[1], CultureInfo.InvariantCulture), double.Parse(answer[2], CultureInfo.InvariantCulture), double.Parse(answer[3], CultureInfo.InvariantCulture));
            await using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file);
            return new RecordedFanout(FanoutCollector.ReadFrom(reader, FrameOrdinals.Default), gc);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Closing stdin ends the child at its next read; one that does not end in time is killed.
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private async Task SendAsync(string line, CancellationToken cancellation)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellation);
        await _process.StandardInput.FlushAsync(cancellation);
    }

    private async Task<string> ExpectAsync(string answer, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(AnswerTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            line = null;
        }

        if (line is not null && (line == answer || line.StartsWith(answer + " ", StringComparison.Ordinal)))
        {
            return line;
        }

        string errors;
        lock (_errors)
        {
            errors = _errors.ToString().Trim();
        }

        throw new InvalidOperationException(
            $"the NATS subscribers' process answered '{line ?? "(nothing)"}' where '{answer}' was expected" + (errors.Length > 0 ? $"; its stderr: {errors}" : ""));
    }
}
