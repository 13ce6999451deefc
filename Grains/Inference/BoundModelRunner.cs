using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OrleansAgents.Inference;

/// <summary>
/// The GPU path: inputs and outputs bound through an <see cref="OrtIoBinding"/> to host buffers of one ONNX Runtime
/// allocator — the CUDA provider's pinned allocator on a GPU, the CPU allocator otherwise (which lets the CPU tests run
/// this very code). Each concurrent run takes a lane (a binding and its buffers) from a pool, so the pool holds as many
/// lanes as runs ever overlapped (at most the device's MaxConcurrentBatches); a lane's buffers grow to the largest
/// batch it has seen and are reused, so steady-state runs allocate no tensor memory.
/// </summary>
internal sealed class BoundModelRunner : ModelRunner
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string _outputName;
    private readonly OrtAllocator _allocator;
    private readonly OrtMemoryInfo _memory;
    private readonly bool _ownsAllocator;
    private readonly RunOptions _runOptions = new();
    private readonly ConcurrentBag<Lane> _idle = [];
    private readonly ConcurrentBag<Lane> _all = [];

    private BoundModelRunner(InferenceSession session, string[] inputNames, string outputName, OrtAllocator allocator, bool ownsAllocator, HostBuffers buffers)
    {
        _session = session;
        _inputNames = inputNames;
        _outputName = outputName;
        _allocator = allocator;
        _memory = allocator.Info;
        _ownsAllocator = ownsAllocator;
        Buffers = buffers;
    }

    public override HostBuffers Buffers { get; }

    /// <summary>Buffers from ONNX Runtime's CPU allocator (any session).</summary>
    public static BoundModelRunner Native(InferenceSession session, string[] inputNames, string outputName)
        => new(session, inputNames, outputName, OrtAllocator.DefaultInstance, ownsAllocator: false, HostBuffers.Native);

    /// <summary>
    /// Buffers from the <c>CudaPinned</c> allocator the CUDA provider registers with <paramref name="session"/>; ONNX
    /// Runtime's CPU allocator when the session has none (a CUDA provider that registers no pinned allocator).
    /// </summary>
    public static BoundModelRunner CudaPinned(InferenceSession session, string[] inputNames, string outputName, int deviceId)
    {
        using var info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.CpuOutput);
        try
        {
            return new(session, inputNames, outputName, new OrtAllocator(session, info), ownsAllocator: true, HostBuffers.CudaPinned);
        }
        catch (OnnxRuntimeException)
        {
            return Native(session, inputNames, outputName);
        }
    }

    public override float[][] Run(IReadOnlyList<TokenizedText> batch, long[] inputShape, long[] outputShape, Pool pool, out double runMs)
    {
        if (!_idle.TryTake(out var lane))
        {
            lane = new Lane(_session.CreateIoBinding(), _inputNames.Length);
            _all.Add(lane);
        }

        try
        {
            var cells = Elements(inputShape);
            var outputLength = Elements(outputShape);
            var inputs = new OrtValue[_inputNames.Length];
            try
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    inputs[i] = lane.Tensor(_allocator, _memory, i, TensorElementType.Int64, inputShape, (long)cells * sizeof(long));
                }

                using var output = lane.Tensor(_allocator, _memory, inputs.Length, TensorElementType.Float, outputShape, (long)outputLength * sizeof(float));
                var mask = inputs[1].GetTensorMutableDataAsSpan<long>();
                // The buffers must hold the batch before binding: binding is when ONNX Runtime copies an input to the device.
                Fill(batch, (int)inputShape[1], inputs[0].GetTensorMutableDataAsSpan<long>(), mask, inputs.Length > 2 ? inputs[2].GetTensorMutableDataAsSpan<long>() : []);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < inputs.Length; i++)
                {
                    lane.Binding.BindInput(_inputNames[i], inputs[i]);
                }

                lane.Binding.BindOutput(_outputName, output);
                lane.Binding.SynchronizeBoundInputs();
                _session.RunWithBinding(_runOptions, lane.Binding);
                lane.Binding.SynchronizeBoundOutputs();
                runMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return pool(output.GetTensorDataAsSpan<float>(), mask, (int)inputShape[0], (int)inputShape[1]);
            }
            finally
            {
                foreach (var input in inputs)
                {
                    input?.Dispose();
                }
            }
        }
        finally
        {
            _idle.Add(lane);
        }
    }

    public override void Dispose()
    {
        // Buffers go back to the allocator before the allocator (and then the session) goes.
        foreach (var lane in _all)
        {
            lane.Dispose();
        }

        if (_ownsAllocator)
        {
            _allocator.Dispose();
        }

        _runOptions.Dispose();
    }

    /// <summary>One run's binding and its buffers: the inputs in input order, then the output.</summary>
    private sealed class Lane(OrtIoBinding binding, int inputs) : IDisposable
    {
        private readonly OrtMemoryAllocation?[] _buffers = new OrtMemoryAllocation?[inputs + 1];
        private readonly long[] _capacities = new long[inputs + 1];

        public OrtIoBinding Binding => binding;

        /// <summary>A tensor of <paramref name="shape"/> over buffer <paramref name="slot"/>, grown first when too small.</summary>
        public OrtValue Tensor(OrtAllocator allocator, OrtMemoryInfo memory, int slot, TensorElementType type, long[] shape, long bytes)
        {
            var buffer = _buffers[slot];
            if (buffer is null || _capacities[slot] < bytes)
            {
                buffer?.Dispose();
                buffer = _buffers[slot] = allocator.Allocate(checked((uint)bytes));
                _capacities[slot] = bytes;
            }

            // The allocation is a SafeHandle over the buffer's address; the lane keeps it alive while the tensor is in use.
            return OrtValue.CreateTensorValueWithData(memory, type, shape, buffer.DangerousGetHandle(), bytes);
        }

        public void Dispose()
        {
            binding.Dispose();
            foreach (var buffer in _buffers)
            {
                buffer?.Dispose();
            }
        }
    }
}
