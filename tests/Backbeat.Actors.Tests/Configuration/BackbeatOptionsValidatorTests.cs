using System.Globalization;
using Backbeat.Configuration;

namespace Backbeat.Tests.Configuration;

/// <summary>SPEC §9: every setting is checked at start-up, and each failure names the flag and the bad value.</summary>
public sealed class BackbeatOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(BackbeatOptionsValidator.Check(new BackbeatOptions()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_cluster_id_is_refused(string clusterId)
    {
        Assert.Equal("--cluster: must not be empty", OnlyFailure(o => o.ClusterId = clusterId));
    }

    [Theory]
    [InlineData("chorus.aus")]
    [InlineData("chorus aus")]
    [InlineData("chorus*")]
    [InlineData("chorus>")]
    [InlineData("chorus\taus")]
    public void A_cluster_id_that_cannot_be_part_of_a_nats_subject_is_refused(string clusterId)
    {
        var failure = OnlyFailure(o => o.ClusterId = clusterId);

        Assert.StartsWith("--cluster:", failure);
        Assert.Contains($"'{clusterId}'", failure);
    }

    [Theory]
    [InlineData("chorus-aus-01")]
    [InlineData("chorus_aus_01")]
    public void A_cluster_id_of_letters_digits_dashes_and_underscores_is_valid(string clusterId)
    {
        Assert.Empty(Failures(o => o.ClusterId = clusterId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void An_empty_node_id_is_refused(string nodeId)
    {
        Assert.Equal("--node-id: must not be empty", OnlyFailure(o => o.NodeId = nodeId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("4.0000001")]
    public void A_minimum_tempo_that_is_not_a_positive_tempo_is_refused_with_its_value(string minBpm)
    {
        var failure = OnlyFailure(o => o.MinBpm = Bpm(minBpm));

        Assert.StartsWith($"--min-bpm: {minBpm} ", failure);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-24")]
    [InlineData("24.0000001")]
    public void A_maximum_tempo_that_is_not_a_positive_tempo_is_refused_with_its_value(string maxBpm)
    {
        var failure = OnlyFailure(o => o.MaxBpm = Bpm(maxBpm));

        Assert.StartsWith($"--max-bpm: {maxBpm} ", failure);
    }

    [Fact]
    public void A_minimum_above_the_maximum_is_refused_naming_both()
    {
        var failure = OnlyFailure(o => (o.MinBpm, o.MaxBpm) = (30, 24));

        Assert.Equal("--min-bpm: 30 is above --max-bpm 24", failure);
    }

    [Theory]
    [InlineData("0", "--bpm: tempo must be positive, got 0")]
    [InlineData("-12", "--bpm: tempo must be positive, got -12")]
    [InlineData("12.0000001", "--bpm: tempo 12.0000001 has more than 6 decimal places")]
    [InlineData("30", "--bpm: 30 is outside [--min-bpm 4, --max-bpm 24]")]
    [InlineData("3.5", "--bpm: 3.5 is outside [--min-bpm 4, --max-bpm 24]")]
    public void A_tempo_that_is_invalid_or_outside_the_limits_is_refused_with_its_value(string bpm, string expected)
    {
        Assert.Equal(expected, OnlyFailure(o => o.Bpm = Bpm(bpm)));
    }

    [Theory]
    [InlineData("4")]
    [InlineData("24")]
    [InlineData("12.5")]
    public void A_tempo_within_the_limits_is_valid(string bpm)
    {
        Assert.Empty(Failures(o => o.Bpm = Bpm(bpm)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8)]
    public void A_bar_of_fewer_than_one_beat_is_refused(int bar)
    {
        Assert.Equal($"--bar: {bar} must be at least 1", OnlyFailure(o => o.Bar = bar));
    }

    [Theory]
    [InlineData("plan,,review")]
    [InlineData(" ")]
    public void A_phase_list_with_an_empty_name_is_refused(string phases)
    {
        Assert.Equal($"--phases: '{phases}' has an empty phase name", OnlyFailure(o => o.Phases = [.. phases.Split(',')]));
    }

    [Fact]
    public void A_phase_list_that_names_a_phase_twice_is_refused()
    {
        Assert.Equal("--phases: 'plan,work,plan' names a phase twice", OnlyFailure(o => o.Phases = ["plan", "work", "plan"]));
    }

    [Fact]
    public void Without_configured_phases_the_defaults_apply()
    {
        Assert.Equal(["plan", "work", "review"], new BackbeatOptions().EffectivePhases);
    }

    [Fact]
    public void A_single_phase_is_valid()
    {
        Assert.Empty(Failures(o => o.Phases = ["beat"]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void An_admin_port_outside_the_tcp_range_is_refused(int port)
    {
        Assert.Equal($"--admin-port: {port} is not a TCP port (0-65535)", OnlyFailure(o => o.AdminPort = port));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_remoting_port_outside_the_tcp_range_is_refused(int port)
    {
        Assert.Equal($"--port: {port} is not a TCP port (0-65535)", OnlyFailure(o => o.Port = port));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65535)]
    public void The_ends_of_the_tcp_range_are_valid_ports(int port)
    {
        Assert.Empty(Failures(o => (o.Port, o.AdminPort) = (port, port)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_host_is_refused(string host)
    {
        Assert.Equal("--host: must not be empty", OnlyFailure(o => o.Host = host));
    }

    [Fact]
    public void Valid_seed_addresses_are_accepted()
    {
        Assert.Empty(Failures(o => o.Seeds = ["akka.tcp://backbeat@127.0.0.1:4053", "akka.tcp://backbeat@127.0.0.1:4054"]));
    }

    [Fact]
    public void Each_bad_seed_address_is_refused_by_name()
    {
        var failures = Failures(o => o.Seeds = ["akka.tcp://backbeat@127.0.0.1:4053", "akka.tcp://other@127.0.0.1:4054", "127.0.0.1:4055"]);

        Assert.Collection(
            failures,
            f => Assert.StartsWith("--seeds: 'akka.tcp://other@127.0.0.1:4054' names actor system 'other'", f),
            f => Assert.StartsWith("--seeds: '127.0.0.1:4055' is not a seed address", f));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nats://127.0.0.1:4222")]
    [InlineData("nats://127.0.0.1:4222, tls://127.0.0.1:4223")]
    [InlineData("ws://127.0.0.1:8080,wss://127.0.0.1:8443")]
    public void No_nats_url_or_nats_tls_and_websocket_urls_are_valid(string? nats)
    {
        Assert.Empty(Failures(o => o.Nats = nats));
    }

    [Theory]
    [InlineData("http://127.0.0.1:4222")]
    [InlineData("127.0.0.1:4222")]
    [InlineData("localhost:4222")]
    [InlineData("nats://")]
    [InlineData("nats")]
    public void A_url_that_is_not_a_nats_url_is_refused_by_name(string url)
    {
        Assert.Equal($"--nats: '{url}' is not a NATS URL (nats://host:port)", OnlyFailure(o => o.Nats = $"nats://127.0.0.1:4222,{url}"));
    }

    [Fact]
    public void Nats_urls_are_split_on_commas_trimmed_and_empties_dropped()
    {
        var options = new BackbeatOptions { Nats = " nats://127.0.0.1:4222 , ,tls://127.0.0.1:4223 " };

        Assert.Equal(["nats://127.0.0.1:4222", "tls://127.0.0.1:4223"], BackbeatOptionsValidator.NatsUrls(options));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var failures = Failures(o =>
        {
            o.Bar = 0;
            o.Port = -1;
            o.Host = "";
        });

        Assert.Equal(["--bar: 0 must be at least 1", "--port: -1 is not a TCP port (0-65535)", "--host: must not be empty"], failures);
    }

    [Fact]
    public void Validate_reports_the_same_failures_as_the_options_framework_expects()
    {
        var validator = new BackbeatOptionsValidator();
        var bad = new BackbeatOptions { Bar = 0 };

        var result = validator.Validate(name: null, bad);

        Assert.True(validator.Validate(name: null, new BackbeatOptions()).Succeeded);
        Assert.True(result.Failed);
        Assert.Equal(["--bar: 0 must be at least 1"], result.Failures);
    }

    [Fact]
    public void A_generated_node_id_is_pulse_and_six_hex_digits()
    {
        Assert.Matches("^pulse-[0-9a-f]{6}$", BackbeatOptions.GenerateNodeId());
        Assert.Matches("^pulse-[0-9a-f]{6}$", new BackbeatOptions().NodeId);
    }

    private static List<string> Failures(Action<BackbeatOptions> change)
    {
        var options = new BackbeatOptions();
        change(options);
        return BackbeatOptionsValidator.Check(options).ToList();
    }

    private static string OnlyFailure(Action<BackbeatOptions> change) => Assert.Single(Failures(change));

    private static decimal Bpm(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
