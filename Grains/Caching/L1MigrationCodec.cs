using System.Buffers;
using System.Text;

namespace OrleansAgents.Caching;

/// <summary>
/// Binary form of the L1 entries an agent carries when it migrates: a version byte, the entry count, then per entry its
/// key, creation and expiry (UTC ticks), segment and answer (<see cref="CachedAnswerCodec"/>, uncompressed).
/// </summary>
internal static class L1MigrationCodec
{
    private const byte Version = 1;

    public static byte[] Serialize(IReadOnlyList<L1Entry> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(entries.Count);
            foreach (var entry in entries)
            {
                writer.Write(entry.Key);
                writer.Write(entry.Created.UtcTicks);
                writer.Write(entry.Expires.UtcTicks);
                writer.Write(entry.Protected);
                var answer = CachedAnswerCodec.Serialize(entry.Answer, int.MaxValue);
                writer.Write(answer.Length);
                writer.Write(answer);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static List<L1Entry> Deserialize(ReadOnlySequence<byte> value)
    {
        using var stream = new MemoryStream(value.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadByte() != Version)
            {
                throw new InvalidDataException("Unknown L1 migration version.");
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > stream.Length)
            {
                throw new InvalidDataException($"L1 migration has an impossible entry count {count}.");
            }

            var entries = new List<L1Entry>(count);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
                var expires = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
                var isProtected = reader.ReadBoolean();
                var length = reader.ReadInt32();
                if (length < 0 || length > stream.Length - stream.Position)
                {
                    throw new InvalidDataException($"L1 migration has an impossible answer length {length}.");
                }

                entries.Add(new L1Entry(key, CachedAnswerCodec.Deserialize(reader.ReadBytes(length)), created, expires, isProtected));
            }

            return entries;
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("L1 migration data is truncated or corrupt.", ex);
        }
    }
}
