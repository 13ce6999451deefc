using OrleansAgents.Agents;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// The request stream: a seeded pool of prompts, each bound to one agent (agents drawn by tier: light 60 %, medium 30 %,
/// heavy 10 %, as cheap agents see most traffic), popularity Zipf-distributed over the pool, a share of private requests,
/// and many users. The same seed gives the same pool and, per <see cref="Random"/> stream, the same requests.
/// </summary>
internal sealed class LoadWorkload
{
    /// <summary>Distinct user ids requests are spread over.</summary>
    public const int UserCount = 10_000;

    /// <summary>Distinct prompts in the pool.</summary>
    public const int PoolSize = 2_000;

    private static readonly string[] Subjects =
    [
        "this SQL query", "the login handler", "our CI pipeline", "the payment service", "a Kubernetes manifest", "the React form",
        "this Python script", "the nightly ETL job", "an S3 bucket policy", "the Dockerfile", "a GraphQL resolver", "the cache layer",
    ];

    private static readonly string[] Asks =
    [
        "check for injection flaws in", "review the performance of", "write unit tests for", "find the memory leak in",
        "summarise the risks of", "refactor", "document", "harden the security of", "plan a migration of", "explain the failure of",
    ];

    private readonly (string Agent, string Text)[] _pool;
    private readonly ZipfSampler _popularity;
    private readonly double _privateShare;
    private readonly bool _cacheEnabled;

    public LoadWorkload(IReadOnlyList<LoadAgent> agents, int seed, double zipfExponent, double privateShare, bool cacheEnabled)
    {
        if (agents.Count == 0)
        {
            throw new ArgumentException("The catalog has no agents to load.", nameof(agents));
        }

        var random = new Random(seed);
        var weights = agents.Select(a => TierWeight(a.Tier) / agents.Count(b => b.Tier == a.Tier)).ToArray();
        var total = weights.Sum();
        _pool = new (string, string)[PoolSize];
        for (var i = 0; i < PoolSize; i++)
        {
            var agent = agents[Pick(weights, total, random)].Name;
            var text = $"{Asks[random.Next(Asks.Length)]} {Subjects[random.Next(Subjects.Length)]} (case {i})";
            _pool[i] = (agent, text);
        }

        _popularity = new ZipfSampler(PoolSize, zipfExponent);
        _privateShare = privateShare;
        _cacheEnabled = cacheEnabled;
    }

    /// <summary>The prompt pool, most popular first.</summary>
    public IReadOnlyList<(string Agent, string Text)> Pool => _pool;

    /// <summary>The next request drawn with <paramref name="random"/> (one stream per virtual user keeps users independent).</summary>
    public LoadRequest Next(Random random)
    {
        var (agent, text) = _pool[_popularity.Next(random)];
        var user = $"load-user-{random.Next(UserCount)}";
        return new LoadRequest(agent, text, user, random.NextDouble() < _privateShare, _cacheEnabled);
    }

    private static double TierWeight(AgentTier tier) => tier switch
    {
        AgentTier.Light => 0.6,
        AgentTier.Medium => 0.3,
        _ => 0.1,
    };

    private static int Pick(double[] weights, double total, Random random)
    {
        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
