namespace Backbeat.Node.Tests.Support;

/// <summary>Paths in the repository the tests run from (found by walking up to Backbeat.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backbeat.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Backbeat.sln above {AppContext.BaseDirectory}");
    }
}
