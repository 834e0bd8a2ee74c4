using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Backbeat.Admin;
using Backbeat.Configuration;
using Backbeat.Node.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backbeat.Node.Tests.Hosting;

public sealed class NatsHealthCheckTests : TestKit
{
    private static BackbeatOptions WithNats(string? nats) => new() { Nats = nats };

    private async Task<HealthCheckResult> CheckAsync(BackbeatOptions options, NatsHealth? publisherAnswer, bool registerPublisher = true)
    {
        var registry = new ActorRegistry();
        if (registerPublisher)
        {
            var publisher = CreateTestProbe();
            publisher.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
            {
                if (message is GetNatsHealth && publisherAnswer is not null)
                {
                    sender.Tell(publisherAnswer);
                }

                return AutoPilot.KeepRunning;
            }));
            registry.Register<NatsHealthProbe>(publisher.Ref);
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
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), new NatsHealth(true, false, "127.0.0.1:4222"));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task An_open_breaker_is_degraded()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), new NatsHealth(true, true, "3 failures"));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("breaker", result.Description);
    }

    [Fact]
    public async Task A_lost_connection_is_degraded()
    {
        var result = await CheckAsync(WithNats("nats://127.0.0.1:4222"), new NatsHealth(false, false, "reconnecting"));

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
