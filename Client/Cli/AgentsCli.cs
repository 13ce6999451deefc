using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using Spectre.Console;

namespace OrleansAgents.Client.Cli;

/// <summary>The <c>orleans-agents</c> command line: <c>list</c> and <c>invoke</c>.</summary>
internal static class AgentsCli
{
    private static readonly Option<string[]> Gateway = new("--gateway")
    {
        Description = "Gateway host:port (repeatable). Default: 127.0.0.1:30000.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> Redis = new("--redis")
    {
        Description = "Redis connection string of the cluster's membership (instead of --gateway).",
        Recursive = true,
    };

    private static readonly Option<string> ClusterId = new("--cluster-id")
    {
        Description = "Cluster id.",
        Recursive = true,
        DefaultValueFactory = _ => "orleans-agents",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("OrleansAgents: call the agents of an OrleansAgents cluster.");
        root.Options.Add(Gateway);
        root.Options.Add(Redis);
        root.Options.Add(ClusterId);
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(InvokeCommand());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the catalog's agents.");
        command.SetAction((parse, ct) => WithClientAsync(parse, async client =>
        {
            var agents = await client.ListAsync(ct);
            var table = new Table().AddColumns("Agent", "Tier", "Aliases", "Capabilities");
            foreach (var agent in agents)
            {
                table.AddRow(
                    Markup.Escape(agent.Name),
                    agent.Tier.ToString().ToLowerInvariant(),
                    Markup.Escape(string.Join(", ", agent.Aliases)),
                    Markup.Escape(string.Join(", ", agent.Capabilities)));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{agents.Count} agents[/]");
        }));
        return command;
    }

    private static Command InvokeCommand()
    {
        var agentArg = new Argument<string>("agent") { Description = "Agent name or alias, e.g. semgrep." };
        var textArg = new Argument<string>("text") { Description = "The text to send." };
        var user = new Option<string?>("--user") { Description = "User id." };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant." };
        var isPrivate = new Option<bool>("--private") { Description = "Scope the answer to this tenant and user." };
        var timeout = new Option<int?>("--timeout-ms") { Description = "Timeout in milliseconds (1–300000)." };
        var top = new Option<int?>("--top") { Description = "Labels to return (1–16)." };
        var command = new Command("invoke", "Send a text to one agent and print its top labels.")
        {
            agentArg, textArg, user, tenant, isPrivate, timeout, top,
        };
        command.SetAction((parse, ct) => WithClientAsync(parse, async client =>
        {
            var request = new AgentRequest
            {
                Text = parse.GetValue(textArg) ?? "",
                UserId = parse.GetValue(user),
                Tenant = parse.GetValue(tenant),
                Sensitivity = parse.GetValue(isPrivate) ? Sensitivity.Private : Sensitivity.Public,
                Timeout = parse.GetValue(timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                TopK = parse.GetValue(top),
            };
            var response = await client.InvokeAsync(parse.GetValue(agentArg) ?? "", request, ct);
            var table = new Table().AddColumns("Label", "Score");
            foreach (var label in response.Labels)
            {
                table.AddRow(Markup.Escape(label.Label), label.Score.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(response.Agent)}[/] [grey]request {Markup.Escape(response.RequestId)}[/]");
            AnsiConsole.Write(table);
            var t = response.Timings;
            AnsiConsole.MarkupLine(
                $"[grey]cache {response.CacheLayer}, batch {response.BatchSize}, tokens {response.TokenCount}; " +
                $"queue {t.QueueMs:0.00} ms, inference {t.InferenceMs:0.00} ms, total {t.TotalMs:0.00} ms[/]");
            foreach (var warning in response.Warnings)
            {
                AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }
        }));
        return command;
    }

    private static async Task<int> WithClientAsync(ParseResult parse, Func<IAgentClient, Task> action)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAgentClient(o =>
        {
            o.ClusterId = parse.GetValue(ClusterId) ?? o.ClusterId;
            o.RedisConnectionString = parse.GetValue(Redis);
            o.Gateways = [.. parse.GetValue(Gateway) ?? []];
        });
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await action(host.Services.GetRequiredService<IAgentClient>());
            return 0;
        }
        catch (AgentException ex)
        {
            AnsiConsole.MarkupLine($"[red]error ({ex.Code}):[/] {Markup.Escape(ex.Message)}");
            return 2;
        }
        catch (Exception ex) when (ex is SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] cannot reach the cluster ({Markup.Escape(ex.Message)}). Is a silo running (dotnet run --project Silo)?");
            return 3;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
