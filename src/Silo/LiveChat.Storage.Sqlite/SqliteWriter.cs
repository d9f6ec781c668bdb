namespace LiveChat.Storage.Sqlite;

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

/// <summary>
/// The only writer of the database: a dedicated thread that owns one connection and commits
/// queued writes in batches. SQLite admits one writer at a time, so funnelling every write
/// through here avoids lock contention, and whatever queues up while one commit is being
/// synced goes out together in the next (group commit).
/// </summary>
internal sealed class SqliteWriter
{
    private readonly BlockingCollection<PendingWrite> _queue = new(new ConcurrentQueue<PendingWrite>());
    private readonly SqliteConnection _connection;
    private readonly WriteBatchCommitter _committer;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="connection">Open, configured connection; the writer owns and closes it.</param>
    public SqliteWriter(SqliteConnection connection, int maxBatchSize, ILogger logger)
    {
        _connection = connection;
        _committer = new WriteBatchCommitter(connection);
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        // A dedicated thread, because Microsoft.Data.Sqlite blocks for the whole commit
        // including fsync; doing that on pool threads would starve the Orleans scheduler.
        _thread = new Thread(Run) { IsBackground = true, Name = "SqliteGrainStorage writer" };
        _thread.Start();
    }

    /// <summary>Queues a write; the task completes after its transaction has committed.</summary>
    public Task<string?> Enqueue(PendingWrite write)
    {
        try
        {
            _queue.Add(write);
        }
        catch (InvalidOperationException)
        {
            // Adding raced with StopAsync: the writer no longer takes work.
            throw new ObjectDisposedException(nameof(SqliteGrainStorage), "The SQLite grain storage has been disposed.");
        }

        return write.Completion;
    }

    /// <summary>
    /// Stops taking writes, commits the ones already queued (their callers get real
    /// answers), then closes the connection. Idempotent.
    /// </summary>
    public Task StopAsync()
    {
        _queue.CompleteAdding();
        return _stopped.Task;
    }

    private void Run()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        try
        {
            // Blocks until a write arrives; returns false once stopped and drained.
            while (_queue.TryTake(out var first, Timeout.Infinite))
            {
                batch.Add(first);
                while (batch.Count < _maxBatchSize && _queue.TryTake(out var next))
                {
                    batch.Add(next);
                }

                if (_committer.Commit(batch) is { } error)
                {
                    _logger.LogError(error, "SQLite grain storage failed to commit a batch of {Count} writes", batch.Count);
                }

                batch.Clear();
            }
        }
        catch (Exception error)
        {
            // Not expected (Commit never throws); fail anything still waiting rather than hang it.
            _logger.LogCritical(error, "SQLite grain storage writer stopped unexpectedly");
            foreach (var write in batch) write.Fail(error);
            _queue.CompleteAdding();
            while (_queue.TryTake(out var left)) left.Fail(error);
        }
        finally
        {
            _committer.Dispose();
            _connection.Dispose();
            _queue.Dispose();
            _stopped.TrySetResult();
        }
    }
}
