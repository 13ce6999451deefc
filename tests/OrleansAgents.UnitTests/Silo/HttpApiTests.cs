using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansAgents.Tests.Silo;

[Collection(SiloHostCollection.Name)]
public sealed class HttpApiTests(SiloHostFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task GetAgents_WhenCalled_Lists131AgentsWithTierAndCapabilities()
    {
        var agents = await Http.GetFromJsonAsync<JsonElement[]>("/api/agents");
        Assert.Equal(131, agents!.Length);
        Assert.All(agents, a =>
        {
            Assert.Contains(a.GetProperty("tier").GetString(), new[] { "heavy", "medium", "light" });
            Assert.NotEqual(0, a.GetProperty("capabilities").GetArrayLength());
        });
    }

    [Fact]
    public async Task GetAgent_WhenAlias_ReturnsCanonicalEntry()
    {
        var agent = await Http.GetFromJsonAsync<JsonElement>("/api/agents/semgrep");
        Assert.Equal("semgrep-security-analyzer", agent.GetProperty("name").GetString());
        Assert.Equal("light", agent.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task GetAgent_AfterRequests_ShowsItsLifetimeCounters()
    {
        var before = (await Http.GetFromJsonAsync<JsonElement>("/api/agents/system-architect")).GetProperty("counters");
        var text = $"module layout {Guid.NewGuid():N}";
        (await Http.PostAsJsonAsync("/api/agents/system-architect/invoke", new { text })).Dispose();
        (await Http.PostAsJsonAsync("/api/agents/system-architect/invoke", new { text })).Dispose();

        var after = (await Http.GetFromJsonAsync<JsonElement>("/api/agents/system-architect")).GetProperty("counters");

        long Delta(string field) => after.GetProperty(field).GetInt64() - before.GetProperty(field).GetInt64();
        Assert.Equal((2L, 1L, 0L), (Delta("requests"), Delta("cacheHits"), Delta("errors")));
    }

    [Fact]
    public async Task Invoke_WhenValid_ReturnsScoredLabelsFromTheModel()
    {
        using var response = await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "sql injection", topK = 2, requestId = "http-1", cacheEnabled = false });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http-1", body.GetProperty("requestId").GetString());
        Assert.Equal("semgrep-security-analyzer", body.GetProperty("agent").GetString());
        var labels = body.GetProperty("labels");
        Assert.Equal(2, labels.GetArrayLength());
        Assert.Equal("sql injection", labels[0].GetProperty("label").GetString());
        Assert.Equal(1.0, labels[0].GetProperty("score").GetDouble(), 3);
        Assert.Equal("none", body.GetProperty("cacheLayer").GetString());
        Assert.True(body.GetProperty("batchSize").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("no-such-agent")]
    [InlineData("semgrep2")]
    public async Task Invoke_WhenAgentUnknown_Returns404ProblemNamingAgent(string agent)
    {
        using var response = await Http.PostAsJsonAsync($"/api/agents/{agent}/invoke", new { text = "hello" });
        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(agent, problem.GetProperty("agent").GetString());
        Assert.Equal("/api/agents", problem.GetProperty("catalog").GetString());
        Assert.Contains($"Unknown agent '{agent}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetAgent_WhenUnknown_Returns404Problem()
        => await AssertProblemAsync(await Http.GetAsync("/api/agents/nope"), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("", "body")]
    [InlineData("{}", "text")]
    [InlineData("{\"text\": \"\"}", "text")]
    [InlineData("{\"text\": \"   \"}", "text")]
    [InlineData("{\"text\": ", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("null", "body")]
    [InlineData("{\"text\": \"hi\", \"timeoutMs\": 0}", "timeoutMs")]
    [InlineData("{\"text\": \"hi\", \"timeoutMs\": -5}", "timeoutMs")]
    [InlineData("{\"text\": \"hi\", \"timeoutMs\": 300001}", "timeoutMs")]
    [InlineData("{\"text\": \"hi\", \"timeoutMs\": 1e30}", "body")]
    [InlineData("{\"text\": \"hi\", \"sensitivity\": \"secret\"}", "body")]
    [InlineData("{\"text\": \"hi\", \"priority\": 99}", "priority")]
    [InlineData("{\"text\": \"hi\", \"topK\": 0}", "topK")]
    [InlineData("{\"text\": \"hi\", \"sensitivity\": \"private\"}", "userId")]
    public async Task Invoke_WhenBodyInvalid_Returns400NamingField(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await AssertProblemAsync(await Http.PostAsync("/api/agents/semgrep/invoke", content), HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Invoke_WhenARequestIdIsResent_ReturnsTheSameAnswerToTheSameRequestAnd409ToAnother()
    {
        var id = $"private-{Guid.NewGuid():N}";
        var alice = new { text = "my api key leaked in the logs", requestId = id, userId = "alice", sensitivity = "private" };
        using var first = await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", alice);
        using var retry = await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", alice);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());

        // Another caller naming alice's request id gets no answer of hers.
        var mallory = new { text = "my api key leaked in the logs", requestId = id, userId = "mallory", sensitivity = "private" };
        var problem = await AssertProblemAsync(await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", mallory), HttpStatusCode.Conflict);
        Assert.Equal("RequestIdConflict", problem.GetProperty("code").GetString());
        Assert.Equal("requestId", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Invoke_WhenBodyIsInvalidUtf8_Returns400()
    {
        using var content = new ByteArrayContent([.. "{\"text\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new("application/json");
        var problem = await AssertProblemAsync(await Http.PostAsync("/api/agents/semgrep/invoke", content), HttpStatusCode.BadRequest);
        Assert.Equal("The request body is not valid UTF-8.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invoke_WhenTextOverMaxRequestBytes_Returns413()
    {
        using var response = await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = new string('a', (64 * 1024) + 1) });
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("text", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Invoke_WhenBodyFarOverLimit_Returns413WithoutReadingIt()
    {
        using var response = await Http.PostAsync("/api/agents/semgrep/invoke", new ByteArrayContent(new byte[2 * 1024 * 1024]));
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("body", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Health_WhenModelLoaded_LiveAndReadyAreHealthy()
    {
        Assert.Equal("Healthy", await Http.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await Http.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task Metrics_AfterARequest_ExposeAgentAndInferenceSeries()
    {
        using var invoke = await Http.PostAsJsonAsync("/api/agents/shellgpt/invoke", new { text = "list files by size" });
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        var metrics = await fixture.Management.GetStringAsync("/metrics");
        Assert.Contains("agents_requests_total{", metrics);
        Assert.Contains("agent=\"shell-automation-specialist\"", metrics);
        Assert.Contains("agents_request_duration_seconds_bucket{", metrics);
        Assert.Contains("agents_requests_active{", metrics);
        Assert.Contains("inference_batch_size_bucket{", metrics);
        Assert.Contains("inference_batch_fill_ratio_bucket{", metrics);
        Assert.Contains("inference_duration_seconds_bucket{", metrics);
        Assert.Contains("inference_queue_wait_seconds_bucket{", metrics);
        Assert.Contains("inference_compute_duration_seconds_bucket{", metrics);
        Assert.Contains("inference_model_load_duration_seconds_bucket{", metrics);
        Assert.Contains("inference_padding_ratio_bucket{", metrics);
        Assert.Contains("inference_queue_depth{", metrics);
        Assert.Contains("inference_rejected_total{", metrics); // at 0 from the start
        Assert.DoesNotContain(metrics.Split('\n'), l => !l.Contains("orleans_", StringComparison.Ordinal) && l.Contains("_milliseconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_OnTheManagementPort_ServesTheOrleansDashboard()
    {
        using var response = await fixture.Management.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/metrics")]
    public async Task OperationsSurfaces_OnThePublicPort_Return404(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DeleteCache_WithApiKey_Returns204AndTheNextRequestRunsInferenceAgain()
    {
        var body = new { text = $"rotate the credentials {Guid.NewGuid():N}" };
        (await Http.PostAsJsonAsync("/api/agents/shellgpt/invoke", body)).Dispose();
        using (var cached = await Http.PostAsJsonAsync("/api/agents/shellgpt/invoke", body))
        {
            Assert.Equal("l1", (await cached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").GetString());
        }

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/agents/shellgpt/cache");
        delete.Headers.Authorization = new("Bearer", fixture.ApiKey);
        using (var deleted = await Http.SendAsync(delete))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var fresh = await Http.PostAsJsonAsync("/api/agents/shellgpt/invoke", body);
        Assert.Equal("none", (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").GetString());
    }

    [Fact]
    public async Task DeleteCache_WithXApiKeyHeader_Returns204()
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/agents/semgrep/cache");
        delete.Headers.Add("X-Api-Key", fixture.ApiKey);
        using var response = await Http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task DeleteCache_WithoutValidApiKey_Returns401(string? key)
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/agents/semgrep/cache");
        if (key is not null)
        {
            delete.Headers.Authorization = new("Bearer", key);
        }

        var problem = await AssertProblemAsync(await Http.SendAsync(delete), HttpStatusCode.Unauthorized);
        Assert.Contains("needs an API key", problem.GetProperty("detail").GetString());
        Assert.Equal("Unauthenticated", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task DeleteCache_WhenAgentUnknown_Returns404()
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/agents/nope/cache");
        delete.Headers.Authorization = new("Bearer", fixture.ApiKey);
        await AssertProblemAsync(await Http.SendAsync(delete), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_WhenNoPostgresConfigured_AnswersFromMemoryWithExactCounts()
    {
        var before = await Http.GetFromJsonAsync<JsonElement>("/api/agents/semgrep/stats?window=15m");
        var text = $"eval of user input {Guid.NewGuid():N}";
        (await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text })).EnsureSuccessStatusCode().Dispose();
        (await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text })).EnsureSuccessStatusCode().Dispose();
        (await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = $"{text} again" })).EnsureSuccessStatusCode().Dispose();
        // A lone request waits for the batch delay (2 ms) in the inference queue: a 1 ms deadline always passes.
        using (var late = await Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = $"{text} late", timeoutMs = 1, cacheEnabled = false }))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, late.StatusCode);
        }

        using var response = await Http.GetAsync("/api/agents/semgrep/stats?window=15m");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("semgrep-security-analyzer", "memory"), (after.GetProperty("agent").GetString(), after.GetProperty("source").GetString()));
        long Delta(string field) => after.GetProperty(field).GetInt64() - before.GetProperty(field).GetInt64();
        Assert.Equal((4L, 1L), (Delta("requests"), Delta("errors")));
        Assert.True(after.GetProperty("p50Ms").GetDouble() > 0);
        Assert.True(after.GetProperty("hitRatio").GetDouble() > 0); // the repeated text was a cache hit
    }

    [Theory]
    [InlineData("1y")]
    [InlineData("0h")]
    [InlineData("60d")]
    public async Task Stats_WhenWindowInvalid_Returns400NamingWindow(string window)
    {
        var problem = await AssertProblemAsync(await Http.GetAsync($"/api/agents/semgrep/stats?window={window}"), HttpStatusCode.BadRequest);
        Assert.Equal("window", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Stats_WhenAgentUnknown_Returns404()
        => await AssertProblemAsync(await Http.GetAsync("/api/agents/nope/stats"), HttpStatusCode.NotFound);

    [Fact]
    public async Task PutProfile_WithApiKey_ReturnsTheUpdatedProfile()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/agents/metrics-collector-prometheus/profile")
        {
            Content = JsonContent.Create(new { ttlSeconds = 45, priority = 6 }),
        };
        put.Headers.Authorization = new("Bearer", fixture.ApiKey);
        using var response = await Http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profile");
        Assert.Equal(45, profile.GetProperty("ttlSeconds").GetInt32());
        Assert.Equal(6, profile.GetProperty("priority").GetInt32());
    }

    [Theory]
    [InlineData("{\"ttlSeconds\": 5}", "ttlSeconds", HttpStatusCode.BadRequest)]
    [InlineData("{\"ttlSeconds\": \"x\"}", "body", HttpStatusCode.BadRequest)]
    [InlineData("", "body", HttpStatusCode.BadRequest)]
    public async Task PutProfile_WhenInvalid_Returns400NamingField(string body, string field, HttpStatusCode status)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/agents/semgrep/profile") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        put.Headers.Authorization = new("Bearer", fixture.ApiKey);
        var problem = await AssertProblemAsync(await Http.SendAsync(put), status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task PutProfile_WithoutApiKey_Returns401()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/agents/semgrep/profile") { Content = JsonContent.Create(new { ttlSeconds = 60 }) };
        await AssertProblemAsync(await Http.SendAsync(put), HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.True(problem.TryGetProperty("code", out _), "every problem body carries a code");
            return problem;
        }
    }
}
