using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>A failure no error code describes still answers with a problem body that has a <c>code</c>, and says nothing of its cause.</summary>
public sealed class UnhandledErrorTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = TestSilos.Create();
        // The silo's own pipeline, plus one endpoint that fails the way a bug would.
        _app.MapGet("/test/bug", string () => throw new InvalidOperationException("secret internal detail"));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(TestSilos.PublicUrl(_app)) };
    }

    [Fact]
    public async Task Get_WhenEndpointThrowsUnexpectedly_Answers500ProblemWithInternalCode()
    {
        using var response = await _http.GetAsync("/test/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Internal", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret internal detail", body, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
