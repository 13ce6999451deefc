using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansAgents.Tests.Silo;

namespace OrleansAgents.Tests.Routing;

[Collection(SiloHostCollection.Name)]
public sealed class TasksHttpTests(SiloHostFixture fixture)
{
    [Fact]
    public async Task PostTask_WhenPreferredAgent_BoostsItAndTheBestScoreServesWithEveryScoreShown()
    {
        using var response = await fixture.Http.PostAsJsonAsync("/api/tasks", new
        {
            capability = "Security-Scan",
            text = "sql injection",
            userId = $"http-{Guid.NewGuid():N}",
            preferredAgent = "semgrep",
            requestId = "task-1",
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scores = body.GetProperty("scores").EnumerateArray().ToList();
        var chosen = body.GetProperty("agent").GetString();
        // Best first, and the best serves (equal best scores are broken at random).
        Assert.Equal(scores[0].GetProperty("score").GetDouble(), scores.Single(s => s.GetProperty("agent").GetString() == chosen).GetProperty("score").GetDouble());
        Assert.Equal(chosen, body.GetProperty("response").GetProperty("agent").GetString());
        Assert.Equal(1.2, scores.Single(s => s.GetProperty("agent").GetString() == "semgrep-security-analyzer").GetProperty("affinity").GetDouble());
        Assert.Equal("security-scan", body.GetProperty("capability").GetString());
        Assert.Equal("task-1", body.GetProperty("response").GetProperty("requestId").GetString());
        Assert.Equal(16, body.GetProperty("scores").GetArrayLength());
        Assert.StartsWith($"{chosen} scored", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task GetScores_AfterAUserPreferredAnAgent_ShowsEveryCandidateBestFirstWithThatAffinity()
    {
        var user = $"scores-{Guid.NewGuid():N}";
        (await fixture.Http.PostAsJsonAsync("/api/tasks", new { capability = "security-scan", text = "xss", userId = user, preferredAgent = "semgrep" })).Dispose();

        var scores = await fixture.Http.GetFromJsonAsync<JsonElement[]>($"/api/tasks/Security-Scan/scores?userId={user}");
        var anonymous = await fixture.Http.GetFromJsonAsync<JsonElement[]>("/api/tasks/security-scan/scores");

        Assert.Equal(16, scores!.Length);
        Assert.Equal(["semgrep-security-analyzer"], scores.Where(s => s.GetProperty("affinity").GetDouble() == 1.2).Select(s => s.GetProperty("agent").GetString()));
        Assert.Equal(scores.Select(s => s.GetProperty("score").GetDouble()).OrderDescending(), scores.Select(s => s.GetProperty("score").GetDouble()));
        Assert.All(anonymous!, s => Assert.Equal(1.0, s.GetProperty("affinity").GetDouble()));
    }

    [Theory]
    [InlineData("teleportation")]
    [InlineData("no%20spaces")]
    public async Task GetScores_WhenCapabilityUnknownOrMalformed_Returns400NamingCapability(string capability)
    {
        using var response = await fixture.Http.GetAsync($"/api/tasks/{capability}/scores");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("capability", problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"text":"x"}""", "capability")]
    [InlineData("""{"capability":"teleportation","text":"x"}""", "capability")]
    [InlineData("""{"capability":"security-scan","text":""}""", "text")]
    [InlineData("""{"capability":"security-scan","text":"x","preferredAgent":"shellgpt"}""", "preferredAgent")]
    [InlineData("""{"capability":"security-scan","text":"x","timeoutMs":-5}""", "timeoutMs")]
    [InlineData("""not json""", "body")]
    public async Task PostTask_WhenInvalid_Returns400NamingTheField(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Http.PostAsync("/api/tasks", content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task PostTask_WhenBodyEmpty_Returns400()
    {
        using var content = new ByteArrayContent([]);
        using var response = await fixture.Http.PostAsync("/api/tasks", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
