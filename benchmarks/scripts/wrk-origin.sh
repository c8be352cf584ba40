#!/usr/bin/env bash
# Drives one origin with wrk and prints one result line per mix:
#   <prefix>.<mix> requests_per_s=... p50_ms=... p99_ms=... non2xx=... requests=... socket_errors=...
#
#   wrk-origin.sh URL PREFIX DURATION MIX...      e.g.
#   wrk-origin.sh http://127.0.0.1:9000/bench origin 10s open text mixed
#
# Environment: BENCH_WRK_DIR (the request files; see origin.lua), WRK_THREADS (2),
# WRK_CONNECTIONS (32), WRK (the wrk binary, default wrk), ORIGIN_PID (if set, the origin's
# CPU use from /proc is appended: origin_cpu_pct=... requests_per_cpu_s=..., requests per
# second of origin CPU time, which other load on the machine disturbs less). Loopback URLs only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="$1"; prefix="$2"; duration="$3"; shift 3
case "$url" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "wrk-origin.sh: loopback URLs only: $url" >&2; exit 2 ;;
esac
: "${BENCH_WRK_DIR:?BENCH_WRK_DIR must name the directory of open.bin, text-NN.bin, grip-sig.txt}"
wrk_bin="${WRK:-wrk}"
ticks() { # utime + stime of a process, in clock ticks
  local stat
  stat="$(cat "/proc/$1/stat" 2> /dev/null)" || { echo 0; return; }
  stat="${stat##*) }"
  set -- $stat
  echo $(( ${12} + ${13} ))
}
hz="$(getconf CLK_TCK)"
for mix in "$@"; do
  base_mix="${mix%_publish}"   # text_publish sends the text mix to an origin that publishes
  before=0; start_ns=0
  if [ -n "${ORIGIN_PID:-}" ]; then before="$(ticks "$ORIGIN_PID")"; start_ns="$(date +%s%N)"; fi
  line="$(BENCH_MIX="$base_mix" BENCH_NAME="$prefix.$mix" "$wrk_bin" \
    -t "${WRK_THREADS:-2}" -c "${WRK_CONNECTIONS:-32}" -d "$duration" --timeout 5s \
    -s "$here/origin.lua" "$url" | grep -E "^$prefix\.$mix ")"
  if [ -n "${ORIGIN_PID:-}" ]; then
    used=$(( $(ticks "$ORIGIN_PID") - before ))
    elapsed_ns=$(( $(date +%s%N) - start_ns ))
    requests="$(echo "$line" | sed 's/.* requests=\([0-9]*\).*/\1/')"
    line="$line $(awk -v t="$used" -v hz="$hz" -v ns="$elapsed_ns" -v r="$requests" 'BEGIN {
      cpu = t / hz; printf "origin_cpu_pct=%.1f requests_per_cpu_s=%.0f", 100 * cpu / (ns / 1e9), (cpu > 0 ? r / cpu : 0) }')"
  fi
  echo "$line"
done
