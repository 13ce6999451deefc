using Npgsql;
using OpenTelemetry.Trace;
using OrleansAgents.Diagnostics;
using OrleansAgents.Redis;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// The silo's traces: HTTP requests, Orleans grain calls, our own spans (<see cref="TraceNames"/>), PostgreSQL commands and
/// the Redis commands made within a traced request. Exported with OTLP only when <see cref="OtlpEndpointVariable"/> is set.
/// </summary>
internal static class TracingServiceCollectionExtensions
{
    /// <summary>The standard variable naming the OTLP collector (the exporter reads it, and its siblings, itself).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds the tracer provider; the sampler is OpenTelemetry's default unless <c>OTEL_TRACES_SAMPLER</c> says otherwise.</summary>
    public static IServiceCollection AddAgentsTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing
                .AddSource(TraceNames.ActivitySource, TraceNames.OrleansApplicationSource, TraceNames.OrleansRuntimeSource)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced)
                .AddNpgsql()
                // Membership and other background commands would each start a trace of their own: only a request's count.
                .AddRedisInstrumentation(o => o.Filter = command => command.ParentActivity is not null)
                .ConfigureRedisInstrumentation((provider, redis) => provider.GetRequiredService<RedisConnections>().OnConnected(connection => redis.AddConnection(connection)));
            if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
            {
                tracing.AddOtlpExporter();
            }
        });
        return services;
    }

    /// <summary>Probes, scrapes and the dashboard's polling are not requests anyone traces.</summary>
    private static bool IsTraced(HttpContext http)
        => !(http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics") || http.Request.Path.StartsWithSegments("/dashboard"));
}
