namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// A fixed, seeded pool of request texts whose token counts follow a chat/code-review-like distribution:
/// 20 % 8–15 tokens, 35 % 16–31, 30 % 32–63, 15 % 64–128 (mean ≈ 40). Words are common single-token English words.
/// </summary>
internal static class BenchmarkTexts
{
    private static readonly string[] Words =
    [
        "the", "code", "review", "security", "check", "this", "function", "user", "input", "query", "data", "model",
        "deploy", "service", "error", "log", "test", "build", "cache", "memory", "network", "file", "system", "agent",
        "plan", "task", "update", "config", "value", "list", "request", "response", "server", "client", "token", "time",
        "run", "job", "queue", "batch", "score", "label", "report", "alert", "metric", "latency", "cost", "team", "issue",
        "fix", "bug", "change", "release", "version", "branch", "merge", "commit", "table", "index", "key", "secret",
        "password", "access", "policy", "risk", "scan", "image", "container", "cluster", "node", "pod", "disk", "cpu",
        "load", "traffic", "limit", "rate", "retry", "timeout", "health", "status", "event", "stream", "message", "email",
        "search", "document", "page", "text", "summary", "design", "goal", "step", "result", "output", "source", "target",
    ];

    private static readonly (int Min, int Max, double Weight)[] Buckets = [(8, 15, 0.20), (16, 31, 0.35), (32, 63, 0.30), (64, 128, 0.15)];

    /// <summary>Creates <paramref name="count"/> texts from a fixed seed.</summary>
    public static string[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble();
            var bucket = Buckets[^1];
            foreach (var b in Buckets)
            {
                if (pick < b.Weight)
                {
                    bucket = b;
                    break;
                }

                pick -= b.Weight;
            }

            // Tokens = words + [CLS] + [SEP].
            var words = random.Next(bucket.Min, bucket.Max + 1) - 2;
            texts[i] = string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        }

        return texts;
    }
}
