using OrleansAgents.Benchmarks;
using OrleansAgents.Benchmarks.Inference;

NativeCore.BindFromEnvironment();

return await BenchmarkCommands.Build().Parse(args).InvokeAsync();
