using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansAgents.Tests.Silo;

/// <summary>The quick check and more, against the real silo with authentication required.</summary>
public sealed class SecurityTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    [Fact]
    public async Task Invoke_WithoutCredentials_Returns401WithCode()
    {
        var problem = await ProblemAsync(await fixture.Http.PostAsJsonAsync("/api/agents/semgrep/invoke", new { text = "hardcoded secret" }), HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthenticated", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_WithoutCredentials_Returns401OpenAiError()
    {
        using var response = await fixture.Http.PostAsJsonAsync("/v1/embeddings", new { input = "x", model = "builtin-tiny" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Embeddings_WithAClientKeyAsBearer_Returns200()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/embeddings", fixture.AliceKey, new { input = new[] { "x", "y" }, model = "builtin-tiny" }, "Bearer");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Embeddings_WithAnOpsKey_Returns403OpenAiError()
    {
        using var response = await SendAsync(HttpMethod.Get, "/v1/models", fixture.OpsKey, null, "Bearer");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("permission_error", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("X-Api-Key")]
    [InlineData("ApiKey")]
    [InlineData("Bearer")]
    public async Task Invoke_WithAClientKey_Returns200(string how)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.AliceKey, new { text = "hardcoded secret" }, how);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_WithAWrongKey_Returns401()
        => await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", "not-a-key", new { text = "x" }), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Invoke_WhenBodyNamesAnotherUser_Returns403IdentityMismatch()
    {
        var text = $"my private prompt {Guid.NewGuid():N}";
        using (var alice = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.AliceKey, new { text, sensitivity = "private" }))
        {
            Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        }

        var problem = await ProblemAsync(
            await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.BobKey, new { text, sensitivity = "private", userId = "alice" }), HttpStatusCode.Forbidden);
        Assert.Equal("IdentityMismatch", problem.GetProperty("code").GetString());
        var tenant = await ProblemAsync(
            await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.BobKey, new { text, tenant = "t1" }), HttpStatusCode.Forbidden);
        Assert.Equal("IdentityMismatch", tenant.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Invoke_WhenATrustedBackendActsForAUser_IsServedAsThatUser()
    {
        var text = $"backend acting for alice {Guid.NewGuid():N}";
        using (var asAlice = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.BackendKey, new { text, sensitivity = "private", userId = "alice", tenant = "t1" }))
        {
            Assert.Equal(HttpStatusCode.OK, asAlice.StatusCode);
        }

        // The answer was scoped to alice of t1: alice's own repeat of it is a cache hit, bob's is not even allowed to ask.
        using var alice = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.AliceKey, new { text, sensitivity = "private" });
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal("l1", (await alice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").GetString());
        using var bob = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.BobKey, new { text, sensitivity = "private" });
        Assert.Equal("none", (await bob.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").GetString());
    }

    [Fact]
    public async Task Invoke_PrivateWithoutIdentityInBody_EachClientGetsItsOwnAnswer()
    {
        var text = $"rotate my database password {Guid.NewGuid():N}";
        var body = new { text, sensitivity = "private" };
        Assert.Equal("none", await CacheLayerAsync(fixture.AliceKey, body));
        Assert.Equal("l1", await CacheLayerAsync(fixture.AliceKey, body));
        Assert.Equal("none", await CacheLayerAsync(fixture.BobKey, body)); // never alice's cached answer
        Assert.Equal("none", await CacheLayerAsync(fixture.AliceKey, new { text, sensitivity = "private", userId = "alice", tenant = "t1", cacheEnabled = false }));
    }

    [Fact]
    public async Task Tasks_WhenBodyNamesAnotherUser_Returns403IdentityMismatch()
    {
        var problem = await ProblemAsync(
            await SendAsync(HttpMethod.Post, "/api/tasks", fixture.BobKey, new { capability = "security-scan", text = "x", userId = "alice" }), HttpStatusCode.Forbidden);
        Assert.Equal("IdentityMismatch", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task PutProfile_WithoutAdminScope_Returns403Forbidden()
    {
        var problem = await ProblemAsync(await SendAsync(HttpMethod.Put, "/api/agents/semgrep/profile", fixture.AliceKey, new { ttlSeconds = 60 }), HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden", problem.GetProperty("code").GetString());
        Assert.Contains("agents.admin", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Scores_WithoutOpsRead_Returns403AndWithIt200()
    {
        await ProblemAsync(await SendAsync(HttpMethod.Get, "/api/tasks/security-scan/scores", fixture.AliceKey), HttpStatusCode.Forbidden);
        using var ok = await SendAsync(HttpMethod.Get, "/api/tasks/security-scan/scores", fixture.OpsKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Burst_Of150FromOneClient_Gets429WithRetryAfterWhileTheOtherClientIsServed()
    {
        var (ok, limited) = (0, 0);
        for (var i = 0; i < 150; i++)
        {
            using var response = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.CarolKey, new { text = "burst" });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                ok++;
                continue;
            }

            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 carries Retry-After");
            Assert.Equal("RateLimited", (await ProblemAsync(response, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
            limited++;
        }

        Assert.Equal(150, ok + limited);
        Assert.InRange(limited, 30, 50); // 100 in the bucket, one more every 0.6 s of the burst
        using var bob = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", fixture.BobKey, new { text = "burst" });
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard/")]
    public async Task OperationsSurfaces_AreServedOnlyOnTheManagementPortWithOpsRead(string path)
    {
        using (var onPublic = await SendAsync(HttpMethod.Get, path, fixture.OpsKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        }

        await ProblemAsync(await fixture.Management.GetAsync(path), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SendAsync(HttpMethod.Get, path, fixture.AliceKey, client: fixture.Management), HttpStatusCode.Forbidden);
        using var served = await SendAsync(HttpMethod.Get, path, fixture.OpsKey, client: fixture.Management);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Health_WithoutCredentials_IsServed()
        => Assert.Equal("Healthy", await fixture.Http.GetStringAsync("/health/live"));

    [Fact]
    public async Task Invoke_WithAValidJwt_Returns200AndUsesItsSubject()
    {
        var token = Jwt(SecurityFixture.Audience, DateTime.UtcNow.AddMinutes(5), SecurityFixture.SigningKey);
        using var ok = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", token, new { text = "jwt caller", userId = "dave", tenant = "t9" }, "Bearer");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", token, new { text = "jwt caller", userId = "alice" }, "Bearer"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    [InlineData("wrong-key")]
    public async Task Invoke_WithABadJwt_Returns401(string flaw)
    {
        var token = flaw switch
        {
            "wrong-audience" => Jwt("someone-else", DateTime.UtcNow.AddMinutes(5), SecurityFixture.SigningKey),
            "expired" => Jwt(SecurityFixture.Audience, DateTime.UtcNow.AddMinutes(-5), SecurityFixture.SigningKey),
            _ => Jwt(SecurityFixture.Audience, DateTime.UtcNow.AddMinutes(5), new string('k', 64)),
        };
        var problem = await ProblemAsync(await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", token, new { text = "x" }, "Bearer"), HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthenticated", problem.GetProperty("code").GetString());
    }

    private static string Jwt(string audience, DateTime expires, string key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = SecurityFixture.Issuer,
        Audience = audience,
        NotBefore = expires.AddMinutes(-10),
        IssuedAt = expires.AddMinutes(-10),
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", "dave"), new Claim("tenant", "t9"), new Claim("scope", "agents.invoke ops.read")]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private async Task<string?> CacheLayerAsync(string key, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/agents/semgrep/invoke", key, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cacheLayer").GetString();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? body = null, string how = "X-Api-Key", HttpClient? client = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (how == "X-Api-Key")
        {
            request.Headers.Add("X-Api-Key", key);
        }
        else
        {
            request.Headers.Authorization = new(how, key);
        }

        return (client ?? fixture.Http).SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            return problem;
        }
    }
}
