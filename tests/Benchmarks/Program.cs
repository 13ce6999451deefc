using BenchmarkDotNet.Running;
using OrleansAgents.Benchmarks.Inference;

// `inference` and `cache [--json out.json]`: the end-to-end benchmarks; anything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case "inference":
        return await InferenceBenchmark.RunAsync(args[1..]);
    case "cache":
        return await OrleansAgents.Benchmarks.Caching.CacheBenchmark.RunAsync(args[1..]);
    case "requestlog":
        return await OrleansAgents.Benchmarks.RequestLog.RequestLogBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
