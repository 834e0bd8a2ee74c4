namespace Backbeat.Chaos.Cluster;

/// <summary>
/// Finds the built Backbeat.Node.dll and Backbeat.Lighthouse.dll of this checkout: the configuration the harness
/// itself was built in first, then the other one. Both are built before the harness (project references).
/// </summary>
public sealed record BuildOutputs(string NodeDll, string LighthouseDll)
{
    public static BuildOutputs Locate()
    {
        var root = RepositoryRoot();
        var own = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name;
        string[] configurations = own is "Debug" ? ["Debug", "Release"] : ["Release", "Debug"];
        return new BuildOutputs(
            Find(root, "Backbeat.Node", configurations),
            Find(root, "Backbeat.Lighthouse", configurations));
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backbeat.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Backbeat.sln above {AppContext.BaseDirectory}: run the harness from its checkout");
    }

    private static string Find(string root, string project, IEnumerable<string> configurations)
    {
        var tried = new List<string>();
        foreach (var configuration in configurations)
        {
            var dll = Path.Combine(root, project, "bin", configuration, "net10.0", project + ".dll");
            if (File.Exists(dll))
            {
                return dll;
            }

            tried.Add(dll);
        }

        throw new FileNotFoundException($"{project} is not built (looked for {string.Join(", ", tried)}); run ./build.sh build first");
    }
}
