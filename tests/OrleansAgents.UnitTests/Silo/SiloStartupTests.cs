using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Inference;
using OrleansAgents.Silo.Hosting;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Silo;

/// <summary>A misconfigured silo must refuse to start, with a message naming what is wrong.</summary>
public sealed class SiloStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orleans-agents-startup-").FullName;

    [Fact]
    public async Task StartAsync_WhenCatalogHasDuplicateName_FailsNamingTheEntry()
    {
        var path = Path.Combine(_dir, "catalog.json");
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "catalog.json"));
        await File.WriteAllTextAsync(path, json.Replace("\"name\": \"system-architect\"", "\"name\": \"agentgpt-autonomous-executor\""));

        var ex = await StartExpectingFailureAsync($"--Agents:CatalogPath={path}");
        Assert.IsType<AgentCatalogException>(ex);
        Assert.Contains("name or alias 'agentgpt-autonomous-executor' is already used by 'agentgpt-autonomous-executor'", ex.Message);
    }

    [Fact]
    public async Task StartAsync_WhenModelPathMissing_FailsNamingTheKey()
    {
        var ex = await StartExpectingFailureAsync("--Inference:ModelPath=/nonexistent/model.onnx", "--Inference:VocabPath=/nonexistent/vocab.txt");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("Inference:ModelPath '/nonexistent/model.onnx' does not exist.", validation.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenModelIsNotOnnx_FailsSayingOnnxRuntimeCannotLoadIt()
    {
        var model = Path.Combine(_dir, "model.onnx");
        var vocab = Path.Combine(_dir, "vocab.txt");
        await File.WriteAllTextAsync(model, "not a model");
        await File.WriteAllLinesAsync(vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello"]);

        var ex = await StartExpectingFailureAsync($"--Inference:ModelPath={model}", $"--Inference:VocabPath={vocab}");
        Assert.IsType<InvalidOperationException>(ex);
        Assert.StartsWith($"Model '{model}' could not be loaded by ONNX Runtime", ex.Message);
    }

    [Fact]
    public async Task StartAsync_WhenCudaDeviceWithoutCudaLibraries_FailsNamingTheMissingLibraries()
    {
        // The GPU build's provider is here; these machines have no CUDA 13 runtime, so cuBLASLt (its first link) is missing.
        var ex = await StartExpectingFailureAsync("--Inference:Devices:0=cuda:0");
        var unavailable = Assert.IsType<InferenceProviderUnavailableException>(ex);
        Assert.StartsWith("Inference device 'cuda:0' needs the CUDA execution provider, which cannot load on this machine: ", ex.Message);
        Assert.Contains("libcublasLt.so.13", unavailable.MissingLibraries);
    }

    [Fact]
    public async Task StartAsync_WhenTheModelCannotLoad_FailsBeforeTheSiloOpensItsPorts()
    {
        // Orleans cannot stop a silo whose start failed part-way, so a model failure must come before its runtime
        // (messaging, directory, membership) starts: otherwise their loops outlive the failed host in this process.
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();

        var ex = await StartExpectingFailureAsync("--Inference:Devices:0=cuda:0", $"--Orleans:SiloPort={siloPort}", $"--Orleans:GatewayPort={gatewayPort}");

        Assert.StartsWith("Inference device 'cuda:0' needs the CUDA execution provider", ex.Message);
        foreach (var port in new[] { siloPort, gatewayPort })
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            var refused = Assert.Throws<System.Net.Sockets.SocketException>(() => socket.Connect(System.Net.IPAddress.Loopback, port));
            Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }

    [Fact]
    public async Task StartAsync_WhenTensorRtDeviceWithoutTensorRt_FailsNamingTensorRt()
    {
        var ex = await StartExpectingFailureAsync("--Inference:Devices:0=tensorrt:0");
        var unavailable = Assert.IsType<InferenceProviderUnavailableException>(ex);
        Assert.StartsWith("Inference device 'tensorrt:0' needs the TensorRT execution provider, which cannot load on this machine: ", ex.Message);
        Assert.Contains("libnvinfer.so.10", unavailable.MissingLibraries);
    }

    [Fact]
    public async Task StartAsync_WhenPluginEpNotRegistered_FailsListingAvailableEpDevices()
    {
        var ex = await StartExpectingFailureAsync("--Inference:Devices:0=ep:NoSuchEp");
        Assert.IsType<InvalidOperationException>(ex);
        Assert.StartsWith("Inference device 'ep:NoSuchEp:0' names execution provider 'NoSuchEp' device #0, but ONNX Runtime offers 0 such device(s).", ex.Message);
        Assert.Contains("CPUExecutionProvider", ex.Message);
    }

    [Fact]
    public async Task StartAsync_WhenPluginLibraryMissing_FailsNamingTheLibrary()
    {
        var ex = await StartExpectingFailureAsync(
            "--Inference:Devices:0=ep:CudaPluginExecutionProvider",
            "--Inference:PluginProviders:0:RegistrationName=cuda",
            "--Inference:PluginProviders:0:LibraryPath=/nonexistent/libcuda_ep.so");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("Inference:PluginProviders 'cuda': library '/nonexistent/libcuda_ep.so' does not exist.", validation.Failures);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda")]
    [InlineData("cuda:x")]
    public async Task StartAsync_WhenDeviceNameMalformed_FailsNamingTheEntry(string device)
    {
        var ex = await StartExpectingFailureAsync($"--Inference:Devices:0={device}");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains($"Inference:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.", validation.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenProductionWithoutBackends_FailsNamingEveryMissingKey()
    {
        var ex = await StartExpectingFailureAsync("--environment=Production");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(
            [
                "ConnectionStrings:Clustering (a Redis connection string) is required outside Development.",
                "ConnectionStrings:Redis (a Redis connection string) is required outside Development.",
                "ConnectionStrings:Postgres is required outside Development (grain state and request log).",
            ],
            validation.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenProductionWithMalformedPostgres_FailsNamingTheKey()
    {
        var ex = await StartExpectingFailureAsync(
            "--environment=Production",
            "--ConnectionStrings:Clustering=127.0.0.1:6379",
            "--ConnectionStrings:Redis=127.0.0.1:6379",
            "--ConnectionStrings:Postgres=Hots=nowhere;;=");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Single(validation.Failures, f => f.StartsWith("ConnectionStrings:Postgres is not a valid PostgreSQL connection string", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_WhenMaxBatchSizeOutOfRange_FailsNamingTheOption()
    {
        var ex = await StartExpectingFailureAsync("--Inference:MaxBatchSize=0");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains(validation.Failures, f => f.Contains("MaxBatchSize", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public async Task StartAsync_WhenMaxTenantQueueShareOutOfRange_FailsNamingTheOption(string share)
    {
        var ex = await StartExpectingFailureAsync($"--Inference:MaxTenantQueueShare={share}");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains(validation.Failures, f => f.Contains("MaxTenantQueueShare", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WhenSiloAndGatewayPortsEqual_FailsNamingBothKeys()
    {
        var ex = await StartExpectingFailureAsync("--Orleans:SiloPort=23456", "--Orleans:GatewayPort=23456");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(["Orleans:SiloPort and Orleans:GatewayPort are both 23456; they must differ."], validation.Failures);
    }

    [Fact]
    public async Task Create_WhenSiloPortOutOfRange_FailsNamingTheOption()
    {
        var ex = await StartExpectingFailureAsync("--Orleans:SiloPort=70000");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Single(validation.Failures, f => f.Contains("SiloPort", StringComparison.Ordinal) && f.Contains("between 1 and 65535", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WhenAdvertisedAddressIsNotAnIp_FailsNamingTheKey()
    {
        var ex = await StartExpectingFailureAsync("--ConnectionStrings:Clustering=127.0.0.1:6379", "--Orleans:AdvertisedIPAddress=silo-0.local");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(["Orleans:AdvertisedIPAddress 'silo-0.local' is not an IP address."], validation.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenAnApiKeyIsBlank_FailsNamingTheEntry()
    {
        var ex = await StartExpectingFailureAsync("--Security:ApiKeys:0=a-real-key-0123456789", "--Security:ApiKeys:1= ");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(["Security:ApiKeys:1 is blank."], validation.Failures);
    }

    [Fact]
    public async Task StartAsync_WhenShutdownTimeoutOutOfRange_FailsNamingTheKey()
    {
        var ex = await StartExpectingFailureAsync("--HostOptions:ShutdownTimeout=00:00:00");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(["HostOptions:ShutdownTimeout is 00:00:00; it must be between 1 s and 10 min."], validation.Failures);
    }

    [Fact]
    public async Task Create_WhenTlsCertificateFileMissing_FailsNamingTheKey()
    {
        var missing = Path.Combine(_dir, "absent.crt");
        var ca = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(ca, "not read: validation fails first");
        var ex = await StartExpectingFailureAsync(
            $"--Orleans:Tls:CertificatePath={missing}", $"--Orleans:Tls:KeyPath={missing}", $"--Orleans:Tls:CaPath={ca}");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(
            [$"Orleans:Tls:CertificatePath: file '{missing}' does not exist.", $"Orleans:Tls:KeyPath: file '{missing}' does not exist."],
            validation.Failures);
    }

    [Fact]
    public async Task Create_WhenShutdownTimeoutConfigured_BindsTheHostOptions()
    {
        await using var app = TestSilos.Create("--HostOptions:ShutdownTimeout=00:00:42");
        Assert.Equal(TimeSpan.FromSeconds(42), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task Start_WhenAuthenticationRequiredWithoutCredentials_FailsNamingTheKeys()
    {
        var ex = await StartExpectingFailureAsync("--Security:RequireAuthentication=true");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        var failure = Assert.Single(validation.Failures);
        Assert.Contains("Security:RequireAuthentication", failure);
        Assert.Contains("Security:Clients:{i}:Key", failure);
        Assert.Contains("Security:Jwt:SigningKey", failure);
    }

    [Fact]
    public async Task Start_WhenAClientHasNoTenantOrAnUnknownScope_FailsNamingTheKeys()
    {
        var ex = await StartExpectingFailureAsync("--Security:Clients:0:Key=k0123456789", "--Security:Clients:0:Scopes:0=agents.everything");
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Equal(
            ["Security:Clients:0:Tenant is required.", "Security:Clients:0:Scopes has unknown scope 'agents.everything' (known: agents.invoke, agents.admin, ops.read, agents.impersonate)."],
            validation.Failures);
    }

    private static async Task<Exception> StartExpectingFailureAsync(params string[] overrides)
    {
        // Settings checked while the host is built fail in Create; the rest when the silo starts.
        WebApplication app;
        try
        {
            app = TestSilos.Create(["--Logging:LogLevel:Default=None", .. overrides]);
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }

        try
        {
            var ex = await Record.ExceptionAsync(() => app.StartAsync());
            Assert.NotNull(ex);
            return ex;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
