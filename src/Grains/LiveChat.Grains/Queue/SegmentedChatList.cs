namespace LiveChat.Grains.Queue;

using Orleans.Storage;

/// <summary>
/// One of a queue's chat lists (waiting or active), ordered by <see cref="QueuedChat.Since"/>:
/// all of it in memory, stored as segment rows of at most <see cref="SegmentCapacity"/> entries
/// whose ids the queue's head lists in order. A chat arriving or leaving writes the one segment
/// it is in; the head is written only when a segment is added (every 256 arrivals, or a split
/// when a late notice lands in a full segment) or dropped (when its last chat leaves). So one
/// change costs the same with 10 or 100,000 chats in the list.
/// </summary>
/// <remarks>
/// Writes go in an order that never loses a stored chat if the silo dies between them: the head
/// names a new segment before the segment is written (a named segment never written reads empty),
/// a split writes the new half before shrinking the old one (a crash leaves duplicates, which
/// <see cref="Load"/> removes), and a dropped segment leaves the head before its row is cleared.
/// </remarks>
public sealed class SegmentedChatList
{
    public const int SegmentCapacity = 256;
    private const int ParallelReads = 32;

    private readonly string _kind;
    private readonly IGrainStorage _storage;
    private readonly GrainId _grainId;
    private readonly Func<QueueState> _head;
    private readonly Func<QueueState, List<int>> _ids;
    private readonly Func<Task> _writeHead;
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<string, Segment> _where = [];

    /// <param name="kind">"waiting" or "active": segment rows are stored as <c>queue-{kind}-{id}</c>.</param>
    /// <param name="head">The queue's head state (its ids and the next segment id live there).</param>
    /// <param name="ids">This list's segment ids in the head.</param>
    /// <param name="writeHead">Stores the head.</param>
    public SegmentedChatList(string kind, IGrainStorage storage, GrainId grainId, Func<QueueState> head, Func<QueueState, List<int>> ids, Func<Task> writeHead)
    {
        _kind = kind;
        _storage = storage;
        _grainId = grainId;
        _head = head;
        _ids = ids;
        _writeHead = writeHead;
    }

    private sealed class Segment(int id, GrainState<QueueSegmentState> stored)
    {
        public int Id { get; } = id;
        public GrainState<QueueSegmentState> Stored { get; } = stored;
        public List<QueuedChat> Entries => Stored.State!.Entries;
    }

    public int Count => _where.Count;

    /// <summary>Segments stored at the moment (none empty).</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>The earliest entry, or null.</summary>
    public QueuedChat? First => _segments.Count == 0 ? null : _segments[0].Entries[0];

    /// <summary>The highest stamp among the entries (0 when none).</summary>
    public long MaxStamp { get; private set; }

    public bool Contains(string chatId) => _where.ContainsKey(chatId);

    public QueuedChat? Find(string chatId) =>
        _where.TryGetValue(chatId, out var segment) ? segment.Entries.Find(e => e.ChatId == chatId) : null;

    /// <summary>Every entry in order. Enumerate without awaiting in between: the list may change at an await.</summary>
    public IEnumerable<QueuedChat> All() => _segments.SelectMany(s => s.Entries);

    /// <summary>Up to <paramref name="take"/> entries after the first <paramref name="skip"/>, skipping whole segments by their counts.</summary>
    public List<QueuedChat> Page(int skip, int take)
    {
        var page = new List<QueuedChat>(Math.Min(take, Math.Max(0, Count - skip)));
        foreach (var segment in _segments)
        {
            if (page.Count >= take) break;
            if (skip >= segment.Entries.Count)
            {
                skip -= segment.Entries.Count;
                continue;
            }
            page.AddRange(segment.Entries.Skip(skip).Take(take - page.Count));
            skip = 0;
        }
        return page;
    }

    public static string StateName(string kind, int segmentId) => $"queue-{kind}-{segmentId}";

    /// <summary>Reads every segment the head names; removes duplicates a crash between two writes left (the higher stamp stays).</summary>
    public async Task Load()
    {
        var ids = _ids(_head()).ToList();
        var loaded = new Segment[ids.Count];
        for (var start = 0; start < ids.Count; start += ParallelReads)
            await Task.WhenAll(Enumerable.Range(start, Math.Min(ParallelReads, ids.Count - start)).Select(async i => loaded[i] = await Read(ids[i])));
        _segments.Clear();
        _where.Clear();
        _segments.AddRange(loaded);
        var changed = new HashSet<Segment>();
        foreach (var segment in _segments)
        {
            for (var i = 0; i < segment.Entries.Count; i++)
            {
                var entry = segment.Entries[i];
                MaxStamp = Math.Max(MaxStamp, entry.Stamp);
                if (_where.TryGetValue(entry.ChatId, out var other))
                {
                    var index = other.Entries.FindIndex(e => e.ChatId == entry.ChatId);
                    if (other.Entries[index].Stamp >= entry.Stamp)
                    {
                        segment.Entries.RemoveAt(i--);
                        changed.Add(segment);
                        continue;
                    }
                    other.Entries.RemoveAt(index);
                    changed.Add(other);
                }
                _where[entry.ChatId] = segment;
            }
        }
        foreach (var segment in changed)
        {
            if (segment.Entries.Count == 0) await Drop(segment);
            else await Write(segment);
        }
    }

