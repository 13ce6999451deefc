using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.Client;

namespace OrleansAgents.Tests.Client;

public sealed class AgentClientOptionsTests
{
    [Theory]
    [InlineData(-1, 200, 1000, "MaxRetryAttempts")]
    [InlineData(101, 200, 1000, "MaxRetryAttempts")]
    [InlineData(3, 0, 1000, "RetryBaseDelay")]
    [InlineData(3, 500, 100, "RetryMaxDelay")]
    [InlineData(3, 200, 120_000, "RetryMaxDelay")]
    public async Task AddAgentClient_WhenRetrySettingsOutOfRange_HostStartFailsNamingTheSetting(int attempts, int baseMs, int maxMs, string setting)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentClient(o =>
        {
            o.MaxRetryAttempts = attempts;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(baseMs);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(maxMs);
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(typeof(AgentClientOptions), ex.OptionsType);
        var failure = Assert.Single(ex.Failures);
        Assert.Contains(setting, failure);
    }

    [Fact]
    public async Task AddAgentClient_WhenConfigurationHasAMalformedGateway_HostStartFailsNamingIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentClient:Gateways:0"] = "no-port" });
        builder.AddAgentClient();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("AgentClientOptions.Gateways: 'no-port' is not host:port.", Assert.Single(ex.Failures));
    }

    [Fact]
    public void AddAgentClient_WhenConfigurationAndCallbackBothSet_CallbackWins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClusterId"] = "from-config",
            ["MaxRetryAttempts"] = "7",
        }).Build();
        using var services = new ServiceCollection().AddAgentClient(configuration, o => o.ClusterId = "from-code").BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<AgentClientOptions>>().Value;

        Assert.Equal("from-code", options.ClusterId);
        Assert.Equal(7, options.MaxRetryAttempts);
    }
}
