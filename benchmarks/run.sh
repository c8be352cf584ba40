#!/usr/bin/env bash
# Runs every gripkit benchmark and writes the result lines to benchmarks/target/results.txt.
#
#   benchmarks/run.sh            full run (about 15 minutes on 2 cores)
#   benchmarks/run.sh --quick    about a minute: tiny iterations, 100 fanout clients only
#
# Options: --skip-build (use target/benchmarks.jar as it is), --skip-peers (no Node peers),
# --only codec|peers|origin|publish|fanout (one part; may be repeated).
#
# Needs: Java 17, Maven (to build), wrk, pushpin (Debian's package), Node 20 and npm for the
# peers (npm ci installs benchmarks/peers/package-lock.json from the npm registry). Every
# process it starts listens on 127.0.0.1 only and is stopped by its pid on exit.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
quick=false
build=true
peers=true
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --skip-build) build=false ;;
    --skip-peers) peers=false ;;
    --only) only+=("$2"); shift ;;
    *) echo "usage: run.sh [--quick] [--skip-build] [--skip-peers] [--only PART]" >&2; exit 2 ;;
  esac
  shift
done
wanted() {
  [ ${#only[@]} -eq 0 ] && return 0
  local part
  for part in "${only[@]}"; do [ "$part" = "$1" ] && return 0; done
  return 1
}

target="$here/target"
jar="$target/benchmarks.jar"
results="$target/results.txt"
mkdir -p "$target"
java_cmd=(java -Xms512m -Xmx512m -cp "$jar")

if $build; then
  (cd "$root" && mvn -q -B -ntp -pl benchmarks -am package -DskipTests)
fi
[ -f "$jar" ] || { echo "run.sh: $jar is missing (build without --skip-build)" >&2; exit 1; }

# Raise the descriptor limit for 5,000 WebSocket clients (and Pushpin's side of them).
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 20000 ]; then
  ulimit -n 20000 2> /dev/null || ulimit -n "$(ulimit -Hn)"
fi

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2> /dev/null; then
      kill "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
    fi
  done
  pids=()
}
trap cleanup EXIT

