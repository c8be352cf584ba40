#!/usr/bin/env bash
# Drives one origin with wrk and prints one result line per mix:
#   <prefix>.<mix> requests_per_s=... p50_ms=... p99_ms=... non2xx=... requests=... socket_errors=...
#
#   wrk-origin.sh URL PREFIX DURATION MIX...      e.g.
#   wrk-origin.sh http://127.0.0.1:9000/bench origin 10s open text mixed
#
# Environment: BENCH_WRK_DIR (the request files; see origin.lua), WRK_THREADS (2),
# WRK_CONNECTIONS (32), WRK (the wrk binary, default wrk). Loopback URLs only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
url="$1"; prefix="$2"; duration="$3"; shift 3
case "$url" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "wrk-origin.sh: loopback URLs only: $url" >&2; exit 2 ;;
esac
: "${BENCH_WRK_DIR:?BENCH_WRK_DIR must name the directory of open.bin, text-NN.bin, grip-sig.txt}"
wrk_bin="${WRK:-wrk}"
for mix in "$@"; do
  base_mix="${mix%_publish}"   # text_publish sends the text mix to an origin that publishes
  BENCH_MIX="$base_mix" BENCH_NAME="$prefix.$mix" "$wrk_bin" \
    -t "${WRK_THREADS:-2}" -c "${WRK_CONNECTIONS:-32}" -d "$duration" --timeout 5s \
    -s "$here/origin.lua" "$url" | grep -E "^$prefix\.$mix "
done
