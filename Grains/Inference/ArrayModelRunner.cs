using System.Buffers;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace OrleansAgents.Inference;

/// <summary>
/// The CPU path: tensors in arrays rented from the shared pool for one run and wrapped without copying, so a run
/// allocates nothing but its small OrtValue handles.
/// </summary>
internal sealed class ArrayModelRunner(InferenceSession session, string[] inputNames, string outputName) : ModelRunner
{
    private readonly RunOptions _runOptions = new();
    private readonly string[] _outputNames = [outputName];

    public override HostBuffers Buffers => HostBuffers.Managed;

    public override float[][] Run(IReadOnlyList<TokenizedText> batch, long[] inputShape, long[] outputShape, Pool pool, out double runMs)
    {
        var cells = Elements(inputShape);
        var outputLength = Elements(outputShape);
        var types = inputNames.Length > 2;
        var ids = ArrayPool<long>.Shared.Rent(cells);
        var mask = ArrayPool<long>.Shared.Rent(cells);
        var typeIds = types ? ArrayPool<long>.Shared.Rent(cells) : [];
        var output = ArrayPool<float>.Shared.Rent(outputLength);
        try
        {
            Fill(batch, (int)inputShape[1], ids.AsSpan(0, cells), mask.AsSpan(0, cells), typeIds.AsSpan(0, types ? cells : 0));
            var memory = OrtMemoryInfo.DefaultInstance;
            using var idsValue = OrtValue.CreateTensorValueFromMemory(memory, ids.AsMemory(0, cells), inputShape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(memory, mask.AsMemory(0, cells), inputShape);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(memory, output.AsMemory(0, outputLength), outputShape);
            using var typesValue = types ? OrtValue.CreateTensorValueFromMemory(memory, typeIds.AsMemory(0, cells), inputShape) : null;
            var started = Stopwatch.GetTimestamp();
            session.Run(_runOptions, inputNames, typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue], _outputNames, [outputValue]);
            runMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return pool(output.AsSpan(0, outputLength), mask.AsSpan(0, cells), (int)inputShape[0], (int)inputShape[1]);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            if (types)
            {
                ArrayPool<long>.Shared.Return(typeIds);
            }

            ArrayPool<float>.Shared.Return(output);
        }
    }

    public override void Dispose() => _runOptions.Dispose();
}
