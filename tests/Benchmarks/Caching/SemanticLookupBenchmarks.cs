using BenchmarkDotNet.Attributes;
using OrleansAgents.Agents;
using OrleansAgents.Caching;

namespace OrleansAgents.Benchmarks.Caching;

/// <summary>
/// What the semantic cache costs against what it saves for the built-in model: a lookup over a full per-agent cache
/// (256 entries, 128 dimensions, half in the request's scope) against scoring the agent's 16 labels from the embedding.
/// </summary>
[MemoryDiagnoser]
public class SemanticLookupBenchmarks
{
    private readonly SemanticCache _cache = new(256, TimeSpan.FromHours(1), TimeProvider.System);
    private float[] _query = null!;
    private float[][] _labelVectors = null!;
    private string[] _labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        float[] Unit()
        {
            var v = Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / norm)];
        }

        var answer = new CachedAnswer([new LabelScore("x", 1)], 1, []);
        for (var i = 0; i < 256; i++)
        {
            _cache.Add($"k{i}", i % 2 == 0 ? "scope-a" : "scope-b", Unit(), answer);
        }

        _query = Unit();
        _labelVectors = [.. Enumerable.Range(0, 16).Select(_ => Unit())];
        _labels = [.. Enumerable.Range(0, 16).Select(i => $"label {i}")];
    }

    [Benchmark(Baseline = true)]
    public LabelScore[] ScoreAllLabels() => LabelScorer.TopK(_query, _labelVectors, _labels, _labels.Length);

    [Benchmark]
    public bool SemanticLookupMiss() => _cache.TryFind("scope-a", _query, 0.95, out _, out _);
}
