using BenchmarkDotNet.Running;
using OrleansAgents.Benchmarks.Inference;

// `inference [--json out.json]`: the end-to-end inference benchmark; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "inference")
{
    return await InferenceBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
