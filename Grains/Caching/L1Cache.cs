namespace OrleansAgents.Caching;

/// <summary>
/// An agent's in-grain answer cache, bounded in bytes. Policy: <b>segmented LRU</b> (SLRU). New answers enter a
/// probation segment; an answer hit again moves to a protected segment (<see cref="CachingOptions.L1ProtectedShare"/>
/// of the budget); eviction takes the least recently used probation entry first. So a burst of one-off requests cannot
/// flush the answers that are asked for repeatedly: the frequency signal (hit at least twice) guards them, at the cost
/// of one linked-list move per hit. TTL is "dynamic": a hit extends an entry to now + TTL, never past creation +
/// <see cref="CachingOptions.L1MaxTtlFactor"/> × TTL. Not thread-safe: the grain's single-threaded turns use it.
/// </summary>
internal sealed class L1Cache(long capacityBytes, TimeSpan ttl, int maxTtlFactor, double protectedShare, TimeProvider time)
{
    /// <summary>Bookkeeping bytes charged per entry on top of its serialized answer and key.</summary>
    internal const int EntryOverheadBytes = 96;

    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _probation = new();
    private readonly LinkedList<Entry> _protected = new();
    private readonly long _protectedCapacity = (long)(capacityBytes * protectedShare);
    private long _probationBytes;
    private long _protectedBytes;

    /// <summary>Bytes charged to cached entries.</summary>
    public long Bytes => _probationBytes + _protectedBytes;

    public int Count => _entries.Count;

    public bool TryGet(string key, out CachedAnswer answer)
    {
        answer = null!;
        if (!_entries.TryGetValue(key, out var node))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var entry = node.Value;
        if (now >= entry.Expires)
        {
            Unlink(node);
            return false;
        }

        var extended = now + ttl;
        var cap = entry.Created + (ttl * maxTtlFactor);
        entry.Expires = extended < cap ? extended : cap;
        Promote(node);
        answer = entry.Answer;
        return true;
    }

    /// <summary>Caches <paramref name="answer"/> under <paramref name="key"/>; returns how many entries were evicted for room.</summary>
    public int Set(string key, CachedAnswer answer)
    {
        Remove(key);
        var bytes = answer.SerializedBytes + (key.Length * sizeof(char)) + EntryOverheadBytes;
        if (bytes > capacityBytes)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var node = _probation.AddFirst(new Entry(key, answer, bytes, now) { Expires = now + ttl });
        _entries[key] = node;
        _probationBytes += bytes;
        var evicted = 0;
        while (Bytes > capacityBytes)
        {
            // Never the entry just admitted: older probation entries first, then the protected segment's oldest.
            var victim = _probation.Last != node ? _probation.Last! : _protected.Last!;
            Unlink(victim);
            evicted++;
        }

        return evicted;
    }

    public bool Remove(string key)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return false;
        }

        Unlink(node);
        return true;
    }

    /// <summary>
    /// The live entries, most valuable first (protected, then probation, each most recently used first), as long as
    /// their bytes add up to at most <paramref name="maxBytes"/>: what an activation hands over when it migrates.
    /// </summary>
    public List<L1Entry> Export(long maxBytes)
    {
        var now = time.GetUtcNow();
        var exported = new List<L1Entry>();
        var bytes = 0L;
        foreach (var entry in _protected.Concat(_probation))
        {
            if (entry.Expires <= now)
            {
                continue;
            }

            if (bytes + entry.Bytes > maxBytes)
            {
                break;
            }

            bytes += entry.Bytes;
            exported.Add(new L1Entry(entry.Key, entry.Answer, entry.Created, entry.Expires, entry.Protected));
        }

        return exported;
    }

    /// <summary>
    /// Takes in <paramref name="entries"/> as <see cref="Export"/> gave them, keeping their ages, expiry and segment
    /// (expired ones are dropped; the budget still holds, the least valuable going first); returns the entries held after.
    /// </summary>
    public int Restore(IReadOnlyList<L1Entry> entries)
    {
        var now = time.GetUtcNow();
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (key, answer, created, expires, isProtected) = entries[i];
            var bytes = answer.SerializedBytes + (key.Length * sizeof(char)) + EntryOverheadBytes;
            if (expires <= now || bytes > capacityBytes || _entries.ContainsKey(key))
            {
                continue;
            }

            var entry = new Entry(key, answer, bytes, created) { Expires = expires };
            var node = new LinkedListNode<Entry>(entry);
            if (isProtected && _protectedBytes + bytes <= _protectedCapacity)
            {
                entry.Protected = true;
                _protected.AddFirst(node);
                _protectedBytes += bytes;
            }
            else
            {
                _probation.AddFirst(node);
                _probationBytes += bytes;
            }

            _entries[key] = node;
            while (Bytes > capacityBytes)
            {
                Unlink(_probation.Last ?? _protected.Last!);
            }
        }

        return _entries.Count;
    }

    public void Clear()
    {
        _entries.Clear();
        _probation.Clear();
        _protected.Clear();
        _probationBytes = 0;
        _protectedBytes = 0;
    }

    private void Promote(LinkedListNode<Entry> node)
    {
        var entry = node.Value;
        if (entry.Protected)
        {
            _protected.Remove(node);
            _protected.AddFirst(node);
            return;
        }

        _probation.Remove(node);
        _probationBytes -= entry.Bytes;
        entry.Protected = true;
        _protected.AddFirst(node);
        _protectedBytes += entry.Bytes;
        // An over-full protected segment demotes its least recently used entries back to probation.
        while (_protectedBytes > _protectedCapacity && _protected.Last is { } last && last != node)
        {
            _protected.RemoveLast();
            _protectedBytes -= last.Value.Bytes;
            last.Value.Protected = false;
            _probation.AddFirst(last);
            _probationBytes += last.Value.Bytes;
        }
    }

    private void Unlink(LinkedListNode<Entry> node)
    {
        var entry = node.Value;
        _entries.Remove(entry.Key);
        if (entry.Protected)
        {
            _protected.Remove(node);
            _protectedBytes -= entry.Bytes;
        }
        else
        {
            _probation.Remove(node);
            _probationBytes -= entry.Bytes;
        }
    }

    private sealed class Entry(string key, CachedAnswer answer, long bytes, DateTimeOffset created)
    {
        public string Key { get; } = key;

        public CachedAnswer Answer { get; } = answer;

        public long Bytes { get; } = bytes;

        public DateTimeOffset Created { get; } = created;

        public DateTimeOffset Expires { get; set; }

        public bool Protected { get; set; }
    }
}
