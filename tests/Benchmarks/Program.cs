using OrleansAgents.Benchmarks;

return await BenchmarkCommands.Build().Parse(args).InvokeAsync();
