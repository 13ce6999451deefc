using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Inference;

/// <summary>The silo's devices, each with one session and one batcher, created once at silo start.</summary>
internal sealed partial class InferenceDevices(
    EmbeddingModelFactory factory,
    IOptions<InferenceOptions> options,
    InferenceInstruments instruments,
    TimeProvider time,
    ILogger<InferenceDevices> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, InferenceBatcher> _batchers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IDisposable> _queueGauges = [];
    private volatile bool _ready;
    private int _next;

    /// <summary>Whether every device's model is loaded.</summary>
    public bool IsReady => _ready;

    /// <summary>The configured device names, the first being the default.</summary>
    public IReadOnlyList<string> Names => options.Value.EffectiveDevices;

    /// <summary>Loads every device's model; throws with a clear message when one cannot be loaded.</summary>
    public void Start()
    {
        lock (_batchers)
        {
            if (_ready)
            {
                return;
            }

            foreach (var device in Names)
            {
                var loading = time.GetTimestamp();
                var model = factory.Create(device);
                instruments.OnModelLoaded(model.Device, time.GetElapsedTime(loading));
                var limits = options.Value.LimitsFor(device);
                var batcher = new InferenceBatcher(model, options.Value, instruments, time, logger, limits);
                _batchers[device] = batcher;
                _queueGauges.Add(instruments.RegisterDevice(model.Device, () => batcher.QueueDepth));
                LogDeviceReady(logger, model.Device, model.ExecutionProvider, model.ModelPath, model.Dimensions);
                LogDeviceBatching(logger, model.Device, limits.MaxBatchSize, limits.MaxConcurrentBatches, model.Buffers);
            }

            _ready = true;
        }
    }

    /// <summary>
    /// The batcher of the device the next request should use: the one with the fewest waiting requests, rotating among
    /// equals so that idle devices share the load.
    /// </summary>
    public InferenceBatcher ShortestQueue()
    {
        var names = Names;
        if (names.Count == 1)
        {
            return Get(names[0]);
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)names.Count);
        var best = Get(names[start]);
        for (var i = 1; i < names.Count; i++)
        {
            var candidate = Get(names[(start + i) % names.Count]);
            if (candidate.QueueDepth < best.QueueDepth)
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>The batcher of <paramref name="device"/>.</summary>
    public InferenceBatcher Get(string device)
    {
        if (!_ready)
        {
            throw new InvalidOperationException("The inference devices are not started yet.");
        }

        return _batchers.TryGetValue(device, out var batcher)
            ? batcher
            : throw new ArgumentException($"Device '{device}' is not configured in Inference:Devices ({string.Join(", ", Names)}).", nameof(device));
    }

    public async ValueTask DisposeAsync()
    {
        _ready = false;
        _queueGauges.ForEach(gauge => gauge.Dispose());
        _queueGauges.Clear();
        foreach (var batcher in _batchers.Values)
        {
            await batcher.DisposeAsync().ConfigureAwait(false);
        }

        _batchers.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference device {Device} ready: {Provider}, model {ModelPath}, {Dimensions} dimensions")]
    private static partial void LogDeviceReady(ILogger logger, string device, string provider, string modelPath, int dimensions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference device {Device} batches up to {MaxBatchSize} requests, {MaxConcurrentBatches} at a time, tensors in {Buffers} host buffers")]
    private static partial void LogDeviceBatching(ILogger logger, string device, int maxBatchSize, int maxConcurrentBatches, HostBuffers buffers);
}
