using OrleansAgents.Client.Cli;

return await AgentsCli.Build().Parse(args).InvokeAsync();
