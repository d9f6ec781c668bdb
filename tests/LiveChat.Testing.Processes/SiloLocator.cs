namespace LiveChat.Testing.Processes;

using System.Reflection;

/// <summary>Finds the built LiveChat.Silo.dll the tests and the load tool start as separate processes.</summary>
public static class SiloLocator
{
    private const string SolutionFile = "LiveChat.Orleans.sln";

    /// <summary>The repository root: the nearest folder above the running program holding the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// src/Silo/LiveChat.Silo/bin/&lt;Configuration&gt;/&lt;TargetFramework&gt;/LiveChat.Silo.dll, with this
    /// assembly's own configuration and framework: its ProjectReference builds the silo alongside it.
    /// </summary>
    public static string SiloAssemblyPath
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "src", "Silo", "LiveChat.Silo", "bin",
                BuildMetadata("LiveChat.BuildConfiguration"), BuildMetadata("LiveChat.TargetFramework"), "LiveChat.Silo.dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The silo is not built: '{path}' is missing. Build the project that runs it (tests/LiveChat.Testing.Processes builds the silo).", path);
            return path;
        }
    }

    /// <summary>The dotnet host that runs the silo: the one running this process when it can be told, else dotnet on PATH.</summary>
    public static string DotnetHost
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
                return hostPath;
            if (Environment.ProcessPath is { } processPath
                && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                return processPath;
            return "dotnet";
        }
    }

    private static string BuildMetadata(string key) =>
        typeof(SiloLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"LiveChat.Testing.Processes lacks the '{key}' metadata its project file sets.");

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFile))) return folder.FullName;
        }
        throw new DirectoryNotFoundException($"No folder above '{AppContext.BaseDirectory}' holds {SolutionFile}.");
    }
}
