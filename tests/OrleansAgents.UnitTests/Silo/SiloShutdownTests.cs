using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>Stopping the only silo of a cluster (Ctrl+C on the embedded default) with agents active.</summary>
public sealed class SiloShutdownTests
{
    [Fact]
    public async Task StopAsync_WhenTheOnlySiloHasActiveAgents_TheyDeactivateWithoutMigrationErrors()
    {
        await using var app = TestSilos.Create("--Logging:LogLevel:OrleansAgents.Agents.AgentDrain=Information");
        using var logs = new CapturingLoggerProvider();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        using (var http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(app)) })
        {
            foreach (var agent in new[] { "semgrep", "system-architect", "scrum-master" })
            {
                var response = await http.PostAsJsonAsync($"/api/agents/{agent}/invoke", new { text = "a request" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await app.StopAsync();

        var errors = logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine + "----" + Environment.NewLine, errors.Take(3)));
        Assert.Contains(logs.Lines, l => l.Contains("No other active silo: 3 agents deactivate here instead of migrating", StringComparison.Ordinal));
    }
}
