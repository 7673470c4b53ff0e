#!/usr/bin/env bash
# Webhook crash check (CI, after target/quarkus-app is built): the packaged service killed with SIGKILL after the
# deliveries of its events were committed and before any was delivered still delivers every one after its restart.
#   1. the packaged service on a fresh database (GROUNDSWELL_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true, so that it may call
#      a receiver on 127.0.0.1), an SMTP sink (bench/SmtpSink.java) that notes the confirmation links, and a webhook
#      receiver (bench/WebhookSink.java) that verifies every request's Standard Webhooks signature and, while its hold
#      file exists, takes requests without answering them: a delivery can reach it but can never be acknowledged;
#   2. a campaign, a webhook for signature.confirmed, and SIGNERS supporters who sign and confirm through the API: each
#      confirmation writes its delivery in its own transaction;
#   3. once every confirmation has answered (so every delivery row is committed), none is DELIVERED, and deliveries
#      are on the wire to the receiver (held), SIGKILL; the webhook-ids queued then are the expected ones;
#   4. the receiver answers from now on (204); the service is started again: every expected delivery must be
#      DELIVERED within 60 s of its being ready (a dead process's claims are taken again when its 30 s lease ends);
#   5. at the receiver, every expected webhook-id answered at least once, no other webhook-id, every signature valid,
#      the signature ids in the bodies exactly the confirmed ones; duplicates (at least once, not exactly once) are
#      counted and printed, as are the deliveries that were on the wire at the kill.
# Prints PASS lines and the measured figures; exits non-zero on any failure. The service, the sinks, the database
# and temporary files are removed however the script ends. No setting of the service is changed for the check but the
# one that allows a private target.
set -euo pipefail
cd "$(dirname "$0")/.."

START=$SECONDS
PASSED=0
JAR=target/quarkus-app/quarkus-run.jar
DATABASE=groundswell_webhook_crash_$$
SIGNERS=${WEBHOOK_CRASH_SIGNERS:-40}
ADMIN_TOKEN=crash-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
WORK=$(mktemp -d /tmp/groundswell-webhook-crash.XXXXXX)
SERVICE_PID=
SINK_PID=
RECEIVER_PID=
DATABASE_CREATED=

