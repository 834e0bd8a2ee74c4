using System.Text.RegularExpressions;
using System.Xml.Linq;
using Backbeat.Lighthouse;
using Backbeat.Node.Configuration;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Deployment;

/// <summary>The two Dockerfiles held against the repository: what they copy and publish exists, and they run what they built.</summary>
public sealed class DockerfilesTests
{
    public static TheoryData<string, string> Images => new()
    {
        { "docker/node.Dockerfile", "Backbeat.Node/Backbeat.Node.csproj" },
        { "docker/lighthouse.Dockerfile", "Backbeat.Lighthouse/Backbeat.Lighthouse.csproj" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_file_copied_from_the_build_context_exists(string dockerfile, string project)
    {
        var sources = Dockerfile.Load(dockerfile).ContextSources.ToList();

        Assert.Contains(project, sources);
        Assert.All(sources, source => Assert.True(Path.Exists(RepositoryPaths.Combine(source.TrimEnd('/').Split('/'))), $"{dockerfile}: COPY {source}: not in the repository"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_publishes_the_project_and_runs_its_assembly(string dockerfile, string project)
    {
        var file = Dockerfile.Load(dockerfile);
        var assembly = AssemblyName(project);

        Assert.Contains(file.All("RUN"), run => run.StartsWith($"dotnet publish {project} ", StringComparison.Ordinal));
        Assert.Equal($"[\"dotnet\", \"{assembly}.dll\"]", Assert.Single(file.All("ENTRYPOINT")));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_builds_on_the_sdk_and_runs_on_aspnet_as_a_non_root_user(string dockerfile, string project)
    {
        var file = Dockerfile.Load(dockerfile);

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], file.All("FROM"));
        var user = Assert.Single(file.All("USER"));
        Assert.DoesNotContain(user, new[] { "root", "0" });
        Assert.True(file.Instructions.ToList().FindLastIndex(i => i.Instruction == "USER") > file.Instructions.ToList().FindLastIndex(i => i.Instruction == "RUN"),
            $"{dockerfile}: the last RUN of {project} must come before USER, and the image must end as the unprivileged user");
    }

    [Fact]
    public void The_node_image_exposes_and_checks_the_ports_its_environment_sets()
    {
        var file = Dockerfile.Load("docker/node.Dockerfile");
        var environment = file.Environment;
        var known = NodeSettings.All.Select(s => s.EnvironmentVariable).ToHashSet(StringComparer.Ordinal);

        Assert.All(environment.Keys, name => Assert.Contains(name, known));
        Assert.Equal([environment["BACKBEAT_ADMIN_PORT"], environment["BACKBEAT_PORT"]], Assert.Single(file.All("EXPOSE")).Split(' '));
        Assert.Contains("curl -fsS \"http://127.0.0.1:${BACKBEAT_ADMIN_PORT}/live\"", Assert.Single(file.All("HEALTHCHECK")));
        Assert.Equal(environment["BACKBEAT_DATA_DIR"], Regex.Match(Assert.Single(file.All("VOLUME")), "\"([^\"]+)\"").Groups[1].Value);
    }

    [Fact]
    public void The_lighthouse_image_exposes_and_checks_the_ports_its_environment_sets()
    {
        var file = Dockerfile.Load("docker/lighthouse.Dockerfile");
        var environment = file.Environment;
        var known = LighthouseCommandLine.KnownFlags.Select(LighthouseCommandLine.EnvironmentVariableOf).ToHashSet(StringComparer.Ordinal);

        Assert.All(environment.Keys, name => Assert.Contains(name, known));
        LighthouseCommandLine.Parse([], name => environment.GetValueOrDefault(name), out var errors);
        Assert.Empty(errors);
        Assert.Equal([environment["LIGHTHOUSE_PORT"], environment["LIGHTHOUSE_HEALTH_PORT"]], Assert.Single(file.All("EXPOSE")).Split(' '));
        Assert.Contains("curl -fsS \"http://127.0.0.1:${LIGHTHOUSE_HEALTH_PORT}/live\"", Assert.Single(file.All("HEALTHCHECK")));
    }

    private static string AssemblyName(string project)
    {
        var path = RepositoryPaths.Combine(project.Split('/'));
        var declared = XDocument.Load(path).Descendants("AssemblyName").FirstOrDefault()?.Value;
        return declared ?? Path.GetFileNameWithoutExtension(path);
    }
}
