using System.Text.RegularExpressions;
using Backbeat.Node.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Backbeat.Node.Tests.Deployment;

/// <summary>A compose file of docker/, read with YamlDotNet's node model: just what the deployment tests look at.</summary>
public sealed partial class ComposeFile
{
    private ComposeFile(string path, YamlMappingNode root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public YamlMappingNode Root { get; }

    public static ComposeFile Load(string name)
    {
        var path = RepositoryPaths.Combine("docker", name);
        Assert.True(File.Exists(path), $"{path} is missing");
        return new ComposeFile(path, LoadYaml(path));
    }

    public static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public IEnumerable<Service> Services =>
        ((YamlMappingNode)Root["services"]).Children.Select(c => new Service(((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    public Service ServiceNamed(string name) => Services.Single(s => s.Name == name);

    /// <summary>The services that run a Backbeat node: those with BACKBEAT_* settings.</summary>
    public IReadOnlyList<Service> NodeServices => Services.Where(s => s.Environment.Keys.Any(k => k.StartsWith("BACKBEAT_", StringComparison.Ordinal))).ToList();

    public IReadOnlyList<Service> LighthouseServices => Services.Where(s => s.Environment.Keys.Any(k => k.StartsWith("LIGHTHOUSE_", StringComparison.Ordinal))).ToList();

    /// <summary>Resolves <c>${NAME:-default}</c> as compose does when NAME is unset: to the default.</summary>
    public static string Interpolate(string value) => Variable().Replace(value, m => m.Groups["default"].Value);

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:?-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();

    public sealed record Service(string Name, YamlMappingNode Node)
    {
        public IReadOnlyDictionary<string, string> Environment =>
            Node.Children.TryGetValue(new YamlScalarNode("environment"), out var environment)
                ? ((YamlMappingNode)environment).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Interpolate(((YamlScalarNode)c.Value).Value ?? string.Empty))
                : new Dictionary<string, string>();

        public string? Scalar(params string[] path)
        {
            YamlNode node = Node;
            foreach (var key in path)
            {
                if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
                {
                    return null;
                }

                node = next;
            }

            return (node as YamlScalarNode)?.Value;
        }

        public IReadOnlyList<YamlNode> Sequence(string key) =>
            Node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
                ? sequence.Children.ToList()
                : [];

        /// <summary>The container ports published to the host, from the short (<c>"8081:8080"</c>) or long (<c>target:</c>) form.</summary>
        public IReadOnlyList<(int Published, int Target)> PublishedPorts =>
            Sequence("ports").Select(port => port switch
            {
                YamlScalarNode scalar => (int.Parse(scalar.Value!.Split(':')[0]), int.Parse(scalar.Value!.Split(':')[^1].Split('/')[0])),
                YamlMappingNode mapping => (int.Parse(((YamlScalarNode)mapping["published"]).Value!), int.Parse(((YamlScalarNode)mapping["target"]).Value!)),
                _ => throw new InvalidOperationException($"{Name}: a port entry of an unknown form"),
            }).ToList();

        /// <summary>The health check's command line, as one string.</summary>
        public string? HealthCheck =>
            Node.Children.TryGetValue(new YamlScalarNode("healthcheck"), out var check) && ((YamlMappingNode)check).Children.TryGetValue(new YamlScalarNode("test"), out var test)
                ? test switch
                {
                    YamlSequenceNode sequence => string.Join(' ', sequence.Children.Select(c => ((YamlScalarNode)c).Value)),
                    YamlScalarNode scalar => scalar.Value,
                    _ => null,
                }
                : null;
    }
}
