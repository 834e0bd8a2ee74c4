using Backbeat.Configuration;
using Backbeat.Nats;

namespace Backbeat.Tests.Nats;

public sealed class NatsOptionsTests
{
    [Fact]
    public void Urls_subjects_and_connection_name_come_from_the_node_settings()
    {
        var options = NatsOptions.From(new BackbeatOptions
        {
            ClusterId = "chorus-aus-01",
            NodeId = "pulse-c0ffee",
            Nats = " nats://127.0.0.1:4222, nats://127.0.0.1:4223 ,",
        });

        Assert.Equal(["nats://127.0.0.1:4222", "nats://127.0.0.1:4223"], options.Urls);
        Assert.Equal("pulse-c0ffee", options.ConnectionName);
        Assert.Equal("backbeat.chorus-aus-01.beat", options.BeatSubject);
        Assert.Equal("backbeat.chorus-aus-01.control", options.ControlSubject);
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void Defaults_follow_gobreaker_and_the_issue()
    {
        var options = NatsOptions.From(new BackbeatOptions());

        Assert.False(options.IsConfigured);
        Assert.Equal(5, options.BreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BreakerTimeout);
        Assert.Equal(1024, options.QueueCapacity);
    }

    [Fact]
    public void Client_options_carry_credentials_tls_and_every_url()
    {
        var client = NatsOptions.From(new BackbeatOptions
        {
            NodeId = "pulse-c0ffee",
            Nats = "nats://a:4222,nats://b:4222",
            NatsUser = "backbeat",
            NatsPassword = "s3cret",
            NatsTls = true,
        }).ToClientOptions(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        Assert.Equal("nats://a:4222,nats://b:4222", client.Url);
        Assert.Equal("pulse-c0ffee", client.Name);
        Assert.Equal("backbeat", client.AuthOpts.Username);
        Assert.Equal("s3cret", client.AuthOpts.Password);
        Assert.Equal(NATS.Client.Core.TlsMode.Require, client.TlsOpts.Mode);
        Assert.True(client.RetryOnInitialConnect);
    }

    [Theory]
    [InlineData("user-only", "--nats-password: required with --nats-user")]
    [InlineData("password-only", "--nats-user: required with --nats-password")]
    [InlineData("user-and-token", "--nats-token: give either a token or --nats-user/--nats-password, not both")]
    [InlineData("missing-ca", "--nats-ca-file: '/nonexistent/ca.pem' does not exist")]
    [InlineData("no-failures", "--nats-breaker-failures: 0 must be at least 1")]
    [InlineData("no-timeout", "--nats-breaker-timeout: 00:00:00 must be positive")]
    [InlineData("no-queue", "--nats-queue-capacity: 0 must be between 1 and 1048576")]
    public void Bad_nats_settings_are_refused_by_name(string setting, string failure)
    {
        var options = new BackbeatOptions { Nats = "nats://127.0.0.1:4222" };
        switch (setting)
        {
            case "user-only": options.NatsUser = "backbeat"; break;
            case "password-only": options.NatsPassword = "s3cret"; break;
            case "user-and-token": options.NatsUser = "backbeat"; options.NatsPassword = "s3cret"; options.NatsToken = "t"; break;
            case "missing-ca": options.NatsCaFile = "/nonexistent/ca.pem"; break;
            case "no-failures": options.NatsBreakerFailures = 0; break;
            case "no-timeout": options.NatsBreakerTimeout = TimeSpan.Zero; break;
            case "no-queue": options.NatsQueueCapacity = 0; break;
        }

        Assert.Equal([failure], BackbeatOptionsValidator.Check(options));
    }

    [Fact]
    public void Default_nats_settings_pass()
    {
        Assert.Empty(BackbeatOptionsValidator.Check(new BackbeatOptions { Nats = "nats://127.0.0.1:4222", NatsToken = "t" }));
    }
}
