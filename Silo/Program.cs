using OrleansAgents.Silo.Hosting;

if (args.FirstOrDefault() == "migrate")
{
    return await DatabaseCommands.MigrateAsync(args[1..]);
}

if (args.FirstOrDefault() == "quantize")
{
    return ModelCommands.Quantize(args[1..]);
}

var app = SiloApplication.Create(args);
await app.MigrateIfConfiguredAsync();
await app.RunAsync();
return 0;
