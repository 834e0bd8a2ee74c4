using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Backbeat.Nats;
using Backbeat.Configuration;
using Backbeat.Node.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backbeat.Node.Tests.Hosting;

public sealed class NatsHealthCheckTests : TestKit
{
    private static BackbeatOptions WithNats(string? nats) => new() { Nats = nats };

    private static NatsStatus Status(bool connected, string breaker) =>
        new(Configured: true, Connected: connected, BreakerState: breaker, Published: 10, Dropped: 0, Refused: 0, Errors: 0, LastError: null);

    private async Task<HealthCheckResult> CheckAsync(BackbeatOptions options, NatsStatus? publisherAnswer, bool registerPublisher = true)
    {
        var registry = new ActorRegistry();
        if (registerPublisher)
        {
            var publisher = CreateTestProbe();
            publisher.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
            {
                if (message is GetNatsStatus && publisherAnswer is not null)
                {
                    sender.Tell(publisherAnswer);
                }

                return AutoPilot.KeepRunning;
            }));
            registry.Register<NatsPublisher>(publisher.Ref);
        }

        return await new NatsHealthCheck(registry, Options.Create(options)).CheckHealthAsync(new HealthCheckContext());
    }

    [Fact]
    public async Task Without_nats_configured_the_check_is_healthy()
    {
        var result = await CheckAsync(WithNats(null), publisherAnswer: null, registerPublisher: false);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task A_connected_publisher_with_a_closed_breaker_is_healthy()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), Status(connected: true, breaker: "closed"));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task An_open_breaker_is_degraded()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), Status(connected: true, breaker: "open"));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("breaker", result.Description);
    }

    [Fact]
    public async Task A_lost_connection_is_degraded()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), Status(connected: false, breaker: "closed"));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("disconnected", result.Description);
    }

    [Fact]
    public async Task A_silent_publisher_is_degraded_not_a_hang()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), publisherAnswer: null);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    [Fact]
    public async Task Nats_configured_without_a_publisher_is_degraded()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), publisherAnswer: null, registerPublisher: false);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }
}
