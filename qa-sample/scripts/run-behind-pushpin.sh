#!/usr/bin/env bash
# Runs the Q&A sample behind a private Pushpin (Debian package `pushpin`):
#   browser -> Pushpin on 127.0.0.1:7999 -> app on 127.0.0.1:8080 (WebSocket-over-HTTP)
#   app -> Pushpin's publish endpoint on 127.0.0.1:5561
# Pushpin runs from its binary with a private config under /tmp; no system service is used.
# Stop with Ctrl-C: both processes are stopped by their pids.
#
# Options (environment): PUSHPIN_PORT (7999), PUBLISH_PORT (5561), APP_PORT (8080),
# QA_JDBC_URL (PostgreSQL; default the embedded H2 under ./data).
set -euo pipefail
cd "$(dirname "$0")/../.."

PUSHPIN_PORT=${PUSHPIN_PORT:-7999}
PUBLISH_PORT=${PUBLISH_PORT:-5561}
APP_PORT=${APP_PORT:-8080}

if ! command -v pushpin > /dev/null; then
  echo "pushpin is not installed: sudo apt-get install -y pushpin" >&2
  exit 1
fi

# A fresh signing key for this run: Pushpin signs Grip-Sig with it, the app verifies it.
KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
DIR=$(mktemp -d /tmp/gk-qa.XXXXXX)
mkdir -p "$DIR/run" "$DIR/log"
printf '* 127.0.0.1:%s,over_http\n' "$APP_PORT" > "$DIR/routes"
cat > "$DIR/pushpin.conf" <<CONF
[global]
include={libdir}/internal.conf
rundir=$DIR/run
ipc_prefix=pushpin-
port_offset=0
stats_connection_ttl=120

[runner]
services=condure,zurl,pushpin-proxy,pushpin-handler
http_port=127.0.0.1:$PUSHPIN_PORT
logdir=$DIR/log
log_level=2
client_buffer_size=8192
client_maxconn=50000
condure_bin=condure
zurl_bin=zurl

[proxy]
routesfile=routes
debug=false
auto_cross_origin=false
accept_x_forwarded_protocol=false
set_x_forwarded_protocol=proto-only
x_forwarded_for=
x_forwarded_for_trusted=
orig_headers_need_mark=
accept_pushpin_route=false
log_from=false
log_user_agent=false
sig_iss=pushpin
sig_key=base64:$KEY
upstream_key=
updates_check=off
organization_name=
zurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in
zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream
zurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out

[handler]
push_in_spec=ipc://{rundir}/{ipc_prefix}push-in
push_in_sub_specs=ipc://{rundir}/{ipc_prefix}push-in-sub
push_in_sub_connect=false
push_in_http_addr=127.0.0.1
push_in_http_port=$PUBLISH_PORT
push_in_max_headers_size=10000
push_in_max_body_size=1000000
stats_spec=ipc://{rundir}/{ipc_prefix}stats
command_spec=ipc://{rundir}/{ipc_prefix}command
message_rate=2500
message_hwm=25000
message_wait=5000
id_cache_ttl=60
connection_subscription_max=20
subscription_linger=60
stats_subscription_ttl=60
stats_report_interval=10
stats_format=tnetstring
CONF

pushpin --config "$DIR/pushpin.conf" > "$DIR/log/runner.out" 2>&1 &
PUSHPIN_PID=$!
APP_PID=
stop() {
  trap - EXIT INT TERM
  [ -n "$APP_PID" ] && kill "$APP_PID" 2> /dev/null && wait "$APP_PID" 2> /dev/null
  kill "$PUSHPIN_PID" 2> /dev/null && wait "$PUSHPIN_PID" 2> /dev/null
  rm -rf "$DIR"
}
trap stop EXIT INT TERM

for _ in $(seq 1 50); do
  (exec 3<> "/dev/tcp/127.0.0.1/$PUSHPIN_PORT") 2> /dev/null && break
  sleep 0.2
done

export GRIP_URL="http://127.0.0.1:$PUBLISH_PORT/?iss=pushpin&key=base64:$KEY"
echo "Pushpin is on http://127.0.0.1:$PUSHPIN_PORT/ (logs in $DIR/log); starting the app..."
mvn -q -pl qa-sample -am jetty:run -Djetty.http.port="$APP_PORT" &
APP_PID=$!
wait "$APP_PID"
