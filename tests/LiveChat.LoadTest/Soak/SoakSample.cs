namespace LiveChat.LoadTest.Soak;

/// <summary>One 10-second window of the soak: the traffic's answers in it and memory at its end.</summary>
public sealed record SoakSample(
    double Minutes,
    double ResidentMb,
    double? ManagedHeapMb,
    IReadOnlyDictionary<string, double>? PerSiloMb,
    int Requests,
    double PerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    IReadOnlyDictionary<string, double>? PerSiloManagedMb = null,
    IReadOnlyDictionary<string, double>? PerSiloCommittedMb = null,
    IReadOnlyDictionary<string, long>? Activations = null);
