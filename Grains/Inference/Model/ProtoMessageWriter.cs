using Google.Protobuf;

namespace OrleansAgents.Inference.Model;

/// <summary>
/// Writes the body of one protobuf message field by field. The encoder generator needs only a
/// few ONNX messages, so it writes their fields by number with Google.Protobuf's
/// <see cref="CodedOutputStream"/> rather than generating classes for the whole ONNX schema.
/// Fields are emitted exactly in call order, which keeps the output deterministic.
/// </summary>
internal sealed class ProtoMessageWriter
{
    private readonly MemoryStream buffer = new();
    private readonly CodedOutputStream output;

    /// <summary>Creates an empty message.</summary>
    public ProtoMessageWriter() => output = new CodedOutputStream(buffer, leaveOpen: true);

    /// <summary>Writes an <c>int64</c> / <c>int32</c> / enum field as a varint.</summary>
    public ProtoMessageWriter Int64(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    /// <summary>Writes a <c>float</c> field (fixed 32-bit).</summary>
    public ProtoMessageWriter Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    /// <summary>Writes a UTF-8 <c>string</c> field.</summary>
    public ProtoMessageWriter String(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    /// <summary>Writes a <c>bytes</c> field without copying <paramref name="value"/> first.</summary>
    public ProtoMessageWriter Bytes(int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    /// <summary>Writes an embedded message field.</summary>
    public ProtoMessageWriter Message(int field, ProtoMessageWriter message) => Bytes(field, message.ToByteArray());

    /// <summary>Writes an already-encoded embedded message field.</summary>
    public ProtoMessageWriter Message(int field, byte[] encodedMessage) => Bytes(field, encodedMessage);

    /// <summary>The encoded message body (no outer tag or length).</summary>
    public byte[] ToByteArray()
    {
        output.Flush();
        return buffer.ToArray();
    }
}
