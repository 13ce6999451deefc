using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace OrleansAgents.Tests.Silo;

/// <summary>The shipped logging levels: Orleans' own chatter is quiet, OrleansAgents' Information lines are not.</summary>
public sealed class LoggingDefaultsTests
{
    [Theory]
    [InlineData("OrleansAgents.Agents.AgentDrain", LogLevel.Information, true)]
    [InlineData("OrleansAgents.Inference.InferenceDevices", LogLevel.Information, true)]
    [InlineData("Orleans.Runtime.Catalog", LogLevel.Information, false)]
    [InlineData("Orleans.Runtime.Catalog", LogLevel.Warning, true)]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Information, false)]
    public void Appsettings_LogLevelOfCategory_IsAsShipped(string category, LogLevel level, bool enabled)
    {
        // "Orleans" is a prefix of "OrleansAgents" too: without its own entry our lines would be silenced with Orleans'.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();
        using var factory = LoggerFactory.Create(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddProvider(new EverythingProvider()));

        Assert.Equal(enabled, factory.CreateLogger(category).IsEnabled(level));
    }

    // A provider that would write everything: what is enabled is then decided by the configured filter rules alone.
    private sealed class EverythingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new EverythingLogger();

        public void Dispose()
        {
        }

        private sealed class EverythingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
