using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using OrleansAgents.Agents;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Silo.Fuzz;

/// <summary>
/// Bad input at scale against the real silo host (its own instance): thousands of generated malformed or hostile
/// requests, none answered with a 5xx, every 4xx a problem body with a <c>code</c>, and the silo still serving after.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 10_000;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create($"--Security:ApiKeys:0={Guid.NewGuid():N}");
        await _app.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1 })
        {
            BaseAddress = new Uri(TestSilos.PublicUrl(_app)),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Api_WhenTenThousandHostileRequests_NeverAnswers5xxEvery4xxIsAProblemWithACodeAndStaysReady()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var codes = new ConcurrentDictionary<string, int>();
        var tried = 0;

        await HostileRequest.Any.SampleAsync(
            async request =>
            {
                Interlocked.Increment(ref tried);
                var (status, code) = await SendAsync(request);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (code is not null)
                {
                    codes.AddOrUpdate($"{status} {code}", 1, (_, n) => n + 1);
                }
            },
            iter: Requests,
            threads: 8,
            print: r => r.ToString());

        output.WriteLine($"tried {tried} hostile requests; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        output.WriteLine($"distinct 4xx statuses: {statuses.Keys.Count(s => s is >= 400 and < 500)}; problem codes: {string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"))}");
        Assert.True(tried >= Requests);
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health/ready")).StatusCode);
        var valid = await _http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "hardcoded secret", topK = 3 });
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var answer = (await valid.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal("semgrep-security-analyzer", answer.GetProperty("agent").GetString());
        Assert.Equal("hardcoded secret", answer.GetProperty("labels")[0].GetProperty("label").GetString());
        Assert.Equal(3, answer.GetProperty("labels").GetArrayLength());
    }

    /// <summary>Sends one request; asserts no 5xx and, for a 4xx, a problem body; returns the status and problem code.</summary>
    private async Task<(int Status, string? Code)> SendAsync(HostileRequest request)
    {
        using var message = request.ToMessage();
        using var response = await _http.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{status} for {request}: {body}");
        if (status < 400)
        {
            return (status, null);
        }

        if (request.KestrelRejection is { } refused)
        {
            // Kestrel itself refuses the request before any middleware runs: a bare status that closes the connection.
            Assert.Equal(refused, status);
            Assert.True(response.Headers.ConnectionClose);
            Assert.Empty(body);
            return (status, "(kestrel, no body)");
        }

        Assert.True(
            response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{status} without a problem body ({response.Content.Headers.ContentType}) for {request}: {body}");
        if (request.Method == HttpMethod.Head)
        {
            return (status, "(head)");
        }

        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        return (status, problem.RootElement.GetProperty("code").GetString());
    }
}
