namespace LiveChat.Storage.Sqlite;

using System.Data;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>
/// Grain storage keeping every grain's state in one SQLite file (WAL journal).
/// Writes go through a single writer thread and are acknowledged only after their
/// transaction committed; reads use separate pooled connections and see committed data.
/// ETags are decimal version numbers from one database-wide counter.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private const string SelectRow = "SELECT version, payload FROM grain_state WHERE state_name = $s AND grain_id = $g;";

    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;
    private readonly IActivatorProvider? _activators;
    private readonly string _databasePath;
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly Lock _startLock = new();
    private SqliteWriter? _writer;
    private volatile bool _disposed;

    /// <param name="name">Provider name, used in messages.</param>
    /// <param name="options">Validated here; see <see cref="SqliteGrainStorageOptions.Validate"/>.</param>
    /// <param name="defaultSerializer">Used when <see cref="SqliteGrainStorageOptions.GrainStorageSerializer"/> is null.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="activatorProvider">
    /// Creates the fresh state a read of a missing record leaves, as the runtime creates it; when null,
    /// <see cref="Activator.CreateInstance{T}()"/>.
    /// </param>
    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStorageSerializer? defaultSerializer = null,
        ILogger<SqliteGrainStorage>? logger = null,
        IActivatorProvider? activatorProvider = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(name);

        _name = name;
        _options = options;
        _serializer = options.GrainStorageSerializer ?? defaultSerializer ?? throw new OrleansConfigurationException(
            $"SQLite grain storage '{name}': no {nameof(IGrainStorageSerializer)} given.");
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _activators = activatorProvider;
        _databasePath = Path.GetFullPath(options.DatabasePath!);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Microsoft.Data.Sqlite retries a busy database for this long (whole seconds).
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            // The writer's connection lives for the provider's lifetime and must really close on dispose.
            Pooling = false,
        };
        _writerConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = true;
        _readerConnectionString = builder.ToString();
    }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureStarted();
        await using var connection = new SqliteConnection(_readerConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SelectRow;
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow);

        if (!await reader.ReadAsync())
        {
            // Like Orleans' own providers: no record means a fresh state, not whatever was in memory
            // (e.g. a re-read after the record was deleted elsewhere).
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reader.IsDBNull(1))
        {
            // A cleared row kept for its version (DeleteStateOnClear = false).
            grainState.State = CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        // A stored null becomes a fresh state: grains never see a null State.
        grainState.State = _serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1))) ?? CreateInstance<T>();
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = ToArray(_serializer.Serialize(grainState.State));
        var write = new PendingWrite(WriteKind.Upsert, stateName, grainId.ToString(), grainState.ETag, payload);
        grainState.ETag = await EnsureStarted().Enqueue(write);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var kind = _options.DeleteStateOnClear ? WriteKind.Delete : WriteKind.Tombstone;
        var write = new PendingWrite(kind, stateName, grainId.ToString(), grainState.ETag, payload: null);
        // Null after a delete; the kept row's new version after a tombstone.
        grainState.ETag = await EnsureStarted().Enqueue(write);
        grainState.RecordExists = false;
    }

    /// <summary>Opens the database at silo start, so a bad path fails the start rather than the first grain.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                EnsureStarted();
                return Task.CompletedTask;
            });

    /// <summary>Waits for queued writes to commit, then closes every connection to the file.</summary>
    public async ValueTask DisposeAsync()
    {
        SqliteWriter? writer;
        lock (_startLock)
        {
            if (_disposed) return;
            _disposed = true;
            writer = _writer;
        }

        if (writer is not null) await writer.StopAsync().ConfigureAwait(false);
        // Idle pooled readers keep the file (and its -wal) open; release them too.
        using var probe = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(probe);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Creates the folder, file and schema, and starts the writer; once.</summary>
    private SqliteWriter EnsureStarted()
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
                SqliteSchema.ConfigureWriter(connection, _options);
                SqliteSchema.EnsureCreated(connection);
            }
            catch
            {
                // Leave nothing half-open; the next call tries again.
                connection.Dispose();
                throw;
            }

            _logger.LogInformation(
                "SQLite grain storage {Name} opened {Path} (synchronous={Synchronous})",
                _name, _databasePath, _options.Synchronous);
            Volatile.Write(ref _writer, new SqliteWriter(connection, _options.MaxWriteBatchSize, _logger));
            return _writer;
        }
    }

    private T CreateInstance<T>() => _activators is null ? Activator.CreateInstance<T>() : _activators.GetActivator<T>().Create();

    // Avoids copying a serializer's buffer when it already is exactly one whole array.
    private static byte[] ToArray(BinaryData data)
    {
        var memory = data.ToMemory();
        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }
}
