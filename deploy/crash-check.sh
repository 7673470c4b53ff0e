#!/usr/bin/env bash
# Crash check (CI, after target/quarkus-app is built): the packaged service killed with SIGKILL in the middle of a
# send round holds its mail back for less than 30 s and sends again only the mails that were on the wire.
#   1. the packaged service on a fresh database, with a slow SMTP sink (bench/SmtpSink.java, 500 ms per mail):
#      32 mails on the wire at once (2 rounds × 16), a round of 200 takes about 6 s;
#   2. 400 confirmation mails are queued (straight into the outbox, as a signing surge leaves them): two rounds
#      claim them all;
#   3. once mails are arriving, SIGKILL; the mails the dead service still held (PENDING under its lease) are noted;
#   4. the service is started again: every mail it held must have reached the sink, and be SENT, within 30 s of
#      the restart (counted from the moment it is ready again: the JVM's start is not what is checked, and takes
#      from 4 s to 40 s on a busy 2-core machine; the time from the kill and from the launch is printed too);
#   5. every queued mail reached the sink, and mails received twice are no more than the mails that can be on the
#      wire at once (dispatchers × concurrency).
# Prints PASS lines and the measured figures; exits non-zero on any failure. The service, the sink, the database
# and temporary files are removed however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

START=$SECONDS
PASSED=0
JAR=target/quarkus-app/quarkus-run.jar
DATABASE=groundswell_crash_check_$$
MAILS=400
DISPATCHERS=2
CONCURRENCY=16
DELAY_MS=500
ADMIN_TOKEN=crash-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
WORK=$(mktemp -d /tmp/groundswell-crash-check.XXXXXX)
SERVICE_PID=
SINK_PID=
DATABASE_CREATED=

