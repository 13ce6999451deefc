namespace OrleansAgents.Client.Cli.Load;

/// <summary>One second of a run: requests completed in it, their errors and latency percentiles, and the users active.</summary>
internal sealed record LoadSecond(int Second, int Users, long Requests, long Errors, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
