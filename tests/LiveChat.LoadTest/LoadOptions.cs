namespace LiveChat.LoadTest;

/// <summary>Command-line options: `--name value`; `--smoke` shrinks everything to a few seconds.</summary>
public sealed class LoadOptions
{
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);
    public int Chats { get; set; } = 500;
    public int Concurrency { get; set; } = 64;
    public int MemoryChats { get; set; } = 100_000;
    /// <summary>
    /// The memory scenario stops starting chats after this many minutes (0: no limit) and measures
    /// those it started, extrapolating to <see cref="MemoryChats"/>: a million chats take longer than
    /// a busy machine may give them.
    /// </summary>
    public double MemoryMinutes { get; set; }
    public int[] SearchSizes { get; set; } = [100, 1_000, 10_000];
    public int BackgroundChats { get; set; } = 1_000;
    /// <summary>
    /// Invites per phase: the p99 of 1,000 is the 10th slowest; of the earlier 300 it was the 3rd,
    /// which one stray pause decided.
    /// </summary>
    public int Invites { get; set; } = 1_000;
    /// <summary>The fan-out scenario's SignalR connections (`--scenarios fanout` only): end users and agents over WebSockets.</summary>
    public int FanOutConnections { get; set; } = 5_000;
    /// <summary>Messages a second the fan-out scenario posts, spread over its chats.</summary>
    public double FanOutRate { get; set; } = 250;
    /// <summary>Chats already waiting in the queue the queue scenario starts chats in.</summary>
    public int QueueDepth { get; set; } = 100_000;
    /// <summary>How many silo processes the scale-out scenario measures against one.</summary>
    public int ScaleOutSilos { get; set; } = 3;
    /// <summary>The soak (`--scenarios soak` only: never in the default list): minutes per target.</summary>
    public double SoakMinutes { get; set; } = 30;
    /// <summary>Active chats the soak's messages are spread over.</summary>
    public int SoakChats { get; set; } = 5_000;
    /// <summary>
    /// Messages a second, in total: steady traffic well under what two cores carry (the HTTP
    /// scenario's POST rate on the embedded default), so latency measures the product, not a backlog.
    /// </summary>
    public double SoakRate { get; set; } = 500;
    /// <summary>Where the soak runs, one after the other: the embedded default and three silo processes on Redis.</summary>
    public string[] SoakTargets { get; set; } = ["embedded", "cluster"];
    public HashSet<string> Scenarios { get; set; } = ["message", "http", "invite", "growth", "search", "memory", "queue", "ceiling", "scaleout", "failover"];
    /// <summary>artifacts/bench at the repository root, wherever the command runs from (`dotnet run` starts it in its project folder).</summary>
    public string Output { get; set; } = Path.Combine(LiveChat.Testing.Processes.SiloLocator.RepositoryRoot, "artifacts", "bench");
    public bool Smoke { get; set; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Next())); break;
                case "--chats": options.Chats = int.Parse(Next()); break;
                case "--concurrency": options.Concurrency = int.Parse(Next()); break;
                case "--memory-chats": options.MemoryChats = int.Parse(Next()); break;
                case "--search-sizes": options.SearchSizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--background-chats": options.BackgroundChats = int.Parse(Next()); break;
                case "--invites": options.Invites = int.Parse(Next()); break;
                case "--memory-minutes": options.MemoryMinutes = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--fanout-connections": options.FanOutConnections = int.Parse(Next()); break;
                case "--fanout-rate": options.FanOutRate = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--queue-depth": options.QueueDepth = int.Parse(Next()); break;
                case "--scaleout-silos": options.ScaleOutSilos = int.Parse(Next()); break;
                case "--soak-minutes": options.SoakMinutes = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--soak-chats": options.SoakChats = int.Parse(Next()); break;
                case "--soak-rate": options.SoakRate = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--soak-targets": options.SoakTargets = Next().Split(','); break;
                case "--scenarios": options.Scenarios = Next().Split(',').ToHashSet(); break;
                case "--out": options.Output = Next(); break;
                case "--smoke":
                    options.Smoke = true;
                    options.Duration = TimeSpan.FromSeconds(1.5);
                    options.Chats = 20;
                    options.Concurrency = 8;
                    options.MemoryChats = 500;
                    options.SearchSizes = [50];
                    options.BackgroundChats = 20;
                    options.Invites = 10;
                    options.FanOutConnections = 50;
                    options.FanOutRate = 50;
                    options.QueueDepth = 5_000;
                    // Each silo process takes seconds to start on two cores: two are enough to show the path works.
                    options.ScaleOutSilos = 2;
                    break;
                case "--help" or "-h":
                    Console.WriteLine("LiveChat.LoadTest [--smoke] [--duration s] [--chats n] [--concurrency n] [--memory-chats n] " +
                        "[--memory-minutes m] [--search-sizes a,b,c] [--background-chats n] [--invites n] [--queue-depth n] [--scaleout-silos n] " +
                        "[--scenarios message,http,invite,growth,search,memory,queue,ceiling,scaleout,failover] [--out dir]\n" +
                        "  fanout (only when named in --scenarios): [--fanout-connections 5000] [--fanout-rate 250]\n" +
                        "  soak (only when named in --scenarios): [--soak-minutes 30] [--soak-chats 5000] [--soak-rate 500] [--soak-targets embedded,cluster]");
                    Environment.Exit(0);
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]} (see --help).");
            }
        }
        return options;
    }
}
