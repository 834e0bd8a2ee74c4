using Akka.Actor;
using Backbeat.Consumers;
using Backbeat.Serialization;

namespace Backbeat.Tests.Consumers;

/// <summary>Every consumer message that crosses the network goes through the Backbeat serializer and comes back equal.</summary>
public sealed class WindowMessageSerializationTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly WindowReport Report = new()
    {
        ClusterId = "test-cluster",
        WindowId = "5c7aea7716dacd88df9d300960ab426b",
        DownbeatIndex = 1024,
        Beats = 8,
        TempoBpm = 12.5m,
        ClosedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 5, TimeSpan.Zero),
        Participants = 1,
        Claims = 2,
        Done = 1,
        Late = 1,
        Failed = 0,
        CompletionRate = 0.5,
        DeadlineMissRate = 0.5,
        FailureRate = 0,
        SlowestAgents = [new AgentSummary("a", 2, 1, 1, 0, 12.5, 20)],
        Phases = [new PhaseSummary("plan", 2, 1, 1, 0, 12.5, 20)],
    };

    public static TheoryData<object> Messages() =>
    [
        new StatusClaim("agent-7", 1024, "work", ClaimState.Late, 12.5),
        new MalformedClaim("not JSON"),
        new GetWindows(10),
        new GetWindow("5c7aea7716dacd88df9d300960ab426b"),
        new WindowLookup("5c7aea7716dacd88df9d300960ab426b", null),
        GetClaimCounts.Instance,
        new ClaimCounts(1, 2, 3, 4, 5, 6, 7),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_message_survives_the_wire(object message)
    {
        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void A_window_lookup_with_its_report_survives_the_wire()
    {
        var back = (WindowLookup)RoundTrip(new WindowLookup(Report.WindowId, Report));

        AssertSameReport(Report, back.Report!);
    }

    [Fact]
    public void A_list_of_reports_survives_the_wire()
    {
        var back = (WindowReports)RoundTrip(new WindowReports([Report, Report with { DownbeatIndex = 1016 }]));

        Assert.Equal(2, back.Reports.Count);
        AssertSameReport(Report, back.Reports[0]);
        Assert.Equal(1016, back.Reports[1].DownbeatIndex);
    }

    [Fact]
    public void Consumer_messages_are_bound_to_the_backbeat_serializer()
    {
        var serializer = Sys.Serialization.FindSerializerForType(typeof(StatusClaim));

        Assert.IsType<BackbeatSerializer>(serializer);
    }

    public WindowMessageSerializationTests()
        : base(BackbeatSerializerConfig())
    {
    }

    private static string BackbeatSerializerConfig()
    {
        var name = $"{typeof(BackbeatSerializer).FullName}, {typeof(BackbeatSerializer).Assembly.GetName().Name}";
        var bindings = string.Join("\n", BackbeatSerializer.MessageTypes.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = backbeat"));
        return $$"""
            akka.actor {
              serializers.backbeat = "{{name}}"
              serialization-bindings {
                {{bindings}}
              }
            }
            """;
    }

    private object RoundTrip(object message)
    {
        var serializer = new BackbeatSerializer((ExtendedActorSystem)Sys);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }

    private static void AssertSameReport(WindowReport expected, WindowReport actual)
    {
        // Records holding lists compare the lists by reference, so compare the published JSON instead.
        Assert.Equal(System.Text.Encoding.UTF8.GetString(WindowReportJson.ToUtf8(expected)), System.Text.Encoding.UTF8.GetString(WindowReportJson.ToUtf8(actual)));
    }
}
