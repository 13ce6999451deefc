using OrleansAgents.Silo.Hosting;

if (args.FirstOrDefault() == "migrate")
{
    return await DatabaseCommands.MigrateAsync(args[1..]);
}

try
{
    var app = SiloApplication.Create(args);
    app.CheckInferenceProviders();
    await app.MigrateIfConfiguredAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupChecks.IsConfigurationError(ex))
{
    return StartupChecks.Report(ex);
}
