namespace OrleansAgents.RequestLog;

/// <summary>
/// One agent's requests on this silo over the last <see cref="RequestLogStats.MaxWindow"/>, in two rings of time
/// buckets aligned to absolute time (so silos' buckets line up): 61 one-minute buckets answer windows up to an hour,
/// 745 one-hour buckets longer ones. A window is counted in whole buckets: it reaches back to the start of the bucket
/// holding <c>now − window</c>, i.e. up to one bucket (a minute, or an hour) further than asked. A slot is reused
/// when its bucket falls out of the ring, so memory stays bounded whatever the traffic.
/// </summary>
internal sealed class RollingRequestWindow
{
    /// <summary>Longest window the minute ring answers; longer ones use the hour ring.</summary>
    public static readonly TimeSpan FineSpan = TimeSpan.FromHours(1);

    private readonly Ring _minutes = new(TimeSpan.FromMinutes(1), FineSpan);
    private readonly Ring _hours = new(TimeSpan.FromHours(1), RequestLogStats.MaxWindow);
    private readonly Lock _lock = new();

    public void Record(DateTimeOffset at, double totalMs, bool error, bool hit)
    {
        lock (_lock)
        {
            _minutes.BucketAt(at).Record(totalMs, error, hit);
            _hours.BucketAt(at).Record(totalMs, error, hit);
        }
    }

    /// <summary>Adds the buckets from the one holding <c>now − window</c> up to now into <paramref name="sum"/>.</summary>
    public void AddTo(RequestCounts sum, DateTimeOffset now, TimeSpan window)
    {
        lock (_lock)
        {
            (window <= FineSpan ? _minutes : _hours).AddTo(sum, now - window, now);
        }
    }

    private sealed class Ring(TimeSpan width, TimeSpan span)
    {
        // One slot more than the span: the current, partly filled bucket plus a whole span behind it.
        private readonly Bucket?[] _slots = new Bucket?[(span.Ticks / width.Ticks) + 1];
        private readonly long[] _numbers = new long[(span.Ticks / width.Ticks) + 1];

        public Bucket BucketAt(DateTimeOffset at)
        {
            var number = Number(at);
            var slot = (int)(number % _slots.Length);
            var bucket = _slots[slot] ??= new Bucket();
            if (_numbers[slot] != number)
            {
                bucket.Clear(); // the slot's old bucket has left the ring
                _numbers[slot] = number;
            }

            return bucket;
        }

        public void AddTo(RequestCounts sum, DateTimeOffset from, DateTimeOffset to)
        {
            var first = Math.Max(Number(from), Number(to) - _slots.Length + 1);
            for (var number = first; number <= Number(to); number++)
            {
                var slot = (int)(number % _slots.Length);
                if (_numbers[slot] == number && _slots[slot] is { } bucket)
                {
                    sum.Add(bucket.Requests, bucket.Errors, bucket.Hits, bucket.MinMs, bucket.MaxMs, bucket.Bins);
                }
            }
        }

        private long Number(DateTimeOffset at) => at.UtcTicks / width.Ticks;
    }

    /// <summary>One time bucket: int counts (an agent answers far fewer than 2^31 requests a minute or an hour).</summary>
    private sealed class Bucket
    {
        public int Requests { get; private set; }

        public int Errors { get; private set; }

        public int Hits { get; private set; }

        public double MinMs { get; private set; } = double.PositiveInfinity;

        public double MaxMs { get; private set; }

        /// <summary>Requests per <see cref="LatencyBins"/> bin.</summary>
        public int[] Bins { get; } = new int[LatencyBins.Count];

        public void Record(double totalMs, bool error, bool hit)
        {
            Requests++;
            Errors += error ? 1 : 0;
            Hits += hit ? 1 : 0;
            MinMs = Math.Min(MinMs, totalMs);
            MaxMs = Math.Max(MaxMs, totalMs);
            Bins[LatencyBins.IndexOf(totalMs)]++;
        }

        public void Clear()
        {
            Requests = Errors = Hits = 0;
            MinMs = double.PositiveInfinity;
            MaxMs = 0;
            Array.Clear(Bins);
        }
    }
}
