namespace OrleansAgents.Client.Cli.Load;

/// <summary>
/// What one request ended with: success with the cache layer that answered (<c>none</c>, <c>l1</c>, <c>l2</c>,
/// <c>semantic</c>), or an error with its HTTP status (0 when there was none: the SDK, a transport failure) and problem code.
/// </summary>
internal sealed record LoadOutcome(int Status, string? ErrorCode, string? CacheLayer)
{
    public bool Succeeded => ErrorCode is null;

    public static LoadOutcome Success(int status, string cacheLayer) => new(status, null, cacheLayer);

    public static LoadOutcome Failure(int status, string code) => new(status, code, null);
}
