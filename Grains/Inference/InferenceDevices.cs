using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Inference;

/// <summary>
/// The silo's models (<see cref="InferenceOptions.EffectiveModels"/>), each with one session and one batcher per device,
/// loaded at silo start. A model added by a configuration reload, or asked for by a request while not loaded (an agent
/// placed here by <c>Placement:ModelFallback=load</c>), is loaded in the background, off the request path.
/// </summary>
internal sealed partial class InferenceDevices(
    EmbeddingModelFactory factory,
    IOptions<InferenceOptions> options,
    InferenceInstruments instruments,
    TimeProvider time,
    ILogger<InferenceDevices> logger,
    IOptionsMonitor<InferenceOptions>? reloads = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ModelDevices> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<ModelDevices>>> _loading = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IDisposable> _gauges = [];
    private IDisposable? _reloadSubscription;
    private volatile bool _ready;
    private volatile bool _disposed;
    private string? _defaultModel;

    /// <summary>Whether every configured model is loaded.</summary>
    public bool IsReady => _ready;

    /// <summary>The model of requests that name none.</summary>
    public string DefaultModel => _defaultModel ??= options.Value.DefaultModelName;

    /// <summary>The models loaded now, sorted: what this silo advertises to placement.</summary>
    public IReadOnlyList<string> Models => [.. _loaded.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Requests waiting on every device of every model.</summary>
    public int QueueDepth => _loaded.Values.Sum(m => m.QueueDepth);

    /// <summary>Loads every configured model; throws with a clear message when one cannot be loaded.</summary>
    public void Start()
    {
        lock (_gauges)
        {
            if (_ready)
            {
                return;
            }

            foreach (var (name, devices) in options.Value.EffectiveModels)
            {
                _loaded[name] = Load(name, devices);
            }

            _ready = true;
            _reloadSubscription = reloads?.OnChange((current, _) => LoadAdded(current));
        }
    }

    /// <summary>The batcher with the shortest queue among the devices of <paramref name="model"/>, which must be loaded.</summary>
    /// <param name="model">A model name; default: <see cref="DefaultModel"/>.</param>
    public InferenceBatcher ShortestQueue(string? model = null)
    {
        var name = NameOf(model);
        return _loaded.TryGetValue(name, out var loaded)
            ? loaded.ShortestQueue()
            : throw new ArgumentException($"Model '{name}' is not loaded on this silo ({string.Join(", ", Models)}).", nameof(model));
    }

    /// <summary>The devices of <paramref name="model"/>; a model not loaded yet is loaded first (once, in the background).</summary>
    /// <param name="model">A model name; default: <see cref="DefaultModel"/>.</param>
    public ValueTask<ModelDevices> ForAsync(string? model)
    {
        var name = NameOf(model);
        return _loaded.TryGetValue(name, out var loaded)
            ? ValueTask.FromResult(loaded)
            : new ValueTask<ModelDevices>(LoadInBackground(NamedModels.Canonical(name), options.Value.EffectiveDevices));
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _ready = false;
        _reloadSubscription?.Dispose();
        lock (_gauges)
        {
            _gauges.ForEach(gauge => gauge.Dispose());
            _gauges.Clear();
        }

        foreach (var batcher in _loaded.Values.SelectMany(m => m.Batchers))
        {
            await batcher.DisposeAsync().ConfigureAwait(false);
        }

        _loaded.Clear();
    }

    private string NameOf(string? model)
    {
        if (!_ready)
        {
            throw new InvalidOperationException("The inference devices are not started yet.");
        }

        return model is { Length: > 0 } ? model : DefaultModel; // the maps ignore case
    }

    private void LoadAdded(InferenceOptions current)
    {
        foreach (var (name, devices) in current.EffectiveModels.Where(m => !_loaded.ContainsKey(m.Name)))
        {
            LogModelAdded(logger, name);
            _ = LoadInBackground(name, devices);
        }
    }

    private Task<ModelDevices> LoadInBackground(string name, IReadOnlyList<string> devices)
    {
        var lazy = _loading.GetOrAdd(name, key => new Lazy<Task<ModelDevices>>(() => Task.Run(() =>
        {
            try
            {
                var model = Load(key, devices);
                _loaded[name] = model;
                return model;
            }
            catch (Exception ex)
            {
                LogModelLoadFailed(logger, ex, name);
                _loading.TryRemove(name, out _); // the next request or reload retries
                throw;
            }
        })));
        return lazy.Value;
    }

    private ModelDevices Load(string name, IReadOnlyList<string> devices)
    {
        var before = Environment.WorkingSet;
        var batchers = new List<InferenceBatcher>(devices.Count);
        foreach (var device in devices)
        {
            var loading = time.GetTimestamp();
            var model = factory.Create(device, model: name);
            instruments.OnModelLoaded(model.Device, time.GetElapsedTime(loading));
            var limits = options.Value.LimitsFor(device);
            var batcher = new InferenceBatcher(model, options.Value, instruments, time, logger, limits);
            batchers.Add(batcher);
            lock (_gauges)
            {
                _gauges.Add(instruments.RegisterDevice(model.Device, () => batcher.QueueDepth));
            }

            LogDeviceReady(logger, model.Device, model.ExecutionProvider, model.ModelPath, model.Dimensions);
            LogDeviceBatching(logger, model.Device, limits.MaxBatchSize, limits.MaxConcurrentBatches, model.Buffers);
        }

        var loaded = new ModelDevices(name, batchers, Math.Max(0, Environment.WorkingSet - before));
        lock (_gauges)
        {
            if (_disposed)
            {
                batchers.ForEach(b => b.DisposeAsync().AsTask().GetAwaiter().GetResult());
                throw new ObjectDisposedException(nameof(InferenceDevices));
            }

            _gauges.Add(instruments.RegisterModel(name, loaded.MemoryBytes));
        }

        LogModelReady(logger, name, string.Join(", ", devices), loaded.MemoryBytes / (1024.0 * 1024.0));
        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference device {Device} ready: {Provider}, model {ModelPath}, {Dimensions} dimensions")]
    private static partial void LogDeviceReady(ILogger logger, string device, string provider, string modelPath, int dimensions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference device {Device} batches up to {MaxBatchSize} requests, {MaxConcurrentBatches} at a time, tensors in {Buffers} host buffers")]
    private static partial void LogDeviceBatching(ILogger logger, string device, int maxBatchSize, int maxConcurrentBatches, HostBuffers buffers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} loaded on {Devices}: {MemoryMiB:F1} MiB of working set")]
    private static partial void LogModelReady(ILogger logger, string model, string devices, double memoryMiB);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference:Models gained {Model} by a configuration reload; loading it in the background")]
    private static partial void LogModelAdded(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} could not be loaded; the next request or reload retries")]
    private static partial void LogModelLoadFailed(ILogger logger, Exception exception, string model);
}
