using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Reporting;
using Backbeat.Chaos.Scenarios;

namespace Backbeat.Chaos.Tests.Round;

/// <summary>
/// One smoke round (a steady window, one leader kill, one broker restart) against the built node and lighthouse,
/// run once for the class; the tests read its report. The table and files land in artifacts/chaos/smoke.
/// </summary>
public sealed class SmokeRoundFixture : IAsyncLifetime
{
    public RoundReport Report { get; private set; } = null!;

    public string Table { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var settings = new ChaosSettings
        {
            ArtifactsDirectory = Path.Combine(BuildOutputs.RepositoryRoot(), "artifacts", "chaos", "smoke"),
            Outputs = BuildOutputs.Locate(),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var progress = new StringWriter();
        Report = await ChaosRound.RunAsync(settings, ChaosPlan.Smoke, progress, timeout.Token);
        SummaryFile.Write(settings.ArtifactsDirectory, Report, "smoke");
        var table = new StringWriter();
        SummaryTable.Write(table, Report.Scenarios);
        Table = progress + Environment.NewLine + table;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public ScenarioResult Scenario(string name) =>
        Report.Scenarios.SingleOrDefault(s => s.Name == name) ?? throw new Xunit.Sdk.XunitException($"no '{name}' in the round:\n{Table}");
}
