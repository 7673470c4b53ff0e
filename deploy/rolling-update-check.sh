#!/usr/bin/env bash
# Rolling-update check (CI, after target/quarkus-app is built): a replica is replaced under load and no request is
# lost. What a Kubernetes rollout does with this Deployment (maxSurge 1, maxUnavailable 0, readiness on the
# management port), played on one machine:
#   1. two replicas of the packaged service (java -jar target/quarkus-app/quarkus-run.jar, each on free HTTP and
#      management ports, heap as in the container) on a fresh database, with an SMTP sink;
#   2. HAProxy in front, round robin, routing only to replicas whose GET /q/health/ready on the management port
#      answers 200 (checked every 500 ms), with no retries: a request that fails, fails the check;
#   3. wrk signs at a steady pace (each request a new e-mail address and, in X-Forwarded-For, a client address of
#      its own: many supporters, not one client that the flood limit would stop; HAProxy passes the header on and the
#      replicas trust it from 127.0.0.1 as they trust the ingress in Kubernetes; one connection per wrk thread, so
#      each answer is paired with its address);
#   4. meanwhile, as a rollout would: a third replica starts, and once HAProxy routes to it, the first one gets
#      SIGTERM (Quarkus answers readiness DOWN for quarkus.shutdown.delay while still serving, then finishes its
#      requests and stops);
#   5. then: no connection error, timeout or status other than 202; every 202's address is a signature row in
#      PostgreSQL; all three replicas served requests; the stopped one exited by itself.
# Prints PASS/FAIL lines; exits non-zero on any failure. Replicas, HAProxy, wrk, the SMTP sink, the database and
# temporary files are removed however the script ends.
#
# Settings (environment): PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1/5432/postgres/none),
# GROUNDSWELL_ROLL_CONNECTIONS (wrk connections, default 4), GROUNDSWELL_ROLL_PAUSE_MS (pause between a
# connection's requests, default 25).
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_ID=$$
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
PG_USER=${PGUSER:-postgres}
DATABASE=groundswell_k8s_roll_$RUN_ID
CONNECTIONS=${GROUNDSWELL_ROLL_CONNECTIONS:-4}
PAUSE_MS=${GROUNDSWELL_ROLL_PAUSE_MS:-25}
JAR=target/quarkus-app/quarkus-run.jar
# The Deployment's memory limit is 768 MiB and the image gives the JVM 75 % of it as heap.
HEAP=576m
ADMIN_TOKEN=roll-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
# The master secret every replica shares, as the pods share the Secret.
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')

START=$SECONDS
PASSED=0
WORK=$(mktemp -d /tmp/groundswell-rolling-update-check.XXXXXX)
SMTP_PID=
HAPROXY_PID=
WRK_PID=
DATABASE_CREATED=
declare -A PID HTTP MANAGEMENT

log() { printf '[rolling-update-check %4ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  for name in "${!PID[@]}"; do
    echo "---- last log lines of replica $name ----"
    tail -n 30 "$WORK/replica-$name.log" 2>/dev/null || true
  done
  exit 1
}

stop_process() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? name stoppers=()
  stop_process "$WRK_PID"
  for name in "${!PID[@]}"; do
    stop_process "${PID[$name]}" &
    stoppers+=($!)
  done
  for name in "${stoppers[@]}"; do wait "$name" 2>/dev/null || true; done
  stop_process "$HAPROXY_PID"
  stop_process "$SMTP_PID"
  if [ -n "$DATABASE_CREATED" ]; then
    PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -q -d postgres \
      -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then
    echo "ROLLING-UPDATE CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "ROLLING-UPDATE CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

pg() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }
source deploy/lib/common.sh

# ---- Tools ------------------------------------------------------------------------------------------------------
ensure_tools haproxy wrk curl jq psql python3 java
[ -f "$JAR" ] || fail "$JAR is missing: run ./mvnw package (or verify) first"

# ---- Database, SMTP sink ----------------------------------------------------------------------------------------
pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL is not accepting connections at $PG_HOST:$PG_PORT"
DATABASE_CREATED=1
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE" \
  || fail "could not create a fresh database $DATABASE"
start_smtp_sink "$WORK/mail.txt"

