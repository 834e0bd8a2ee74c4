using Akka.Cluster.Hosting;
using Akka.Hosting;
using Backbeat.Configuration;
using Backbeat.Lighthouse;

var options = LighthouseCommandLine.Parse(args, Environment.GetEnvironmentVariable, out var errors);
if (errors.Count > 0)
{
    Console.Error.WriteLine($"backbeat-lighthouse: {errors[0]}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://{options.Host}:{options.HealthPort}");
builder.Services.AddHealthChecks();
builder.Services.AddAkka(BackbeatOptions.ActorSystemName, akka =>
{
    akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
        .WithLighthouse(options)
        .WithActorSystemLivenessCheck()
        .WithAkkaClusterReadinessCheck();
});

var app = builder.Build();
app.MapHealthChecks("/health");
app.MapHealthChecks("/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("liveness") });
app.MapHealthChecks("/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.Logger.LogInformation("Lighthouse {Address} (role {Role}); health on http://{Host}:{Port}/health", options.SelfAddress, BackbeatOptions.LighthouseRole, options.Host, options.HealthPort);
await app.RunAsync();
return 0;
