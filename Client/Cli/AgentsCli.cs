using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using Spectre.Console;

namespace OrleansAgents.Client.Cli;

/// <summary>The <c>orleans-agents</c> command line: <c>list</c>, <c>invoke</c>, <c>route</c>, <c>bench</c>, <c>load</c> and <c>stats</c>.</summary>
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
        root.Subcommands.Add(RouteCommand());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(Load.LoadCommand.Create(WithClientAsync));
        root.Subcommands.Add(StatsCommand.Create());
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

    private static Command RouteCommand()
    {
        var capabilityArg = new Argument<string>("capability") { Description = "Capability the task needs, e.g. security-scan." };
        var textArg = new Argument<string>("text") { Description = "The text to send." };
        var user = new Option<string?>("--user") { Description = "User id (whose affinity applies)." };
        var prefer = new Option<string?>("--prefer") { Description = "Preferred agent: gets the affinity boost and is remembered for this user." };
        var timeout = new Option<int?>("--timeout-ms") { Description = "Timeout in milliseconds (1–300000)." };
        var command = new Command("route", "Send a task to the best agent with a capability; print the choice, its reason and every candidate's score.")
        {
            capabilityArg, textArg, user, prefer, timeout,
        };
        command.SetAction((parse, ct) => WithClientAsync(parse, async client =>
        {
            var task = new Routing.RouteRequest
            {
                PreferredAgent = parse.GetValue(prefer),
                Request = new AgentRequest
                {
                    Text = parse.GetValue(textArg) ?? "",
                    UserId = parse.GetValue(user),
                    Timeout = parse.GetValue(timeout) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                },
            };
            var routed = await client.RouteAsync(parse.GetValue(capabilityArg) ?? "", task, ct);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(routed.Agent)}[/] for [bold]{Markup.Escape(routed.Capability)}[/]: {Markup.Escape(routed.Reason)}");
            var table = new Table().AddColumns("Agent", "Score", "Performance", "Load", "Affinity", "Latency ms", "Success");
            foreach (var s in routed.Scores)
            {
                table.AddRow(Markup.Escape(s.Agent), F(s.Score), F(s.Performance), F(s.Load), F(s.Affinity), s.LatencyMs.ToString("0.0", Inv), F(s.SuccessRate));
            }

            AnsiConsole.Write(table);
            var top = routed.Response.Labels.FirstOrDefault();
            AnsiConsole.MarkupLine($"[grey]top label {Markup.Escape(top?.Label ?? "-")} ({F(top?.Score ?? 0)}), request {Markup.Escape(routed.Response.RequestId)}[/]");
        }));
        return command;

        static string F(double value) => value.ToString("0.0000", Inv);
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static Task<int> WithClientAsync(ParseResult parse, Func<IAgentClient, Task> action)
        => WithClientAsync(parse, async client =>
        {
            await action(client);
            return 0;
        });

    /// <summary>Runs <paramref name="action"/> with a started cluster client; its result is the exit code unless the client fails.</summary>
    private static async Task<int> WithClientAsync(ParseResult parse, Func<IAgentClient, Task<int>> action)
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
            return await action(host.Services.GetRequiredService<IAgentClient>());
        }
        catch (OptionsValidationException ex)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return 1;
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
