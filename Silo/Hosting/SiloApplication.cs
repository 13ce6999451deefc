using System.Text.Json;
using System.Text.Json.Serialization;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using OrleansAgents.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Silo.Api;
using OrleansAgents.Silo.Health;
using OrleansAgents.Silo.Security;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Builds the silo process: the Orleans silo and its HTTP surface on one Kestrel host.</summary>
public static class SiloApplication
{
    /// <summary>The address the embedded default listens on when no <c>--urls</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Creates the application from command-line arguments and the usual configuration sources.</summary>
    public static WebApplication Create(string[] args) => Create(args, configureServices: null);

    /// <summary>
    /// As <see cref="Create(string[])"/>, with <paramref name="configureServices"/> run last before the host is built: tests
    /// add what they observe the silo with (an in-memory trace exporter) there.
    /// </summary>
    internal static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(args);
        var management = builder.Configuration.ReadValidated(ManagementOptions.SectionName, new ManagementOptionsValidator());
        var publicUrls = builder.Configuration["urls"] is { Length: > 0 } urls ? urls : DefaultUrl;
        builder.WebHost.UseUrls($"{publicUrls};{management.Urls}");

        builder.UseOrleans(silo =>
        {
            silo.ConfigureAgentsSilo(builder.Configuration, builder.Environment);
            if (management.Dashboard)
            {
                // The live trace/log stream shows request data: Development only.
                silo.AddDashboard(o => o.HideTrace = !builder.Environment.IsDevelopment());
            }
        });
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddOpenAiErrors();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = AgentProblems.EnsureCode);
        builder.Services.AddAgentsSecurity();
        builder.Services.AddValidatedOptions<HostOptions, ShutdownOptionsValidator>(ShutdownOptionsValidator.SectionName);
        builder.Services.AddExceptionHandler<AgentExceptionHandler>();
        builder.Services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>("silo-ready", tags: [ReadinessHealthCheck.Tag])
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadinessHealthCheck.Tag]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(InstrumentNames.Meter, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
        builder.Services.AddAgentsTracing(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        // Responses the framework ends without a body (no route: 404; wrong method: 405) get the problem body with a
        // code that every other error has (written through IProblemDetailsService and its CustomizeProblemDetails).
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAgentsSecurity();
        app.MapAgentsApi();
        app.MapTasksApi();
        app.MapOpenAiApi();
        app.MapHealthEndpoints();
        app.MapManagementEndpoints(management);
        return app;
    }

    internal static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
