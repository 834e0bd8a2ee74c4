using System.Net;
using Akka.Hosting;
using Backbeat.Admin;
using Backbeat.Hosting;
using Backbeat.Pulse;
using Backbeat.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backbeat.Node.Tests.Support;

/// <summary>A real node (Kestrel and Akka on loopback, free ports) whose pulse is the test leader and follower.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(WebApplication app, TestLeaderState leader, StringWriter errors)
    {
        App = app;
        Leader = leader;
        Errors = errors;
        Client = new HttpClient { BaseAddress = NodeHost.AdminAddress(app), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public TestLeaderState Leader { get; }

    public HttpClient Client { get; }

    public StringWriter Errors { get; }

    public static Builder Create() => new();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public sealed class Builder
    {
        private readonly List<string> _args = ["--admin-port", "0", "--port", "0", "--cluster", "test-cluster", "--node-id", "pulse-0d0d0d"];
        private readonly Dictionary<string, string?> _environment = new();
        private TestLeaderState _leader = new();
        private IPAddress? _remoteAddress;
        private RecordingLoggerProvider? _logSink;
        private bool _realPulse;

        /// <summary>Run the real PulseLeader and BeatFollower instead of the test doubles.</summary>
        public Builder WithRealPulse(params string[] args)
        {
            _realPulse = true;
            _args.AddRange(args);
            return this;
        }

        public Builder WithLeader(TestLeaderState leader)
        {
            _leader = leader;
            return this;
        }

        public Builder WithAdminToken(string token) => WithEnvironment("BACKBEAT_ADMIN_TOKEN", token);

        public Builder WithEnvironment(string name, string value)
        {
            _environment[name] = value;
            return this;
        }

        /// <summary>Every log entry of the node is also kept here, in order.</summary>
        public Builder WithLogSink(RecordingLoggerProvider sink)
        {
            _logSink = sink;
            return this;
        }

        /// <summary>Every request appears to come from this address (the server still listens on loopback only).</summary>
        public Builder WithCallersAt(IPAddress address)
        {
            _remoteAddress = address;
            return this;
        }

        public async Task<TestNode> StartAsync()
        {
            var leader = _leader;
            var pulse = _realPulse
                ? new PulseInstallation(
                    (akka, options) => akka.WithBackbeat(options, hostsLeader: true),
                    registry => (registry.Get<PulseLeader>(), registry.Get<BeatFollower>()))
                : new PulseInstallation(
                    (akka, _) => akka.WithActors((system, registry) =>
                    {
                        registry.Register<TestLeader>(system.ActorOf(TestLeader.Props(leader), "test-leader"));
                        registry.Register<TestFollower>(system.ActorOf(TestFollower.Props(), "test-follower"));
                    }),
                    registry => (registry.Get<TestLeader>(), registry.Get<TestFollower>()));

            var remote = _remoteAddress;
            var sink = _logSink;
            var launch = new NodeLaunch(_args, _environment, pulse)
            {
                AdminSettings = new AdminActorSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1)),
                ContentRoot = AppContext.BaseDirectory,
                Customize = builder =>
                {
                    if (remote is not null)
                    {
                        builder.Services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(remote));
                    }

                    if (sink is not null)
                    {
                        builder.Logging.AddProvider(sink);
                    }
                },
            };

            var errors = new StringWriter();
            var (app, exitCode) = await NodeProgram.StartAsync(launch, new StringWriter(), errors);
            if (app is null)
            {
                throw new InvalidOperationException($"the test node did not start ({exitCode}): {errors}");
            }

            var node = new TestNode(app, leader, errors);
            await node.WaitUntilReadyAsync();
            return node;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var ready = await Client.GetAsync("/ready");
            if (ready.StatusCode == HttpStatusCode.OK || Leader.Silent)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the test node did not become ready within 30 s");
    }

    private sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