log() { printf '[crash-check %4ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  for f in "$WORK"/service-*.log; do
    [ -f "$f" ] && { echo "---- last lines of $(basename "$f") ----"; tail -n 30 "$f"; }
  done
  mkdir -p target/crash-check && cp "$WORK"/*.log target/crash-check/ 2>/dev/null || true
  echo "(the services' and the sink's logs are in target/crash-check)"
  exit 1
}
cleanup() {
  local status=$? pid
  for pid in "$SERVICE_PID" "$SINK_PID"; do
    if [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  if [ -n "$DATABASE_CREATED" ]; then
    pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then
    echo "CRASH CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "CRASH CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

pg() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }
source deploy/lib/common.sh
now_ms() { date +%s%3N; }

ensure_tools psql curl python3 java
[ -f "$JAR" ] || fail "$JAR is missing: run ./mvnw package (or verify) first"
DATABASE_CREATED=1
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE"

# ---- The slow SMTP sink: one line per mail taken, "epoch_millis recipient" ---------------------------------------
SMTP_PORT=$(free_port)
: > "$WORK/sink.log"
java -Xmx128m -Dsink.delay.ms=$DELAY_MS bench/SmtpSink.java "$SMTP_PORT" "$WORK/sink.log" > "$WORK/sink.out" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 150); do port_free "$SMTP_PORT" || break; sleep 0.2; done
port_free "$SMTP_PORT" && fail "the SMTP sink did not start: $(cat "$WORK/sink.out")"
log "slow SMTP sink (${DELAY_MS} ms a mail) on 127.0.0.1:$SMTP_PORT"

# ---- The service ------------------------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
# One master secret for both lives of the service (the links it signs must verify after the restart).
SECRET_KEY=$(head -c 32 /dev/urandom | base64)
start_service() {
  start_packaged_service "$1" QUARKUS_MAILER_FROM='Groundswell crash check <check@groundswell.localhost>' \
    GROUNDSWELL_OUTBOX_DISPATCHERS=$DISPATCHERS GROUNDSWELL_OUTBOX_CONCURRENCY=$CONCURRENCY \
    GROUNDSWELL_OUTBOX_BATCH_SIZE=200 \
    GROUNDSWELL_OUTBOX_SEND_TIMEOUT=PT10S GROUNDSWELL_OUTBOX_INITIAL_BACKOFF=PT1S
}
start_service first
await_service_ready
log "service ready (pid $SERVICE_PID)"

# ---- Mail under way, then SIGKILL ---------------------------------------------------------------------------------
pg -d "$DATABASE" -c "INSERT INTO outbox_message (kind, priority, recipient, subject, html_body, text_body, status)
  SELECT 'CONFIRMATION', 0, 'crash-' || n || '@example.org', 'Please confirm', '<p>Confirm</p>', 'Confirm', 'PENDING'
  FROM generate_series(1, $MAILS) AS n"
for _ in $(seq 1 300); do
  [ "$(wc -l < "$WORK/sink.log")" -ge 64 ] && break
  sleep 0.1
done
kill -9 "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
KILLED_AT=$(now_ms)
sleep 0.2 # the sink logs every 50 ms: what it took before the kill is in its log now
received_at_kill=$(wc -l < "$WORK/sink.log")
pg -d "$DATABASE" -c "\copy (SELECT recipient FROM outbox_message WHERE status = 'PENDING' AND next_attempt_at > now()) TO '$WORK/held.txt'"
held=$(wc -l < "$WORK/held.txt")
unclaimed=$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE status = 'PENDING' AND next_attempt_at <= now()")
log "SIGKILL with $received_at_kill mails received; the dead service held $held under its lease, $unclaimed unclaimed"
[ "$held" -ge 200 ] || fail "only $held mails were claimed at the kill: the check needs hundreds"
pass "killed (SIGKILL) in the middle of a send round, holding $held mails"

# ---- Restart: every held mail goes out within 30 s -----------------------------------------------------------------
LAUNCHED_AT=$(now_ms)
start_service second
await_service_ready
RESTARTED_AT=$(now_ms)
ready_ms=$((RESTARTED_AT - LAUNCHED_AT))
log "restarted service ready $((ready_ms / 1000)).$((ready_ms % 1000 / 100)) s after its launch"
deadline=$((RESTARTED_AT + 30000))
while [ "$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE status = 'PENDING'")" != 0 ]; do
  [ "$(now_ms)" -lt "$deadline" ] || fail "mail still PENDING 30 s after the restart (count, attempts, due in, error):
$(pg -d "$DATABASE" -c "SELECT count(*), attempts, date_trunc('second', next_attempt_at - now()), left(last_error, 120)
  FROM outbox_message WHERE status = 'PENDING' GROUP BY 2, 3, 4")"
  sleep 0.2
done
sleep 0.2 # the sink's log is flushed every 50 ms
sent=$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE status = 'SENT'")
[ "$sent" = "$MAILS" ] || fail "$sent of $MAILS mails SENT"

# Figures from the sink's log: the last arrival of every mail the dead service held, distinct mails, duplicates.
read -r missing last_held distinct total < <(awk '
  FNR == NR { held[$1] = 1; next }
  { seen[$2]++; total++; if ($1 > last[$2]) last[$2] = $1 }
  END {
    missing = 0; latest = 0
    for (r in held) { if (!(r in last)) missing++; else if (last[r] > latest) latest = last[r] }
    distinct = 0; for (r in seen) distinct++
    print missing, latest, distinct, total
  }' "$WORK/held.txt" "$WORK/sink.log")
seconds() { printf '%d.%d' "$(($1 / 1000))" "$(($1 % 1000 / 100))"; }
drain_ms=$((last_held - RESTARTED_AT))
duplicates=$((total - distinct))
in_flight=$((DISPATCHERS * CONCURRENCY))
echo "FIGURES: held_at_kill=$held received_at_kill=$received_at_kill" \
  "restart_ready_after_launch_s=$(seconds "$ready_ms")" \
  "held_mail_drained_after_ready_s=$(seconds $((drain_ms < 0 ? 0 : drain_ms)))" \
  "held_mail_drained_after_launch_s=$(seconds $((last_held - LAUNCHED_AT)))" \
  "held_mail_drained_after_kill_s=$(seconds $((last_held - KILLED_AT)))" \
  "distinct=$distinct received=$total duplicates=$duplicates max_in_flight=$in_flight"
[ "$missing" = 0 ] || fail "$missing of the $held mails held at the kill never reached the sink"
[ "$drain_ms" -le 30000 ] || fail "the last held mail arrived $drain_ms ms after the restart"
pass "all $held mails held at the kill reached the sink and are SENT within 30 s of the restart ($(seconds $((drain_ms < 0 ? 0 : drain_ms))) s after ready)"
[ "$distinct" = "$MAILS" ] || fail "$distinct distinct mails reached the sink, of $MAILS"
[ "$duplicates" -le "$in_flight" ] || fail "$duplicates mails arrived twice, more than the $in_flight that can be on the wire"
pass "every one of the $MAILS mails arrived; $duplicates twice (at most $in_flight can be on the wire at once)"
