using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>The real silo's traces, read from an in-memory exporter added to its tracer provider.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string Agent = "semgrep-security-analyzer";

    /// <summary>
    /// Orleans names the source by the interface's namespace: ours start with "Orleans", so our grain calls are traced
    /// under its runtime source, not <c>Microsoft.Orleans.Application</c>.
    /// </summary>
    private const string OrleansSource = "Microsoft.Orleans.Runtime";

    private readonly CapturedSpans _spans = new();
    private readonly int _gatewayPort = FreePorts.Next();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create(
            services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)),
            $"--Orleans:GatewayPort={_gatewayPort}");
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
        // The agent's label embeddings are computed on its first request: done here, a traced request runs alone in its batch.
        using var warm = await _http.PostAsJsonAsync($"/api/agents/{Agent}/invoke", new { text = "warm up", cacheEnabled = false });
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
    }

    [Fact]
    public async Task Invoke_WhenComputed_GivesOneTraceFromHttpThroughBothGrainsToTheBatchRun()
    {
        var (trace, caller) = await InvokeTracedAsync($"sql injection {Guid.NewGuid():N}");

        var spans = await _spans.WaitForAsync(trace, IsHttpServer);
        var http = Assert.Single(spans, IsHttpServer);
        Assert.Equal((caller, "/api/agents/{name}/invoke", (object?)200), (http.ParentSpanId, http.GetTagItem("http.route"), http.GetTagItem("http.response.status_code")));
        var agentCall = Child(spans, http, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Client);
        var agentGrain = Child(spans, agentCall, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Server);
        var invoke = Child(spans, agentGrain, "OrleansAgents", "agent.invoke", ActivityKind.Internal);
        Assert.Equal(Tags(("agent", Agent), ("tier", "light"), ("outcome", "ok"), ("cache.layer", "none")), Tags(invoke));
        var inferenceCall = Child(spans, invoke, OrleansSource, "IInferenceGrain/EmbedAsync", ActivityKind.Client);
        var inferenceGrain = Child(spans, inferenceCall, OrleansSource, "IInferenceGrain/EmbedAsync", ActivityKind.Server);
        var queue = Child(spans, inferenceGrain, "OrleansAgents", "inference.queue", ActivityKind.Internal);
        Assert.Equal(Tags(("device", "cpu")), Tags(queue));
        var batch = Child(spans, inferenceGrain, "OrleansAgents", "inference.batch", ActivityKind.Internal);
        Assert.Equal(Tags(("device", "cpu"), ("batch.size", 1)), Tags(batch));
        Assert.Equal([inferenceGrain.Context], batch.Links.Select(l => l.Context));
        Assert.Equal(batch.StartTimeUtc, queue.StartTimeUtc + queue.Duration); // the wait ends when the run starts
        Assert.Equal(8, spans.Length);
    }

    [Fact]
    public async Task Invoke_WhenAnsweredFromL1_TracesTheInvokeWithLayerL1AndNoInference()
    {
        var text = $"sql injection {Guid.NewGuid():N}";
        await InvokeTracedAsync(text);

        var (trace, caller) = await InvokeTracedAsync(text);

        var spans = await _spans.WaitForAsync(trace, IsHttpServer);
        var http = Assert.Single(spans, IsHttpServer);
        Assert.Equal(caller, http.ParentSpanId);
        var agentCall = Child(spans, http, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Client);
        var agentGrain = Child(spans, agentCall, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Server);
        var invoke = Child(spans, agentGrain, "OrleansAgents", "agent.invoke", ActivityKind.Internal);
        Assert.Equal(Tags(("agent", Agent), ("tier", "light"), ("outcome", "ok"), ("cache.layer", "l1")), Tags(invoke));
        Assert.Equal(4, spans.Length); // no inference call, queue wait or batch run
    }

    [Fact]
    public async Task SdkInvoke_WhenCalledWithinTheCallersSpan_JoinsTheCallersTrace()
    {
        using var host = await ClientHosts.StartAsync(_gatewayPort);
        var client = host.Services.GetRequiredService<IAgentClient>();
        Activity.Current = null;
        using var caller = new Activity("caller") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();

        await client.InvokeAsync(Agent, new AgentRequest { Text = $"sql injection {Guid.NewGuid():N}" });
        caller.Stop();

        var spans = await _spans.WaitForAsync(caller.TraceId, s => s.OperationName == "agent.invoke");
        var call = Child(spans, caller, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Client);
        var grain = Child(spans, call, OrleansSource, "IAgentGrain/InvokeAsync", ActivityKind.Server);
        var invoke = Child(spans, grain, "OrleansAgents", "agent.invoke", ActivityKind.Internal);
        Assert.Equal(Tags(("agent", Agent), ("tier", "light"), ("outcome", "ok"), ("cache.layer", "none")), Tags(invoke));
    }

    private async Task<(ActivityTraceId Trace, ActivitySpanId Caller)> InvokeTracedAsync(string text)
    {
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agents/{Agent}/invoke") { Content = JsonContent.Create(new { text }) };
        request.Headers.Add("traceparent", $"00-{trace}-{caller}-01");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (trace, caller);
    }

    private static Activity Child(Activity[] spans, Activity parent, string source, string name, ActivityKind kind)
        => Assert.Single(spans, s => s.ParentSpanId == parent.SpanId && s.Source.Name == source && s.DisplayName == name && s.Kind == kind);

    private static Dictionary<string, object?> Tags(params (string Key, object? Value)[] tags) => tags.ToDictionary(t => t.Key, t => t.Value);

    private static Dictionary<string, object?> Tags(Activity span) => span.TagObjects.ToDictionary(t => t.Key, t => t.Value);

    private static bool IsHttpServer(Activity span) => span.Source.Name == "Microsoft.AspNetCore" && span.Kind == ActivityKind.Server;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