# start NAME LOG COMMAND...: starts a server in the background, waits for its
# "listening on 127.0.0.1:PORT" line and sets $started_pid and $started_port.
start() {
  local name="$1" log="$2"
  shift 2
  "$@" > "$log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 1 300); do
    if grep -q "listening on 127.0.0.1:" "$log"; then
      started_port="$(grep -o "listening on 127.0.0.1:[0-9]*" "$log" | head -n 1 | sed 's/.*://')"
      return 0
    fi
    kill -0 "$started_pid" 2> /dev/null || break
    sleep 0.1
  done
  echo "run.sh: $name did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

stop() {
  local pid="$1"
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}

emit() { tee -a "$results"; }
load_line() { echo "load section=$1 load_1m=$(cut -d ' ' -f 1 /proc/loadavg) load_5m=$(cut -d ' ' -f 2 /proc/loadavg)" | emit; }

mode=full
$quick && mode=quick
: > "$results"
{
  echo "# gripkit benchmarks, mode=$mode, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)"
  echo "machine nproc=$(nproc) cpu=\"$(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //' | tr -s ' ' | tr ' ' '_')\" mem_gb=$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) java=$(java -version 2>&1 | head -n 1 | grep -o '"[^"]*"' | tr -d '"') node=$(node --version 2> /dev/null || echo none) pushpin=$(dpkg-query -W -f='${Version}' pushpin 2> /dev/null || echo unknown) wrk=$(command -v wrk > /dev/null && echo yes || echo no)"
} | emit

if $quick; then
  wrk_duration=2s; wrk_warmup=1s; node_codec=(--quick); codec=(--quick --forks 1)
  publish=(--quick); fanout=(--quick)
else
  wrk_duration=10s; wrk_warmup=10s; node_codec=(); codec=(); publish=(); fanout=()
fi

# --- codec (JMH) -----------------------------------------------------------------------------
if wanted codec; then
  load_line codec
  "${java_cmd[@]}" org.gripkit.bench.CodecRun "${codec[@]}" --json "$target/jmh-codec.json" \
    2> "$target/codec.log" | grep -E '^codec\.' | emit
fi

# --- peers: the JavaScript GRIP library's codec -------------------------------------------------
if $peers && wanted peers; then
  if [ ! -d "$here/peers/node_modules/@fanoutio/grip" ]; then
    (cd "$here/peers" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  load_line peers
  (cd "$here/peers" && node codec.mjs "${node_codec[@]}") | emit
fi

# --- origin (wrk) ------------------------------------------------------------------------------
wrk_dir="$target/wrk"
"${java_cmd[@]}" org.gripkit.bench.Workloads --write "$wrk_dir" 2> /dev/null
export BENCH_WRK_DIR="$wrk_dir"

# The Java origin and the Node peer run side by side and are measured in turns, mix by mix, so
# that both meet the same load from the rest of the machine; both get the same warm-up (a JVM
# on 2 busy cores needs about a minute to compile its hot paths; the steady state is compared).
# measure_origins PUBLISH_URL MIX...: starts the origins (publishing to PUBLISH_URL, or not
# when it is empty), checks their answers, warms them up, measures each mix in turns.
measure_origins() {
  local publish_url="$1"
  shift
  local names=() prefixes=() urls=() opids=() suffix="" i
  [ -n "$publish_url" ] && suffix="-publish"
  start "java-origin$suffix" "$target/java-origin$suffix.log" "${java_cmd[@]}" \
    org.gripkit.bench.BenchOrigin --port 0 ${publish_url:+--publish-url "$publish_url"}
  names+=("java-origin"); prefixes+=(origin); opids+=("$started_pid")
  urls+=("http://127.0.0.1:$started_port/bench")
  if $peers && wanted peers; then
    start "node-origin$suffix" "$target/node-origin$suffix.log" node "$here/peers/origin.mjs" \
      --port 0 ${publish_url:+--publish-url "$publish_url"}
    names+=("node-origin"); prefixes+=(peer.node.origin); opids+=("$started_pid")
    urls+=("http://127.0.0.1:$started_port/bench")
  fi
  for i in "${!urls[@]}"; do
    [ -z "$publish_url" ] && "${java_cmd[@]}" org.gripkit.bench.OriginCheck "${urls[$i]}" "${names[$i]}" | emit
  done
  for _ in 1 2; do
    for i in "${!urls[@]}"; do
      "$here/scripts/wrk-origin.sh" "${urls[$i]}" "${prefixes[$i]}" "$wrk_warmup" "$@" > /dev/null
    done
  done
  load_line "origin${suffix}"
  local mix
  for mix in "$@"; do
    for i in "${!urls[@]}"; do
      ORIGIN_PID="${opids[$i]}" "$here/scripts/wrk-origin.sh" "${urls[$i]}" "${prefixes[$i]}" \
        "$wrk_duration" "$mix" | emit
    done
  done
  for i in "${!opids[@]}"; do stop "${opids[$i]}"; done
}

if wanted origin || { $peers && wanted peers; }; then
  command -v wrk > /dev/null || { echo "run.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
  start sink "$target/sink.log" "${java_cmd[@]}" org.gripkit.bench.PublishSink --port 0
  sink_pid="$started_pid"
  sink_url="http://127.0.0.1:$started_port/"
  measure_origins "" open text mixed
  measure_origins "$sink_url" text_publish
  stop "$sink_pid"
fi

# --- publisher ---------------------------------------------------------------------------------
if wanted publish; then
  load_line publish
  "${java_cmd[@]}" org.gripkit.bench.PublishBench "${publish[@]}" 2> "$target/publish.log" \
    | emit
fi

# --- fanout and scale through a real Pushpin -----------------------------------------------------
if wanted fanout; then
  command -v pushpin > /dev/null || { echo "run.sh: pushpin is not installed (apt-get install -y pushpin)" >&2; exit 1; }
  load_line fanout
  java -Xms1g -Xmx1g -cp "$jar" -Dbench.classpath="$jar" org.gripkit.bench.FanoutBench \
    "${fanout[@]}" 2> "$target/fanout.log" | emit
fi

load_line end

"${java_cmd[@]}" org.gripkit.bench.Ratios "$results" | emit
echo "results: $results" >&2
