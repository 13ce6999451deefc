using System.IO.Compression;
using System.Text;
using OrleansAgents.Agents;

namespace OrleansAgents.Caching;

/// <summary>
/// Binary form of a <see cref="CachedAnswer"/>: a format byte (0 = plain, 1 = Brotli), then version, token count,
/// warnings and (label, score) pairs. Values above the compression threshold are Brotli-compressed for L2.
/// </summary>
internal static class CachedAnswerCodec
{
    public const byte Plain = 0;
    public const byte Brotli = 1;
    private const byte Version = 1;
    private const int MaxDecompressedBytes = 4 * 1024 * 1024;

    public static byte[] Serialize(CachedAnswer answer, int compressionThresholdBytes)
    {
        var plain = WritePlain(answer);
        if (plain.Length <= compressionThresholdBytes)
        {
            return [Plain, .. plain];
        }

        using var output = new MemoryStream();
        output.WriteByte(Brotli);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(plain);
        }

        return output.ToArray();
    }

    /// <summary>Reads a value written by <see cref="Serialize"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static CachedAnswer Deserialize(byte[] value)
    {
        if (value.Length < 2)
        {
            throw new InvalidDataException("Cached answer is truncated.");
        }

        try
        {
            var body = value[0] switch
            {
                Plain => value.AsSpan(1).ToArray(),
                Brotli => Decompress(value),
                _ => throw new InvalidDataException($"Unknown cached-answer format {value[0]}."),
            };
            using var stream = new MemoryStream(body);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                throw new InvalidDataException("Unknown cached-answer version.");
            }

            var tokens = reader.ReadInt32();
            // A count is checked against the bytes left (a warning takes at least its 1-byte length, a label that and a
            // 4-byte score) before anything is allocated for it, so a corrupt count cannot allocate gigabytes.
            var warnings = new string[ReadCount(reader, stream, minBytesPerItem: 1)];
            for (var i = 0; i < warnings.Length; i++)
            {
                warnings[i] = reader.ReadString();
            }

            var labels = new LabelScore[ReadCount(reader, stream, minBytesPerItem: 5)];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = new LabelScore(reader.ReadString(), reader.ReadSingle());
            }

            return new CachedAnswer(labels, tokens, warnings) { SerializedBytes = body.Length + 1 };
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or InvalidOperationException)
        {
            // Truncated body, a malformed string length, or Brotli data the decoder rejects.
            throw new InvalidDataException("Cached answer is truncated or corrupt.", ex);
        }
    }

    private static int ReadCount(BinaryReader reader, MemoryStream stream, int minBytesPerItem)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > (stream.Length - stream.Position) / minBytesPerItem)
        {
            throw new InvalidDataException($"Cached answer has an impossible item count {count}.");
        }

        return count;
    }

    /// <summary>The answer with <see cref="CachedAnswer.SerializedBytes"/> set from its plain serialized form.</summary>
    public static CachedAnswer Measured(CachedAnswer answer) => answer with { SerializedBytes = WritePlain(answer).Length + 1 };

    private static byte[] WritePlain(CachedAnswer answer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(answer.TokenCount);
            writer.Write(answer.Warnings.Length);
            foreach (var warning in answer.Warnings)
            {
                writer.Write(warning);
            }

            writer.Write(answer.Labels.Length);
            foreach (var label in answer.Labels)
            {
                writer.Write(label.Label);
                writer.Write(label.Score);
            }
        }

        return stream.ToArray();
    }

    private static byte[] Decompress(byte[] value)
    {
        using var input = new MemoryStream(value, 1, value.Length - 1);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = brotli.Read(buffer)) > 0)
        {
            // A corrupt or hostile value must not expand without bound.
            if (output.Length + read > MaxDecompressedBytes)
            {
                throw new InvalidDataException($"Cached answer expands beyond {MaxDecompressedBytes} bytes.");
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
