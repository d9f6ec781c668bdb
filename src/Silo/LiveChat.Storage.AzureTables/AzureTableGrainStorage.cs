namespace LiveChat.Storage.AzureTables;

using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>
/// Grain storage on Azure Table Storage: every state of this provider in one table, one entity per
/// (state name, grain id), with the service's ETags for optimistic concurrency.
/// </summary>
/// <remarks>
/// PartitionKey is the grain id and RowKey the state name, both through <see cref="AzureTableKeys"/>.
/// A payload is split over binary properties of one entity (see <see cref="StateEntityLayout"/>),
/// so a write stays one atomic, ETag-checked request; a state larger than one entity holds
/// (1 MiB in all) is refused with <see cref="AzureTableGrainStorageException"/>.
/// </remarks>
public sealed class AzureTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly string[] KeyOnly = ["PartitionKey"];

    private readonly string _name;
    private readonly AzureTableGrainStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;
    private readonly IActivatorProvider? _activators;
    private readonly TableClient _table;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _tableReady;

    /// <param name="name">Provider name, used in messages.</param>
    /// <param name="options">Validated here; see <see cref="AzureTableGrainStorageOptions.Validate"/>.</param>
    /// <param name="defaultSerializer">Used when <see cref="AzureTableGrainStorageOptions.GrainStorageSerializer"/> is null.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="activatorProvider">
    /// Creates the fresh state a read of a missing record leaves, as the runtime creates it; when null,
    /// <see cref="Activator.CreateInstance{T}()"/>.
    /// </param>
    public AzureTableGrainStorage(
        string name,
        AzureTableGrainStorageOptions options,
        IGrainStorageSerializer? defaultSerializer = null,
        ILogger<AzureTableGrainStorage>? logger = null,
        IActivatorProvider? activatorProvider = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(name);

        _name = name;
        _options = options;
        _serializer = options.GrainStorageSerializer ?? defaultSerializer ?? throw new OrleansConfigurationException(
            $"Azure Table grain storage '{name}': no {nameof(IGrainStorageSerializer)} given.");
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _activators = activatorProvider;
        _table = new TableServiceClient(options.ConnectionString, options.ClientOptions ?? new TableClientOptions())
            .GetTableClient(options.TableName);
    }

    /// <summary>
    /// The largest serialized state this provider stores for <paramref name="stateName"/> of
    /// <paramref name="grainId"/>: a little under 768 KiB, since the 1 MiB entity travels as JSON with
    /// binary as base64 (see <see cref="StateEntityLayout.MaxPayloadBytes"/>); longer ids leave slightly less room.
    /// </summary>
    public int MaxPayloadBytes(string stateName, GrainId grainId)
    {
        var (partitionKey, rowKey, grain) = Keys(stateName, grainId);
        return StateEntityLayout.MaxPayloadBytes(partitionKey, rowKey, stateName, grain);
    }

    /// <inheritdoc/>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey, grain) = Keys(stateName, grainId);
        var table = await GetTableAsync().ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            // Like Orleans' own providers: no record means a fresh state, not whatever was in memory.
            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var entity = response.Value;
        CheckOwner(entity, stateName, grain);
        var payload = ReadPayload(entity, stateName, grain);
        grainState.ETag = entity.ETag.ToString();
        if (payload is null)
        {
            // A cleared entity kept for its ETag (DeleteStateOnClear = false).
            grainState.State = CreateInstance<T>();
            grainState.RecordExists = false;
            return;
        }

        // A stored null becomes a fresh state: grains never see a null State.
        grainState.State = _serializer.Deserialize<T>(new BinaryData(payload)) ?? CreateInstance<T>();
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey, grain) = Keys(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State).ToMemory();
        var max = StateEntityLayout.MaxPayloadBytes(partitionKey, rowKey, stateName, grain);
        if (payload.Length > max)
        {
            throw new AzureTableGrainStorageException(
                $"Azure Table grain storage '{_name}': state '{stateName}' of grain {grain} serializes to {payload.Length} bytes, " +
                $"more than the {max} bytes one table entity can hold (Azure's limit is {StateEntityLayout.MaxEntityBytes} bytes per entity, " +
                "and the request carries binary as base64). " +
                "Nothing was written; keep large data (e.g. attachments) in blob storage and only references in grain state.");
        }

        var entity = StateEntityLayout.NewEntity(partitionKey, rowKey, stateName, grain);
        StateEntityLayout.AddPayload(entity, payload);
        grainState.ETag = await PutAsync(entity, grainState.ETag, "write", stateName, grain).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (partitionKey, rowKey, grain) = Keys(stateName, grainId);
        if (!_options.DeleteStateOnClear)
        {
            var kept = StateEntityLayout.NewEntity(partitionKey, rowKey, stateName, grain);
            grainState.ETag = await PutAsync(kept, grainState.ETag, "clear", stateName, grain).ConfigureAwait(false);
            grainState.RecordExists = false;
            return;
        }

        var table = await GetTableAsync().ConfigureAwait(false);
        if (grainState.ETag is null)
        {
            // Clearing with no ETag: fine when nothing is stored, a conflict otherwise.
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, KeyOnly).ConfigureAwait(false);
            if (existing.HasValue)
            {
                throw Conflict("clear", stateName, grain, grainState.ETag, existing.Value?.ETag.ToString());
            }
        }
        else
        {
            if (!IsWellFormed(grainState.ETag)) throw Conflict("clear", stateName, grain, grainState.ETag, storedETag: null);
            try
            {
                var response = await table.DeleteEntityAsync(partitionKey, rowKey, new ETag(grainState.ETag)).ConfigureAwait(false);
                // The SDK reports a missing entity as a 404 response instead of an exception.
                if (response.Status == 404) throw Conflict("clear", stateName, grain, grainState.ETag, storedETag: null);
            }
            catch (RequestFailedException e) when (IsConflict(e))
            {
                throw Conflict("clear", stateName, grain, grainState.ETag, storedETag: null, e);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Creates the table at silo start, so a bad account or name fails the start rather than the first grain.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            $"{nameof(AzureTableGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            async _ => await GetTableAsync().ConfigureAwait(false));

    private T CreateInstance<T>() => _activators is null ? Activator.CreateInstance<T>() : _activators.GetActivator<T>().Create();

    /// <summary>Adds (no ETag) or replaces (ETag-checked) the whole entity; returns its new ETag.</summary>
    private async Task<string> PutAsync(TableEntity entity, string? expectedETag, string operation, string stateName, string grain)
    {
        if (expectedETag is not null && !IsWellFormed(expectedETag))
        {
            // Not an ETag this store hands out, so it cannot match the stored one.
            throw Conflict(operation, stateName, grain, expectedETag, storedETag: null);
        }

        var table = await GetTableAsync().ConfigureAwait(false);
        try
        {
            var response = expectedETag is null
                ? await table.AddEntityAsync(entity).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace).ConfigureAwait(false);
            return response.Headers.ETag?.ToString()
                ?? throw new AzureTableGrainStorageException(
                    $"Azure Table grain storage '{_name}': the service returned no ETag for the {operation} of state '{stateName}' of grain {grain}.");
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            throw Conflict(operation, stateName, grain, expectedETag, storedETag: null, e);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            // Deleted behind our back: the next call creates it again instead of failing forever.
            _tableReady = false;
            throw;
        }
    }

    /// <summary>The table, created on first use; a failed creation is tried again by the next call.</summary>
    private async ValueTask<TableClient> GetTableAsync()
    {
        if (_tableReady) return _table;
        await _createLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_tableReady)
            {
                await _table.CreateIfNotExistsAsync().ConfigureAwait(false);
                _logger.LogInformation("Azure Table grain storage {Name} uses table {Table} at {Endpoint}", _name, _table.Name, _table.Uri);
                _tableReady = true;
            }
        }
        finally
        {
            _createLock.Release();
        }

        return _table;
    }

    /// <summary>Null for a cleared entity; else the payload, checked whole against its stored length and hash.</summary>
    private byte[]? ReadPayload(TableEntity entity, string stateName, string grain)
    {
        var length = entity.GetInt64(StateEntityLayout.LengthProperty);
        if (length is null) return null;

        var chunks = entity.GetInt32(StateEntityLayout.ChunksProperty);
        var hash = entity.GetBinary(StateEntityLayout.HashProperty);
        if (chunks is null || hash is null || length < 0 || length > StateEntityLayout.MaxEntityBytes || chunks != StateEntityLayout.ChunkCount((int)length))
        {
            throw Torn(stateName, grain, $"payload header is incomplete (length {length}, chunks {chunks?.ToString() ?? "none"}, hash {(hash is null ? "missing" : "present")})");
        }

        if (entity.ContainsKey(StateEntityLayout.DataPrefix + chunks))
            throw Torn(stateName, grain, $"a chunk {StateEntityLayout.DataPrefix}{chunks} beyond the {chunks} announced is present");

        var payload = new byte[length.Value];
        var offset = 0;
        for (var i = 0; i < chunks; i++)
        {
            var chunk = entity.GetBinary(StateEntityLayout.DataPrefix + i)
                ?? throw Torn(stateName, grain, $"chunk {StateEntityLayout.DataPrefix}{i} of {chunks} is missing");
            if (chunk.Length > payload.Length - offset)
                throw Torn(stateName, grain, $"the chunks hold more than the {length} bytes announced");
            chunk.CopyTo(payload, offset);
            offset += chunk.Length;
        }

        if (offset != payload.Length)
            throw Torn(stateName, grain, $"the chunks hold {offset} bytes, {length} announced");
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(payload), hash))
            throw Torn(stateName, grain, "the SHA-256 of the chunks differs from the stored one");
        return payload;
    }

    private void CheckOwner(TableEntity entity, string stateName, string grain)
    {
        var format = entity.GetInt32(StateEntityLayout.FormatProperty);
        if (format != StateEntityLayout.CurrentFormat)
        {
            throw new AzureTableGrainStorageException(
                $"Azure Table grain storage '{_name}': the entity of state '{stateName}' of grain {grain} in table {_table.Name} " +
                $"has format {format?.ToString() ?? "none"}; this build reads format {StateEntityLayout.CurrentFormat} only.");
        }

        if (entity.GetString(StateEntityLayout.StateNameProperty) != stateName || entity.GetString(StateEntityLayout.GrainIdProperty) != grain)
        {
            throw new AzureTableGrainStorageException(
                $"Azure Table grain storage '{_name}': the entity at the keys of state '{stateName}' of grain {grain} belongs to " +
                $"state '{entity.GetString(StateEntityLayout.StateNameProperty)}' of grain {entity.GetString(StateEntityLayout.GrainIdProperty)}.");
        }
    }

    private AzureTableGrainStorageException Torn(string stateName, string grain, string detail) =>
        new($"Azure Table grain storage '{_name}': the stored state '{stateName}' of grain {grain} in table {_table.Name} is not whole: {detail}. " +
            "It was not deserialized.");

    private InconsistentStateException Conflict(string operation, string stateName, string grain, string? givenETag, string? storedETag, Exception? inner = null)
    {
        var message =
            $"Azure Table grain storage '{_name}': ETag mismatch on {operation} of state '{stateName}' for grain {grain}: " +
            $"stored ETag {storedETag ?? "<unknown or none>"}, given {givenETag ?? "<none>"}.";
        _logger.LogDebug("{Message}", message);
        return inner is null
            ? new InconsistentStateException(message, storedETag!, givenETag!)
            : new InconsistentStateException(message, storedETag!, givenETag!, inner);
    }

    // 409: Add of an existing entity. 412: ETag mismatch. 404: the entity (not the table) is gone.
    private static bool IsConflict(RequestFailedException e) =>
        e.Status is 409 or 412 || (e.Status == 404 && e.ErrorCode != "TableNotFound");

    // The table service's ETags are weak and carry the entity's timestamp: W/"datetime'...'". Anything else
    // was not issued by it, cannot match, and would only earn a 400 (Bad Request) if sent.
    private static bool IsWellFormed(string etag) =>
        etag.StartsWith("W/\"datetime'", StringComparison.Ordinal) && etag.EndsWith("'\"", StringComparison.Ordinal) && etag.Length > 15;

    private static (string PartitionKey, string RowKey, string Grain) Keys(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var grain = grainId.ToString();
        return (AzureTableKeys.Encode(grain), AzureTableKeys.Encode(stateName), grain);
    }
}
