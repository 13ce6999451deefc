using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using OrleansAgents.Inference.Model;
using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Inference.Quantization;

/// <summary>
/// The int8 variants in the model cache: <c>{cache}/{name}-{fingerprint}.onnx</c>, where the fingerprint hashes the
/// source model's bytes, <see cref="DynamicInt8Quantizer.FormatVersion"/> and the settings, so a changed source or
/// quantizer writes a new file instead of reusing a stale one.
/// </summary>
internal static class Int8ModelCache
{
    /// <summary>The path of <paramref name="name"/>'s int8 file quantized from <paramref name="source"/>, written first if absent.</summary>
    public static string Ensure(string cacheDirectory, string name, byte[] source, Int8QuantizationSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        settings ??= Int8QuantizationSettings.Default;
        var path = Path.Combine(cacheDirectory, $"{name}-{Fingerprint(source, settings)}.onnx");
        return ModelCacheFile.Ensure(path, () => DynamicInt8Quantizer.Quantize(ModelProto.Parser.ParseFrom(source), settings).Model.ToByteArray());
    }

    /// <summary>16 hex digits of SHA-256 over the source bytes, the quantizer's version and the settings.</summary>
    public static string Fingerprint(byte[] source, Int8QuantizationSettings settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(source);
        hash.AppendData(Encoding.UTF8.GetBytes($"|v{DynamicInt8Quantizer.FormatVersion}|{settings.Tag}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
