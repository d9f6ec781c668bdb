namespace LiveChat.Storage.Sqlite;

using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

/// <summary>
/// Orleans' reminder table in a SQLite file, normally the grain storage's own (its own tables, the same
/// connection settings: WAL, synchronous level, busy timeout). A reminder registered with the silo is on
/// disk once the call returns, so it fires after a restart. Writes go one at a time through one
/// connection (reminder writes are rare: a register or unregister, never a tick); reads use pooled
/// connections. ETags are decimal numbers from one table-wide counter. Rows carry the service id, so
/// two services sharing a file keep their reminders apart.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable, IAsyncDisposable, IDisposable
{
    private const string Columns = "grain_id, reminder_name, start_at_ticks, period_ticks, version";

    private readonly SqliteReminderTableOptions _options;
    private readonly string _serviceId;
    private readonly ILogger _logger;
    private readonly string _databasePath;
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    // One write at a time, on the one writer connection.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _startLock = new();
    private SqliteConnection? _writer;
    private bool _disposed;

    /// <summary>The silo's constructor: options by name-less <see cref="IOptions{T}"/>, the service id from <see cref="ClusterOptions"/>.</summary>
    public SqliteReminderTable(
        IOptions<SqliteReminderTableOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<SqliteReminderTable>? logger = null)
        : this(options.Value, clusterOptions.Value.ServiceId, logger)
    {
    }

    /// <param name="options">Validated here.</param>
    /// <param name="serviceId">Keeps this service's reminders apart from another's in the same file.</param>
    /// <param name="logger">Optional.</param>
    public SqliteReminderTable(SqliteReminderTableOptions options, string serviceId, ILogger<SqliteReminderTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        options.Validate();
        _options = options;
        _serviceId = serviceId;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _databasePath = Path.GetFullPath(options.DatabasePath!);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            // The writer's connection lives as long as the table and must really close on dispose.
            Pooling = false,
        };
        _writerConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = true;
        _readerConnectionString = builder.ToString();
    }

    /// <summary>Opens the file and creates the tables, so a bad path fails the silo's start.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Write(_ => 0);

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken = default) => DisposeAsync().AsTask();

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Read(
            $"SELECT {Columns} FROM reminders WHERE service_id = $s AND grain_id = $g;",
            command => command.Parameters.AddWithValue("$g", grainId.ToString()));

    /// <summary>Rows whose grain hash is in (begin, end]; when begin >= end the range wraps: above begin or up to end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var condition = begin < end ? "grain_hash > $b AND grain_hash <= $e" : "(grain_hash > $b OR grain_hash <= $e)";
        return Read(
            $"SELECT {Columns} FROM reminders WHERE service_id = $s AND {condition};",
            command =>
            {
                command.Parameters.AddWithValue("$b", (long)begin);
                command.Parameters.AddWithValue("$e", (long)end);
            });
    }

    /// <inheritdoc/>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Read(
            $"SELECT {Columns} FROM reminders WHERE service_id = $s AND grain_id = $g AND reminder_name = $n;",
            command =>
            {
                command.Parameters.AddWithValue("$g", grainId.ToString());
                command.Parameters.AddWithValue("$n", reminderName);
            });
        return rows.Reminders.SingleOrDefault();
    }

    /// <summary>
    /// Inserts or replaces the row whatever its ETag (the contract of every Orleans reminder table: the
    /// reminder service registers and updates without one) and returns the row's new ETag.
    /// </summary>
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName);
        return Write<string?>(transaction =>
        {
            var version = NextVersion(transaction);
            using var command = Command(transaction, """
                INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at_ticks, period_ticks, version)
                VALUES ($s, $g, $n, $h, $t, $p, $v)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
                    grain_hash = excluded.grain_hash, start_at_ticks = excluded.start_at_ticks,
                    period_ticks = excluded.period_ticks, version = excluded.version;
                """);
            command.Parameters.AddWithValue("$g", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$n", entry.ReminderName);
            command.Parameters.AddWithValue("$h", (long)entry.GrainId.GetUniformHashCode());
            // Kept as UTC ticks: a read gives back exactly the instant written, whatever the Kind it came with.
            command.Parameters.AddWithValue("$t", ToUtc(entry.StartAt).Ticks);
            command.Parameters.AddWithValue("$p", entry.Period.Ticks);
            command.Parameters.AddWithValue("$v", version);
            command.ExecuteNonQuery();
            return FormatETag(version);
        });
    }

    /// <summary>Removes the row only if it still has <paramref name="eTag"/>; false when it has another or none.</summary>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return Task.FromResult(false);
        return Write(transaction =>
        {
            using var command = Command(transaction,
                "DELETE FROM reminders WHERE service_id = $s AND grain_id = $g AND reminder_name = $n AND version = $v;");
            command.Parameters.AddWithValue("$g", grainId.ToString());
            command.Parameters.AddWithValue("$n", reminderName);
            command.Parameters.AddWithValue("$v", version);
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <summary>Removes every reminder of this service (tests only).</summary>
    public Task TestOnlyClearTable() =>
        Write(transaction =>
        {
            using var command = Command(transaction, "DELETE FROM reminders WHERE service_id = $s;");
            return command.ExecuteNonQuery();
        });

    /// <summary>Waits for the write in progress, then closes every connection to the file. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        // Idle pooled readers keep the file open; release them too.
        using var probe = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(probe);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Microsoft.Data.Sqlite blocks even in its async methods (a commit waits for fsync), so the work runs
    // on the thread pool rather than on the caller's (the reminder service's) scheduler.
    private Task<ReminderTableData> Read(string sql, Action<SqliteCommand> bind) =>
        Task.Run(() =>
        {
            EnsureStarted();
            using var connection = new SqliteConnection(_readerConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$s", _serviceId);
            bind(command);
            using var reader = command.ExecuteReader();
            var rows = new List<ReminderEntry>();
            while (reader.Read())
            {
                rows.Add(new ReminderEntry
                {
                    GrainId = GrainId.Parse(reader.GetString(0)),
                    ReminderName = reader.GetString(1),
                    StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                    Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                    ETag = FormatETag(reader.GetInt64(4)),
                });
            }

            return new ReminderTableData(rows);
        });

    private async Task<T> Write<T>(Func<SqliteTransaction, T> work)
    {
        await _writeLock.WaitAsync();
        try
        {
            return await Task.Run(() =>
            {
                var connection = EnsureStarted();
                // IMMEDIATE: takes the file's write lock first (waiting up to the busy timeout while the grain
                // storage commits), so the counter read and the row write are one step.
                using var transaction = connection.BeginTransaction(deferred: false);
                var result = work(transaction);
                transaction.Commit();
                return result;
            });
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Called with the write lock held (writes) or without it (reads, which only need the tables to exist).
    private SqliteConnection EnsureStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _writer) is { } started) return started;
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null) return _writer;
            Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
            var connection = new SqliteConnection(_writerConnectionString);
            try
            {
                connection.Open();
                SqliteReminderSchema.Configure(connection, _options);
                SqliteReminderSchema.EnsureCreated(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _logger.LogInformation("SQLite reminder table opened {Path} for service {ServiceId}", _databasePath, _serviceId);
            Volatile.Write(ref _writer, connection);
            return connection;
        }
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", _serviceId);
        return command;
    }

    private static long NextVersion(SqliteTransaction transaction)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE reminder_meta SET value = value + 1 WHERE name = 'last_version' RETURNING value;";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        // Orleans means UTC; an unspecified Kind is taken as such.
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
