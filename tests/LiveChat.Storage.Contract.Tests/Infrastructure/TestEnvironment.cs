namespace LiveChat.Storage.Contract.Tests.Infrastructure;

/// <summary>Where the external servers are and whether this is CI (free ports: <c>FreePorts</c>).</summary>
public static class TestEnvironment
{
    /// <summary>CI=true: a missing server binary fails the tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding LiveChat.Orleans.sln (found upwards from the test binaries).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LiveChat.Orleans.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException($"LiveChat.Orleans.sln not found above {AppContext.BaseDirectory}.");
    }
}