# ---- Replicas ---------------------------------------------------------------------------------------------------
start_replica() {
  local name=$1
  [ -n "${HTTP[$name]:-}" ] || HTTP[$name]=$(free_port)
  [ -n "${MANAGEMENT[$name]:-}" ] || MANAGEMENT[$name]=$(free_port)
  env -i PATH="$PATH" HOME="${HOME:-/root}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="${HTTP[$name]}" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="${MANAGEMENT[$name]}" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" \
    QUARKUS_DATASOURCE_USERNAME="$PG_USER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
    QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$SMTP_PORT" \
    QUARKUS_MAILER_LOGIN=DISABLED QUARKUS_MAILER_START_TLS=DISABLED \
    QUARKUS_MAILER_FROM='Groundswell rolling-update check <check@groundswell.localhost>' \
    GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" GROUNDSWELL_SECRET_KEY="$SECRET_KEY" \
    GROUNDSWELL_PUBLIC_URL="http://127.0.0.1:${HTTP[$name]}" \
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
    QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
    java -Xmx$HEAP -XX:+ExitOnOutOfMemoryError -jar "$JAR" > "$WORK/replica-$name.log" 2>&1 &
  PID[$name]=$!
}

await_ready() {
  local name=$1 deadline=$((SECONDS + 120))
  until curl -fsS --max-time 2 "http://127.0.0.1:${MANAGEMENT[$name]}/q/health/ready" 2>/dev/null | jq -e '.status == "UP"' >/dev/null 2>&1; do
    kill -0 "${PID[$name]}" 2>/dev/null || fail "replica $name exited before it was ready"
    [ "$SECONDS" -lt "$deadline" ] || fail "replica $name not ready within 120 s"
    sleep 0.5
  done
}

phase=$SECONDS
start_replica a
start_replica b
await_ready a
await_ready b
pass "replicas a and b ready on one fresh database ($((SECONDS - phase)) s)"
curl -fsS --max-time 30 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
  "http://127.0.0.1:${HTTP[a]}/api/admin/demo-campaigns" > /dev/null || fail "loading the demo campaigns"

# ---- HAProxy: round robin over ready replicas -------------------------------------------------------------------
# The replacement (c) is in the configuration from the start, as a pod the Service will select once it is ready:
# its checks fail until it listens, so it gets no traffic before.
LB_PORT=$(free_port)
STATS_PORT=$(free_port)
HTTP[c]=$(free_port)
MANAGEMENT[c]=$(free_port)
cat > "$WORK/haproxy.cfg" <<EOF
global
  maxconn 2000

defaults
  mode http
  timeout connect 2s
  # Generous: a request slowed by a loaded machine is slow, not lost.
  timeout client 60s
  timeout server 60s
  timeout check 2s
  # No retry and no redispatch: a request that fails is reported to wrk as it happened.
  retries 0

frontend public
  bind 127.0.0.1:$LB_PORT
  default_backend groundswell

backend groundswell
  balance roundrobin
  option httpchk GET /q/health/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1
  server a 127.0.0.1:${HTTP[a]} check port ${MANAGEMENT[a]}
  server b 127.0.0.1:${HTTP[b]} check port ${MANAGEMENT[b]}
  server c 127.0.0.1:${HTTP[c]} check port ${MANAGEMENT[c]}

listen stats
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /stats
EOF
haproxy -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!

# server_state NAME: UP, DOWN, ... from HAProxy's statistics (CSV: pxname, svname, ..., status is column 18).
server_stat() { curl -fsS --max-time 2 "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, -v s="$1" -v col="$2" '$1 == "groundswell" && $2 == s { print $col }'; }
await_state() {
  local name=$1 state=$2 deadline=$((SECONDS + ${3:-30}))
  until [ "$(server_stat "$name" 18 2>/dev/null)" = "$state" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "HAProxy did not see replica $name $state (it is '$(server_stat "$name" 18 2>/dev/null)')"
    sleep 0.2
  done
}
await_state a UP
await_state b UP
await_state c DOWN
pass "HAProxy routes to a and b (readiness UP on their management ports), not to the replacement c that is not running yet"

# ---- Load ---------------------------------------------------------------------------------------------------------
cat > "$WORK/sign.lua" <<'EOF'
-- One connection per thread, so each answer belongs to the thread's last request: "address status epoch" lines.
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
local counter, last, out = 0, nil, nil
function init(args)
  out = io.open(args[1] .. "/wrk-" .. id .. ".log", "w")
  pause, run = tonumber(args[2]), args[3]
end
function delay()
  return pause
end
function request()
  counter = counter + 1
  last = string.format("roll-%s-%d-%d@example.org", run, id, counter)
  local client = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 250) % 256, counter % 250 + 1)
  return wrk.format("POST", "/api/campaigns/fair-ai-regulation/signatures",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = client },
    '{"name":"Rolling Check","email":"' .. last .. '","country":"GB"}')
