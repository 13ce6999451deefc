using System.Buffers.Binary;

namespace OrleansAgents.Inference.Model;

/// <summary>
/// Accumulates the nodes, initializers, inputs and outputs of one ONNX graph and encodes them as
/// a ModelProto. Only the handful of onnx.proto fields a plain inference graph needs are written;
/// field numbers are those of the ONNX IR spec (onnx/onnx.proto).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = 7;

    /// <summary>TensorProto.DataType FLOAT16.</summary>
    public const int Float16Type = 10;

    // ModelProto
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelProducerVersion = 3;
    private const int ModelDocString = 6;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;

    // OperatorSetIdProto
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;

    // GraphProto
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;

    // NodeProto
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;

    // AttributeProto and its AttributeType enum values
    private const int AttributeName = 1;
    private const int AttributeF = 2;
    private const int AttributeI = 3;
    private const int AttributeInts = 8;
    private const int AttributeType = 20;
    private const int AttributeTypeFloat = 1;
    private const int AttributeTypeInt = 2;
    private const int AttributeTypeInts = 7;

    // TensorProto
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;

    // ValueInfoProto -> TypeProto -> TypeProto.Tensor -> TensorShapeProto -> Dimension
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensorType = 1;
    private const int TensorTypeElemType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int DimParam = 2;

    private readonly List<byte[]> nodes = [];
    private readonly List<byte[]> initializers = [];
    private readonly List<byte[]> inputs = [];
    private readonly List<byte[]> outputs = [];
    private readonly HashSet<string> initializerNames = new(StringComparer.Ordinal);

    /// <summary>An INT attribute, e.g. <c>axis</c>.</summary>
    public static ProtoMessageWriter IntAttribute(string name, long value) =>
        new ProtoMessageWriter().String(AttributeName, name).Int64(AttributeI, value).Int64(AttributeType, AttributeTypeInt);

    /// <summary>A FLOAT attribute, e.g. <c>epsilon</c>.</summary>
    public static ProtoMessageWriter FloatAttribute(string name, float value) =>
        new ProtoMessageWriter().String(AttributeName, name).Float(AttributeF, value).Int64(AttributeType, AttributeTypeFloat);

    /// <summary>An INTS attribute, e.g. <c>perm</c>.</summary>
    public static ProtoMessageWriter IntsAttribute(string name, params ReadOnlySpan<long> values)
    {
        var attribute = new ProtoMessageWriter().String(AttributeName, name);
        foreach (var value in values)
        {
            // Unpacked, as proto2 (which onnx.proto uses) encodes repeated scalars by default.
            attribute.Int64(AttributeInts, value);
        }

        return attribute.Int64(AttributeType, AttributeTypeInts);
    }

    /// <summary>Declares a graph input.</summary>
    public void AddInput(string name, int elementType, params ReadOnlySpan<OnnxTensorDim> dims) =>
        inputs.Add(ValueInfo(name, elementType, dims));

    /// <summary>Declares a graph output.</summary>
    public void AddOutput(string name, int elementType, params ReadOnlySpan<OnnxTensorDim> dims) =>
        outputs.Add(ValueInfo(name, elementType, dims));

    /// <summary>Adds a float initializer (weight or constant) and returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            // raw_data is little-endian by spec, whatever the host.
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        return AddInitializer(name, dims, FloatType, values.Length, raw);
    }

    /// <summary>Adds a float16 initializer (a weight or constant of the fp16 variant) and returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<Half> values)
    {
        var raw = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(raw.AsSpan(i * 2), values[i]);
        }

        return AddInitializer(name, dims, Float16Type, values.Length, raw);
    }

    /// <summary>Adds an int64 initializer (shape, axes or index constant) and returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        return AddInitializer(name, dims, Int64Type, values.Length, raw);
    }

    /// <summary>
    /// Appends a default-domain node with one output and returns that output's name, so calls
    /// chain naturally. Nodes must be added in topological order, as ONNX requires.
    /// </summary>
    public string AddNode(string opType, ReadOnlySpan<string> nodeInputs, string output, params ReadOnlySpan<ProtoMessageWriter> attributes)
    {
        var node = new ProtoMessageWriter();
        foreach (var input in nodeInputs)
        {
            node.String(NodeInput, input);
        }

        node.String(NodeOutput, output)
            .String(NodeName, $"{opType}_{nodes.Count}")
            .String(NodeOpType, opType);
        foreach (var attribute in attributes)
        {
            node.Message(NodeAttribute, attribute);
        }

        nodes.Add(node.ToByteArray());
        return output;
    }

    /// <summary>Encodes the complete ModelProto importing the default ONNX domain at <paramref name="opsetVersion"/>.</summary>
    public byte[] BuildModel(string graphName, long irVersion, long opsetVersion, string producerName, string producerVersion, string docString)
    {
        var graph = new ProtoMessageWriter();
        foreach (var node in nodes)
        {
            graph.Message(GraphNode, node);
        }

        graph.String(GraphName, graphName);
        foreach (var initializer in initializers)
        {
            graph.Message(GraphInitializer, initializer);
        }

        foreach (var input in inputs)
        {
            graph.Message(GraphInput, input);
        }

        foreach (var output in outputs)
        {
            graph.Message(GraphOutput, output);
        }

        var opset = new ProtoMessageWriter().String(OpsetDomain, string.Empty).Int64(OpsetVersion, opsetVersion);
        return new ProtoMessageWriter()
            .Int64(ModelIrVersion, irVersion)
            .String(ModelProducerName, producerName)
            .String(ModelProducerVersion, producerVersion)
            .String(ModelDocString, docString)
            .Message(ModelGraph, graph)
            .Message(ModelOpsetImport, opset)
            .ToByteArray();
    }

    private static byte[] ValueInfo(string name, int elementType, ReadOnlySpan<OnnxTensorDim> dims)
    {
        var shape = new ProtoMessageWriter();
        foreach (var dim in dims)
        {
            var encoded = new ProtoMessageWriter();
            if (dim.Symbol is { } symbol)
            {
                encoded.String(DimParam, symbol);
            }
            else
            {
                encoded.Int64(DimValue, dim.Size);
            }

            shape.Message(ShapeDim, encoded);
        }

        var tensorType = new ProtoMessageWriter().Int64(TensorTypeElemType, elementType).Message(TensorTypeShape, shape);
        var type = new ProtoMessageWriter().Message(TypeTensorType, tensorType);
        return new ProtoMessageWriter().String(ValueInfoName, name).Message(ValueInfoType, type).ToByteArray();
    }

    private string AddInitializer(string name, ReadOnlySpan<long> dims, int dataType, int count, byte[] raw)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} values but its shape holds {expected}.", nameof(dims));
        }

        if (!initializerNames.Add(name))
        {
            throw new ArgumentException($"Initializer '{name}' is already defined.", nameof(name));
        }

        var tensor = new ProtoMessageWriter();
        foreach (var dim in dims)
        {
            tensor.Int64(TensorDims, dim);
        }

        tensor.Int64(TensorDataType, dataType).String(TensorName, name).Bytes(TensorRawData, raw);
        initializers.Add(tensor.ToByteArray());
        return name;
    }
}
