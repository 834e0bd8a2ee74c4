using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Deployment;

/// <summary>A Dockerfile of docker/, read instruction by instruction (continuation lines joined, comments dropped).</summary>
public sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<(string Instruction, string Arguments)> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    public static Dockerfile Load(string relativeToRepository)
    {
        var path = RepositoryPaths.Combine(relativeToRepository.Split('/'));
        Assert.True(File.Exists(path), $"{path} is missing");
        var instructions = new List<(string, string)>();
        var current = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var space = current.IndexOf(' ');
            instructions.Add((current[..space].ToUpperInvariant(), current[(space + 1)..].Trim()));
            current = string.Empty;
        }

        return new Dockerfile(path, instructions);
    }

    public IEnumerable<string> All(string instruction) =>
        Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

    /// <summary>The names and values of every ENV instruction (the <c>NAME=value</c> form).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        All("ENV")
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>Sources of COPY instructions that take files from the build context (not from another stage).</summary>
    public IEnumerable<string> ContextSources =>
        All("COPY")
            .Where(arguments => !arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(arguments =>
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts[..^1];
            });
}