end
function response(status, headers, body)
  out:write(last, " ", status, " ", os.time(), "\n")
  out:flush()
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk summary: requests=%d connect=%d read=%d write=%d status=%d timeout=%d p99_ms=%.1f\n",
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(99) / 1000))
end
EOF
wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 300s --timeout 60s -s "$WORK/sign.lua" "http://127.0.0.1:$LB_PORT" \
  -- "$WORK" "$PAUSE_MS" "$RUN_ID" > "$WORK/wrk.out" 2>&1 &
WRK_PID=$!
answered() { cat "$WORK"/wrk-*.log 2>/dev/null | wc -l; }
deadline=$((SECONDS + 120))
until [ "$(answered)" -ge 20 ]; do
  kill -0 "$WRK_PID" 2>/dev/null || { cat "$WORK/wrk.out"; fail "wrk stopped"; }
  [ "$SECONDS" -lt "$deadline" ] || fail "the load does not get answers ($(answered) in 120 s)"
  sleep 0.5
done
sleep 3
log "signing load running through HAProxy on port $LB_PORT: $(answered) answers so far"

# ---- The rollout: surge one, then stop one --------------------------------------------------------------------
phase=$SECONDS
start_replica c
await_ready c
await_state c UP 30
pass "replacement c started under load and joined once ready ($((SECONDS - phase)) s)"
before_stop=$(answered)
stop_epoch=$(date +%s)
kill -TERM "${PID[a]}"
await_state a DOWN 10
deadline=$((SECONDS + 45))
while kill -0 "${PID[a]}" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "replica a did not stop within 45 s of SIGTERM"
  sleep 0.2
done
a_status=0
wait "${PID[a]}" 2>/dev/null || a_status=$?
stopped_epoch=$(date +%s)
unset 'PID[a]'
during_stop=$(( $(answered) - before_stop ))
pass "replica a got SIGTERM, HAProxy saw its readiness DOWN, it stopped by itself after $((stopped_epoch - stop_epoch)) s (exit $a_status); $during_stop answers meanwhile"
sleep 3

# ---- Results ------------------------------------------------------------------------------------------------------
rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || echo '?'; }
rss_b=$(rss "${PID[b]}")
rss_c=$(rss "${PID[c]}")
kill -INT "$WRK_PID"
for _ in $(seq 1 50); do kill -0 "$WRK_PID" 2>/dev/null || break; sleep 0.2; done
WRK_PID=
summary=$(grep '^wrk summary:' "$WORK/wrk.out" || true)
[ -n "$summary" ] || { cat "$WORK/wrk.out"; fail "wrk printed no summary"; }
log "$summary"
errors=$(echo "$summary" | sed -E 's/.*connect=([0-9]+) read=([0-9]+) write=([0-9]+) status=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/')
[ "$errors" = "0 0 0 0 0" ] || { cat "$WORK/wrk.out"; fail "failed requests (connect read write status timeout): $errors"; }
cat "$WORK"/wrk-*.log > "$WORK/answers.txt"
total=$(wc -l < "$WORK/answers.txt")
accepted=$(awk '$2 == 202' "$WORK/answers.txt" | wc -l)
others=$(awk '$2 != 202 { print $2 }' "$WORK/answers.txt" | sort | uniq -c | tr '\n' ' ')
[ "$total" -gt 0 ] && [ "$accepted" = "$total" ] || fail "$accepted of $total answers were 202; others: $others"
pass "no failed request: $total answers, all 202, no connection error, timeout or other status ($summary)"

awk '$2 == 202 { print $1 }' "$WORK/answers.txt" > "$WORK/accepted.txt"
missing=$(pg -d "$DATABASE" -c "CREATE TEMP TABLE accepted (email text PRIMARY KEY)" \
  -c "\\copy accepted FROM '$WORK/accepted.txt'" \
  -c "SELECT count(*) FROM accepted a WHERE NOT EXISTS (SELECT 1 FROM signature s WHERE s.email = a.email)")
[ "$missing" = 0 ] || fail "$missing of the $accepted addresses answered 202 have no signature row"
pass "every one of the $accepted addresses answered 202 is a signature row in PostgreSQL"

for name in a b c; do
  served=$(server_stat "$name" 8)
  [ "${served:-0}" -gt 0 ] || fail "replica $name served no request"
  eval "served_$name=$served"
done
pass "all three replicas served requests (HAProxy sessions: a $served_a, b $served_b, c $served_c)"
log "resident set under load: replica b $rss_b MiB, replica c $rss_c MiB (heap limit $HEAP; the pod's limit is 768Mi)"
