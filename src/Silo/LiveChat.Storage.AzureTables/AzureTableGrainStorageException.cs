namespace LiveChat.Storage.AzureTables;

using Orleans.Runtime;

/// <summary>
/// A state that cannot be stored (larger than one table entity holds) or a stored entity that
/// is not whole or not ours (payload length or hash mismatch, unknown layout).
/// ETag conflicts are <see cref="Orleans.Storage.InconsistentStateException"/> instead.
/// </summary>
public sealed class AzureTableGrainStorageException : OrleansException
{
    public AzureTableGrainStorageException(string message) : base(message)
    {
    }

    public AzureTableGrainStorageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