log() { printf '[webhook-crash-check %4ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  for f in "$WORK"/service-*.log; do
    [ -f "$f" ] && { echo "---- last lines of $(basename "$f") ----"; tail -n 30 "$f"; }
  done
  mkdir -p target/webhook-crash-check && cp "$WORK"/*.log "$WORK"/*.txt target/webhook-crash-check/ 2>/dev/null || true
  echo "(the services' and the sinks' logs are in target/webhook-crash-check)"
  exit 1
}
cleanup() {
  local status=$? pid
  for pid in "$SERVICE_PID" "$SINK_PID" "$RECEIVER_PID"; do
    if [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  if [ -n "$DATABASE_CREATED" ]; then
    pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then
    echo "WEBHOOK CRASH CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "WEBHOOK CRASH CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

pg() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }
source deploy/lib/common.sh
now_ms() { date +%s%3N; }
seconds() { printf '%d.%d' "$(($1 / 1000))" "$(($1 % 1000 / 100))"; }

ensure_tools psql curl python3 java
[ -f "$JAR" ] || fail "$JAR is missing: run ./mvnw package (or verify) first"
DATABASE_CREATED=1
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE"

# ---- The SMTP sink (notes the confirmation link of hook-* mails) and the holding webhook receiver ----------------
SMTP_PORT=$(free_port)
: > "$WORK/mail.txt"
java -Xmx128m bench/SmtpSink.java "$SMTP_PORT" "$WORK/mail.txt" hook- > "$WORK/smtp-sink.log" 2>&1 &
SINK_PID=$!
HOOK_PORT=$(free_port)
: > "$WORK/hooks.txt"
touch "$WORK/hold"
java -Xmx128m -Dsink.hold="$WORK/hold" bench/WebhookSink.java "$HOOK_PORT" "$WORK/hooks.txt" "$WORK/secret" \
  > "$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
for _ in $(seq 1 300); do
  grep -q listening "$WORK/smtp-sink.log" && grep -q listening "$WORK/receiver.log" && break
  kill -0 "$SINK_PID" 2>/dev/null && kill -0 "$RECEIVER_PID" 2>/dev/null || break
  sleep 0.1
done
grep -q listening "$WORK/smtp-sink.log" || fail "the SMTP sink did not start: $(cat "$WORK/smtp-sink.log")"
grep -q listening "$WORK/receiver.log" || fail "the webhook receiver did not start: $(cat "$WORK/receiver.log")"
log "SMTP sink on 127.0.0.1:$SMTP_PORT, webhook receiver (holding) on 127.0.0.1:$HOOK_PORT"

# ---- The service ------------------------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT
# One master secret for both lives of the service (the webhook's secret is encrypted under it).
SECRET_KEY=$(head -c 32 /dev/urandom | base64)
start_service() {
  start_packaged_service "$1" QUARKUS_MAILER_MOCK=false \
    QUARKUS_MAILER_FROM='Groundswell webhook check <check@groundswell.localhost>' \
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
    QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
    GROUNDSWELL_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true
}
start_service first
await_service_ready
log "service ready (pid $SERVICE_PID)"

# Each supporter's requests come from an address of their own (through the trusted proxy header), as real ones do.
api() { # client-number curl-arguments...
  local n=$1
  shift
  curl -sS -m 30 -H "X-Forwarded-For: 10.$((n / 65536 % 256)).$((n / 256 % 256)).$((n % 256 + 1))" "$@"
}

# ---- A campaign with a webhook -----------------------------------------------------------------------------------
ORGANISER=$(api 0 -f -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Check Organiser","email":"organiser@example.org"}' "$BASE/api/organisers" \
  | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$ORGANISER" ] || fail "could not create an organiser"
SLUG=webhook-crash
api 0 -f -o /dev/null -X POST -H "Authorization: Bearer $ORGANISER" -H 'Content-Type: application/json' \
  -d '{"slug":"'"$SLUG"'","title":"Webhook crash check","summary":"Signed to check webhooks survive a crash.",
       "body":"Every confirmation is delivered to the partner, even across a crash.","topic":"check",
       "goal":100000,"status":"OPEN","steps":[
       {"kind":"EMAIL","title":"E-mail the regulator","instructions":"Send this mail.",
        "target":{"name":"Federal Trade Commission","email":"contact@ftc.gov"},
        "subjectTemplate":"Fair rules from {supporter.name}",
        "messageTemplate":"Dear {target.name},\nplease act.\n{supporter.name}"}]}' \
  "$BASE/api/campaigns" || fail "could not create the campaign"
api 0 -f -X POST -H "Authorization: Bearer $ORGANISER" -H 'Content-Type: application/json' \
  -d '{"url":"http://127.0.0.1:'"$HOOK_PORT"'/hooks","events":["signature.confirmed"]}' \
  "$BASE/api/campaigns/$SLUG/webhooks" > "$WORK/webhook.json" || fail "could not register the webhook"
sed -n 's/.*"secret" *: *"\(whsec_[^"]*\)".*/\1/p' "$WORK/webhook.json" > "$WORK/secret"
[ -s "$WORK/secret" ] || fail "no whsec_ secret in the answer: $(cat "$WORK/webhook.json")"
log "campaign '$SLUG' with a webhook to the receiver"

# ---- SIGNERS sign and confirm; their deliveries reach the receiver, which never answers --------------------------
sign_one() {
  api "$1" -f -o /dev/null -H 'Content-Type: application/json' \
    -d '{"name":"Crash Signer '"$1"'","email":"hook-'"$1"'@example.org","country":"GB","postalCode":"SW1A 1AA","consentToUpdates":true}' \
    "$BASE/api/campaigns/$SLUG/signatures"
}
confirm_one() {
  local token
  token=$(awk -v r="hook-$1@example.org" '$2 == r && NF >= 3 && $3 != "-" { print $3; exit }' "$WORK/mail.txt")
  [ -n "$token" ] || return 1
  api "$1" -f -o /dev/null -H 'Content-Type: application/json' -d '{"token":"'"$token"'"}' "$BASE/api/signatures/confirm"
}
export -f api sign_one confirm_one
export BASE SLUG WORK
seq 1 "$SIGNERS" | xargs -P 8 -I{} bash -c 'sign_one {}' || fail "signing failed"
# Every confirmation mail at the sink first. Up to 2 minutes: a mail whose SMTP connection stalls is retried after
# its 30 s timeout and a 10 s wait (the outbox's own behaviour; seen once on a loaded machine).
mails_in=0
for _ in $(seq 1 1200); do
  mails_in=$(awk 'NF >= 3 && $3 != "-"' "$WORK/mail.txt" | wc -l)
  [ "$mails_in" -ge "$SIGNERS" ] && break
  sleep 0.1
done
[ "$mails_in" -ge "$SIGNERS" ] || fail "only $mails_in of $SIGNERS confirmation mails reached the sink in 2 minutes"
seq 1 "$SIGNERS" | xargs -P 8 -I{} bash -c 'confirm_one {}' || fail "confirming failed (mail log: $(wc -l < "$WORK/mail.txt") lines)"
# Every confirmation has answered: its delivery row is committed. Wait for deliveries on the wire (held).
for _ in $(seq 1 150); do
  [ "$(awk '$6 == 1' "$WORK/hooks.txt" | wc -l)" -ge 1 ] && break
  sleep 0.1
done
pg -d "$DATABASE" -c "SELECT status, count(*) FILTER (WHERE claim_token IS NOT NULL), count(*) FROM webhook_delivery GROUP BY 1" \
  > "$WORK/before-kill.txt"
kill -9 "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
KILLED_AT=$(now_ms)
sleep 0.2 # the receiver flushes its log every 50 ms
on_wire=$(awk '$6 == 1 { print $2 }' "$WORK/hooks.txt" | sort -u | wc -l) # distinct deliveries held unanswered
pg -d "$DATABASE" -c "\copy (SELECT message_id FROM webhook_delivery ORDER BY 1) TO '$WORK/expected.txt'"
pg -d "$DATABASE" -c "\copy (SELECT id FROM signature WHERE status = 'CONFIRMED' ORDER BY 1) TO '$WORK/confirmed.txt'"
expected=$(wc -l < "$WORK/expected.txt")
confirmed=$(wc -l < "$WORK/confirmed.txt")
read -r pending claimed delivered < <(pg -F ' ' -d "$DATABASE" -c "SELECT count(*) FILTER (WHERE status = 'PENDING'),
  count(*) FILTER (WHERE status = 'PENDING' AND claim_token IS NOT NULL), count(*) FILTER (WHERE status = 'DELIVERED')
  FROM webhook_delivery")
log "SIGKILL: $confirmed confirmed, $expected deliveries queued ($pending pending, $claimed of them claimed), $on_wire on the wire"
[ "$confirmed" = "$SIGNERS" ] || fail "$confirmed of $SIGNERS signatures confirmed before the kill"
[ "$expected" = "$SIGNERS" ] || fail "$expected deliveries queued for $SIGNERS confirmations"
[ "$delivered" = 0 ] && [ "$pending" = "$SIGNERS" ] || fail "before the kill: $(cat "$WORK/before-kill.txt")"
[ "$on_wire" -ge 1 ] || fail "no delivery had reached the receiver at the kill"
pass "killed (SIGKILL) with all $expected deliveries committed and none delivered ($on_wire on the wire, $claimed claimed)"

# ---- The receiver answers from now on; the service is started again ------------------------------------------------
rm -f "$WORK/hold"
LAUNCHED_AT=$(now_ms)
start_service second
await_service_ready
RESTARTED_AT=$(now_ms)
log "restarted service ready $(seconds $((RESTARTED_AT - LAUNCHED_AT))) s after its launch"
deadline=$((RESTARTED_AT + 60000))
while [ "$(pg -d "$DATABASE" -c "SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")" != "$expected" ]; do
  [ "$(now_ms)" -lt "$deadline" ] || fail "deliveries not DELIVERED 60 s after the restart (status, attempts, due in, error):
$(pg -d "$DATABASE" -c "SELECT status, attempts, date_trunc('second', next_attempt_at - now()), left(last_error, 120), count(*)
  FROM webhook_delivery WHERE status <> 'DELIVERED' GROUP BY 1, 2, 3, 4")"
  sleep 0.2
done
DONE_AT=$(now_ms)
sleep 0.2
pass "all $expected deliveries DELIVERED $(seconds $((DONE_AT - RESTARTED_AT))) s after the restarted service was ready"

# ---- What the receiver saw ----------------------------------------------------------------------------------------
# hooks.txt: epoch_millis webhook-id type subject verified held
read -r answered missing unexpected distinct total bad_signatures < <(awk '
  FILENAME == ARGV[1] { want[$1] = 1; next }
  { total++; seen[$2]++; if (!($2 in want)) unexpected++; if ($5 != 1) bad++; if ($6 == 0) answered[$2] = 1 }
  END {
    missing = 0; n = 0; d = 0
    for (id in want) if (!(id in answered)) missing++; else n++
    for (id in seen) d++
    print n, missing, unexpected + 0, d, total + 0, bad + 0
  }' "$WORK/expected.txt" "$WORK/hooks.txt")
awk '$4 != "-" { print $4 }' "$WORK/hooks.txt" | sort -u > "$WORK/subjects.txt"
sort -u "$WORK/confirmed.txt" > "$WORK/confirmed-sorted.txt"
duplicates=$((total - distinct))
attempts=$(pg -d "$DATABASE" -c "SELECT sum(attempts) FROM webhook_delivery")
echo "FIGURES: signers=$SIGNERS deliveries=$expected on_wire_at_kill=$on_wire claimed_at_kill=$claimed" \
  "restart_ready_after_launch_s=$(seconds $((RESTARTED_AT - LAUNCHED_AT)))" \
  "delivered_after_ready_s=$(seconds $((DONE_AT - RESTARTED_AT))) delivered_after_kill_s=$(seconds $((DONE_AT - KILLED_AT)))" \
  "received=$total distinct=$distinct duplicates=$duplicates attempts_recorded=$attempts"
[ "$missing" = 0 ] || fail "$missing of the $expected expected webhook-ids were never answered by the receiver"
[ "$unexpected" = 0 ] || fail "$unexpected requests carried a webhook-id that was not queued"
[ "$distinct" = "$expected" ] || fail "$distinct distinct webhook-ids reached the receiver, of $expected"
pass "every one of the $expected webhook-ids reached the receiver after the restart, and no other; $duplicates requests were repeats (at least once: the $on_wire on the wire at the kill were never acknowledged, and an attempt held past the service's 15 s timeout is tried again)"
[ "$bad_signatures" = 0 ] || fail "$bad_signatures requests did not carry a valid Standard Webhooks signature"
pass "all $total requests carried a valid Standard Webhooks signature (HMAC-SHA256 of id.timestamp.body)"
cmp -s "$WORK/subjects.txt" "$WORK/confirmed-sorted.txt" \
  || fail "the bodies name other signatures than the confirmed ones: $(diff "$WORK/subjects.txt" "$WORK/confirmed-sorted.txt" | head -5)"
pass "the bodies name exactly the $confirmed confirmed signatures"
