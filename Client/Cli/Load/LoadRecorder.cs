using HdrHistogram;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// Collects every request's latency (HdrHistogram, microseconds, 3 significant digits overall and 2 per second), its
/// outcome and the second it completed in. Thread-safe: virtual users record concurrently.
/// </summary>
internal sealed class LoadRecorder
{
    // One hour: anything slower is recorded as an hour rather than dropped.
    private const long HighestMicros = 3_600_000_000;

    private readonly Lock _gate = new();
    private readonly LongHistogram _all = new(HighestMicros, 3);
    private readonly List<(LongHistogram Latency, long Errors, int Users)> _seconds = [];
    private readonly Dictionary<string, long> _errors = [];
    private readonly Dictionary<string, long> _layers = [];
    private long _requests;
    private long _errorCount;
    private int _users;

    /// <summary>Requests recorded so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Errors recorded so far.</summary>
    public long Errors => Interlocked.Read(ref _errorCount);

    /// <summary>The users (or in-flight requests of an open-loop run) active now.</summary>
    public int Users => Volatile.Read(ref _users);

    /// <summary>Sets the users (or in-flight requests of an open-loop run) active now, shown per second.</summary>
    public void SetUsers(int users) => Volatile.Write(ref _users, users);

    /// <summary>Records a request that completed <paramref name="completedAt"/> into the run after <paramref name="latency"/>.</summary>
    public void Record(TimeSpan completedAt, TimeSpan latency, LoadOutcome outcome)
    {
        var micros = Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicros);
        var second = Math.Max(0, (int)completedAt.TotalSeconds);
        lock (_gate)
        {
            _all.RecordValue(micros);
            var bucket = Second(second);
            bucket.Latency.RecordValue(micros);
            _requests++;
            if (outcome.Succeeded)
            {
                _layers[outcome.CacheLayer!] = _layers.GetValueOrDefault(outcome.CacheLayer!) + 1;
            }
            else
            {
                bucket.Errors++;
                _errorCount++;
                var kind = $"{outcome.Status} {outcome.ErrorCode}";
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            }

            _seconds[second] = bucket;
        }
    }

    /// <summary>Live figures: 95th percentile so far (ms), requests of the last complete second, and the cache hit ratio.</summary>
    public (double P95Ms, long LastSecondRequests, double CacheHitRatio) Live(TimeSpan now)
    {
        lock (_gate)
        {
            var last = (int)now.TotalSeconds - 1;
            var lastRequests = last >= 0 && last < _seconds.Count ? _seconds[last].Latency.TotalCount : 0;
            var answered = _layers.Values.Sum();
            var hits = answered - _layers.GetValueOrDefault("none");
            return (Ms(_all.TotalCount == 0 ? 0 : _all.GetValueAtPercentile(95)), lastRequests, answered == 0 ? 0 : (double)hits / answered);
        }
    }

    /// <summary>The run's figures over <paramref name="duration"/>.</summary>
    public LoadSummary Summarize(string scenario, string target, string model, TimeSpan duration)
    {
        lock (_gate)
        {
            var empty = _all.TotalCount == 0;
            return new LoadSummary
            {
                Scenario = scenario,
                Target = target,
                Model = model,
                DurationSeconds = duration.TotalSeconds,
                Requests = _requests,
                Errors = _errorCount,
                P50Ms = empty ? 0 : Ms(_all.GetValueAtPercentile(50)),
                P90Ms = empty ? 0 : Ms(_all.GetValueAtPercentile(90)),
                P95Ms = empty ? 0 : Ms(_all.GetValueAtPercentile(95)),
                P99Ms = empty ? 0 : Ms(_all.GetValueAtPercentile(99)),
                MaxMs = empty ? 0 : Ms(_all.GetMaxValue()),
                MeanMs = empty ? 0 : _all.GetMean() / 1000,
                ErrorsByKind = new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
                CacheLayers = new SortedDictionary<string, long>(_layers, StringComparer.Ordinal),
                Series = [.. _seconds.Select((s, i) => s.Latency.TotalCount == 0
                    ? new LoadSecond(i, s.Users, 0, 0, 0, 0, 0, 0)
                    : new LoadSecond(i, s.Users, s.Latency.TotalCount, s.Errors, Ms(s.Latency.GetValueAtPercentile(50)),
                        Ms(s.Latency.GetValueAtPercentile(95)), Ms(s.Latency.GetValueAtPercentile(99)), Ms(s.Latency.GetMaxValue())))],
            };
        }
    }

    /// <summary>Opens the buckets up to <paramref name="now"/>, so quiet seconds still appear, with the users active.</summary>
    public void Tick(TimeSpan now)
    {
        lock (_gate)
        {
            var second = (int)now.TotalSeconds;
            var bucket = Second(second);
            bucket.Users = Math.Max(bucket.Users, Volatile.Read(ref _users));
            _seconds[second] = bucket;
        }
    }

    private (LongHistogram Latency, long Errors, int Users) Second(int second)
    {
        while (_seconds.Count <= second)
        {
            _seconds.Add((new LongHistogram(HighestMicros, 2), 0, 0));
        }

        return _seconds[second];
    }

    private static double Ms(long micros) => micros / 1000.0;
}
