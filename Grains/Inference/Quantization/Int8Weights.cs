using System.Buffers.Binary;
using Google.Protobuf;
using OrleansAgents.Inference.Quantization.Onnx;

namespace OrleansAgents.Inference.Quantization;

/// <summary>Symmetric int8 quantization of a constant [K, N] float weight, one scale per output column or one in all.</summary>
internal static class Int8Weights
{
    /// <summary>The float values of a constant float tensor, from <c>raw_data</c> or <c>float_data</c>; null when it has neither (external data).</summary>
    public static float[]? ReadFloats(TensorProto tensor)
    {
        var count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        if (tensor.HasRawData && tensor.RawData.Length == count * sizeof(float))
        {
            var raw = tensor.RawData.Span;
            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            }

            return values;
        }

        return tensor.FloatData.Count == count ? [.. tensor.FloatData] : null;
    }

    /// <summary>
    /// Quantizes the row-major [<paramref name="rows"/>, <paramref name="columns"/>] <paramref name="weight"/> to
    /// <c>round(w / scale)</c> in [-limit, limit] with zero point 0, where <c>scale = max|w| / limit</c> over each
    /// column (per-column) or over the whole tensor; limit is 127, or 63 with <paramref name="reduceRange"/>.
    /// </summary>
    public static (sbyte[] Values, float[] Scales) Quantize(float[] weight, int rows, int columns, bool perColumn, bool reduceRange)
    {
        var limit = reduceRange ? 63f : 127f;
        var scales = new float[perColumn ? columns : 1];
        for (var i = 0; i < weight.Length; i++)
        {
            var s = perColumn ? i % columns : 0;
            scales[s] = Math.Max(scales[s], Math.Abs(weight[i]));
        }

        for (var s = 0; s < scales.Length; s++)
        {
            // An all-zero column quantizes to zeros whatever its scale; 1 keeps the scale finite and non-zero.
            scales[s] = scales[s] > 0 ? scales[s] / limit : 1f;
        }

        var values = new sbyte[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            var q = MathF.Round(weight[i] / scales[perColumn ? i % columns : 0], MidpointRounding.ToEven);
            values[i] = (sbyte)Math.Clamp(q, -limit, limit);
        }

        return (values, scales);
    }

    /// <summary>An int8 initializer with <paramref name="dims"/>.</summary>
    public static TensorProto Int8Tensor(string name, sbyte[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom((byte[])(Array)values) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A float initializer with <paramref name="dims"/> (none for a scalar).</summary>
    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
