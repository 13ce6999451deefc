#!/usr/bin/env bash
# Publishes the silo exactly as the container images hold it: framework-dependent for linux-x64, into OUTDIR, with the
# ONNX Runtime flavour FLAVOR: Gpu (default; the CUDA and TensorRT providers, Dockerfile.gpu) or Cpu (slim, Dockerfile).
# The Dockerfiles RUN this script and the deployment tests run it too, so both see one command and one layout
# (OUTDIR/OrleansAgents.Silo.dll, started as `dotnet OrleansAgents.Silo.dll`; no apphost, the runtime image has dotnet).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ] || { [ $# -eq 2 ] && [ "$2" != Gpu ] && [ "$2" != Cpu ]; }; then
  echo "usage: k8s/image/publish.sh OUTDIR [Gpu|Cpu]" >&2
  exit 2
fi
out="$(realpath -m "$1")"
flavor="${2:-Gpu}"
cd "$(dirname "$0")/../.."
dotnet publish Silo/Silo.csproj -c Release -r linux-x64 --self-contained false -o "$out" -p:UseAppHost=false -p:SatelliteResourceLanguages=en \
  -p:OnnxRuntimeFlavor="$flavor" -nologo
