namespace OrleansAgents.Inference;

/// <summary>
/// A configured inference device's execution provider cannot load on this machine (a silo start-up error, never sent
/// to callers). <see cref="Exception.Message"/> names the missing libraries and what to install.
/// </summary>
public sealed class InferenceProviderUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="device"/>, which needs <paramref name="missingLibraries"/>.</summary>
    public InferenceProviderUnavailableException(string device, IReadOnlyList<string> missingLibraries, string message, Exception? innerException = null)
        : base(message, innerException)
        => (Device, MissingLibraries) = (device, missingLibraries);

    /// <summary>The device, e.g. <c>cuda:0</c>.</summary>
    public string Device { get; }

    /// <summary>The shared libraries that could not be found (sonames such as <c>libcublasLt.so.13</c>); empty when unknown.</summary>
    public IReadOnlyList<string> MissingLibraries { get; }
}
