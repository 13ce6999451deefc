using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansAgents.Tests.Silo;

/// <summary>The framework's bodiless answers (no route: 404, wrong method: 405) are problem bodies with a code too.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class StatusCodeProblemsTests(SiloHostFixture fixture)
{
    [Fact]
    public async Task Get_WhenNoRouteMatches_Answers404ProblemWithCode()
    {
        using var response = await fixture.Http.GetAsync("/api/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("InvalidRequest", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Patch_WhenRouteAllowsOnlyPost_Answers405ProblemWithCodeAndAllow()
    {
        using var response = await fixture.Http.PatchAsync("/api/agents/semgrep/invoke", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(405, problem.GetProperty("status").GetInt32());
        Assert.Equal("InvalidRequest", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_WhenEndpointWritesItsOwnProblem_KeepsIt()
    {
        using var response = await fixture.Http.GetAsync("/api/agents/nope");

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("UnknownAgent", problem.GetProperty("code").GetString());
        Assert.Equal("nope", problem.GetProperty("agent").GetString());
    }
}