    /// <summary>
    /// Adds an entry after every entry not later than it (arrival order even when notices come
    /// late). Appending to a full last segment opens a new one; landing inside a full one splits it.
    /// </summary>
    public async Task Add(QueuedChat entry)
    {
        if (_where.ContainsKey(entry.ChatId)) throw new InvalidOperationException($"Chat {entry.ChatId} is already in the {_kind} list.");
        MaxStamp = Math.Max(MaxStamp, entry.Stamp);
        // Searched from the end: nearly every chat arrives after all the others.
        var s = _segments.Count - 1;
        while (s > 0 && _segments[s].Entries[0].Since > entry.Since) s--;
        if (s < 0)
        {
            await Open(await Reserve(), 0, [entry]);
            return;
        }
        var segment = _segments[s];
        var at = segment.Entries.FindIndex(e => e.Since > entry.Since);
        if (at < 0) at = segment.Entries.Count;
        if (segment.Entries.Count < SegmentCapacity)
        {
            segment.Entries.Insert(at, entry);
            _where[entry.ChatId] = segment;
            await Write(segment);
        }
        else if (at == segment.Entries.Count)
        {
            // After the end of a full segment: the start of a new one (the next segment, if any, begins later).
            await Open(await Reserve(), s + 1, [entry]);
        }
        else
        {
            // Inside a full segment: its second half moves to a new segment right after it. The
            // memory changes in one go (no await in between), so interleaved reads see whole lists.
            var fresh = await Reserve();
            segment.Entries.Insert(at, entry);
            _where[entry.ChatId] = segment;
            var half = segment.Entries.Count / 2;
            var moved = segment.Entries.GetRange(half, segment.Entries.Count - half);
            segment.Entries.RemoveRange(half, moved.Count);
            await Open(fresh, s + 1, moved);
            await Write(segment);
        }
    }

    /// <summary>Adds entries already in order to an empty list, a full segment at a time (moving an older build's list).</summary>
    public async Task Import(IReadOnlyList<QueuedChat> ordered)
    {
        if (_segments.Count > 0) throw new InvalidOperationException("Import fills an empty list only.");
        foreach (var chunk in ordered.DistinctBy(e => e.ChatId).Chunk(SegmentCapacity))
        {
            var segment = await Reserve();
            segment.Stored.State = new QueueSegmentState { Entries = [.. chunk] };
            _segments.Add(segment);
            _ids(_head()).Add(segment.Id);
            foreach (var entry in chunk)
            {
                _where[entry.ChatId] = segment;
                MaxStamp = Math.Max(MaxStamp, entry.Stamp);
            }
            await Write(segment);
        }
        // The caller writes the head, naming these segments and emptying the old list in one write.
    }

    /// <summary>Removes a chat; false when it is not in the list (nothing is written then).</summary>
    public async Task<bool> Remove(string chatId)
    {
        if (!_where.Remove(chatId, out var segment)) return false;
        segment.Entries.RemoveAt(segment.Entries.FindIndex(e => e.ChatId == chatId));
        if (segment.Entries.Count == 0) await Drop(segment);
        else await Write(segment);
        return true;
    }

    /// <summary>
    /// Replaces a chat's entry by one with the same chat and time (its place in the order does not
    /// change) and writes its one segment; false when the chat is not in the list.
    /// </summary>
    public async Task<bool> Replace(QueuedChat entry)
    {
        if (!_where.TryGetValue(entry.ChatId, out var segment)) return false;
        var at = segment.Entries.FindIndex(e => e.ChatId == entry.ChatId);
        if (segment.Entries[at].Since != entry.Since) throw new InvalidOperationException($"Replacing chat {entry.ChatId} must keep its time.");
        segment.Entries[at] = entry;
        MaxStamp = Math.Max(MaxStamp, entry.Stamp);
        await Write(segment);
        return true;
    }

    /// <summary>
    /// A new segment id with whatever its row holds: a row under a new id can only be a leftover of
    /// a crash (ids are never reused), so its content is replaced, and its version lets the write succeed.
    /// </summary>
    private Task<Segment> Reserve() => Read(_head().NextSegmentId++);

    /// <summary>Puts a new segment holding <paramref name="entries"/> at <paramref name="position"/>: head first, then the segment.</summary>
    private async Task Open(Segment segment, int position, List<QueuedChat> entries)
    {
        segment.Stored.State = new QueueSegmentState { Entries = entries };
        _segments.Insert(position, segment);
        _ids(_head()).Insert(position, segment.Id);
        foreach (var entry in entries) _where[entry.ChatId] = segment;
        await _writeHead();
        await Write(segment);
    }

    /// <summary>Takes an empty segment out of the head, then clears its row.</summary>
    private async Task Drop(Segment segment)
    {
        _segments.Remove(segment);
        _ids(_head()).Remove(segment.Id);
        await _writeHead();
        try
        {
            await _storage.ClearStateAsync(StateName(_kind, segment.Id), _grainId, segment.Stored);
        }
        catch (Exception)
        {
            // The head no longer names it: a row left behind is never read again.
        }
    }

    private async Task<Segment> Read(int id)
    {
        var stored = new GrainState<QueueSegmentState>();
        await _storage.ReadStateAsync(StateName(_kind, id), _grainId, stored);
        stored.State ??= new QueueSegmentState();
        return new Segment(id, stored);
    }

    private Task Write(Segment segment) => _storage.WriteStateAsync(StateName(_kind, segment.Id), _grainId, segment.Stored);
}
