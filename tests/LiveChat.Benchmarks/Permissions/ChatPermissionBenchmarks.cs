namespace LiveChat.Benchmarks.Permissions;

using BenchmarkDotNet.Attributes;
using LiveChat.Grains.Chat;
using LiveChat.Model;

/// <summary>
/// The A-table check that guards every agent action in a chat (ChatSessionGrain.EnsureMay), over
/// every (role, action) pair so no single branch flatters it. Times are per check.
/// </summary>
[MemoryDiagnoser]
public class ChatPermissionBenchmarks
{
    private static readonly ChatRole[] Roles = Enum.GetValues<ChatRole>();
    private static readonly ChatAction[] Actions = Enum.GetValues<ChatAction>();
    private const int Pairs = 4 * 11;

    private bool[,] _table = new bool[0, 0];

    [GlobalSetup]
    public void Setup()
    {
        if (Roles.Length * Actions.Length != Pairs) throw new InvalidOperationException("The A-table changed shape: update Pairs.");
        _table = new bool[Roles.Length, Actions.Length];
        foreach (var role in Roles)
            foreach (var action in Actions)
                _table[(int)role, (int)action] = ChatPermissionTable.Allows(role, action);
    }

    /// <summary>Baseline: the same answers from a precomputed array, the least any table lookup costs.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs)]
    public int ArrayLookup()
    {
        var allowed = 0;
        foreach (var role in Roles)
            foreach (var action in Actions)
                if (_table[(int)role, (int)action]) allowed++;
        return allowed;
    }

    /// <summary>The decision alone: the pattern match of ChatPermissionTable.Allows.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public int Allows()
    {
        var allowed = 0;
        foreach (var role in Roles)
            foreach (var action in Actions)
                if (ChatPermissionTable.Allows(role, action)) allowed++;
        return allowed;
    }

    /// <summary>What EnsureMay pays for the table per call: the rule id for messages, then the decision.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public int RuleIdAndAllows()
    {
        var allowed = 0;
        foreach (var role in Roles)
            foreach (var action in Actions)
                if (ChatPermissionTable.RuleId(action).Length > 0 && ChatPermissionTable.Allows(role, action)) allowed++;
        return allowed;
    }
}
