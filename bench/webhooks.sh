#!/usr/bin/env bash
# Groundswell's webhook benchmark: how fast the packaged service delivers webhooks to a local receiver, and whether
# confirmation mail stays prompt while every confirmation also queues a webhook. Each figure has a reference taken in
# the same run on the same machine (it is shared and small: absolute numbers are noisy, ratios less so).
#
#   bench/webhooks.sh                  # full run, about 9-10 minutes; one name=value line per figure on stdout
#   BENCH_QUICK=1 bench/webhooks.sh    # smoke test, about 4 minutes, small numbers that mean little
#
# Phases:
#   (a) idle delivery rate: BENCH_DELIVERIES copies of a real signature.confirmed delivery queued at once (by SQL,
#       as a surge of confirmations leaves them), delivered to bench/WebhookSink.java (answers 204 at once, checks
#       every signature); references: the receiver's own rate under wrk (8 kept-alive connections), and the outbox's
#       mail drain rate to bench/SmtpSink.java for as many mails;
#   (b) confirmation-mail delay while signing at half the peak signing rate (measured with wrk as bench/surge.sh does)
#       for BENCH_PACED_SECONDS, every signature confirmed through its mail's link as it arrives (bench/SignLoad.java
#       confirm): first without a webhook (nohook_*, the reference), then with one (hooked_*), where each confirmation
#       queues a real signature.confirmed delivery; the webhook backlog during it. Goal: hooked_confirm_delay_p99_ms
#       under 10 000.
#
# Needs: JDK 17, PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) with psql, curl, and wrk (installed with
# apt-get when missing). Builds target/quarkus-app when the sources are newer, runs it with the container's JVM flags
# (bench/lib.sh) against a fresh database of its own, GROUNDSWELL_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true (the receiver
# is on 127.0.0.1) and the service's default webhook settings (8 attempts in flight, 15 s timeout). Progress goes to
# stderr, figures to stdout; figures and logs are also kept in target/webhooks-bench/ (BENCH_WORK).
#
# Settings (environment):
#   BENCH_DELIVERIES       deliveries queued for the idle rate (and mails for its reference)   20000 (quick: 2000)
#   BENCH_DRAIN_MAX_SECONDS  longest wait for either drain                                    120 (quick: 30)
#   BENCH_SECONDS          length of the wrk phases (receiver, peak signing)                  15 (quick: 5)
#   BENCH_WARMUP_SECONDS   signing warm-up before the peak is measured                        40 (quick: 10)
#   BENCH_PACED_SECONDS    paced signing with confirmations                                   60 (quick: 15)
#   BENCH_MAIL_WAIT_SECONDS  longest wait for the paced phase's mails and webhooks after it   60 (quick: 20)
#   BENCH_CONNECTIONS      wrk connections of the signing phases                              32
#   BENCH_HEAP             -Xmx of the service: 75% of the container's 768 MiB                576m
#   BENCH_WORK             folder for logs and intermediate files                             target/webhooks-bench
#   BENCH_KEEP_DB=1        keep the database (groundswell_hooks_<run>) for a look afterwards
#   BENCH_NO_BUILD=1       use target/quarkus-app as it is
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

quick=${BENCH_QUICK:-0}
q() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
DELIVERIES=${BENCH_DELIVERIES:-$(q 20000 2000)}
DRAIN_MAX_SECONDS=${BENCH_DRAIN_MAX_SECONDS:-$(q 120 30)}
SECONDS_PER_PHASE=${BENCH_SECONDS:-$(q 15 5)}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-$(q 40 10)}
PACED_SECONDS=${BENCH_PACED_SECONDS:-$(q 60 15)}
MAIL_WAIT_SECONDS=${BENCH_MAIL_WAIT_SECONDS:-$(q 60 20)}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
HEAP=${BENCH_HEAP:-576m}
WORK=${BENCH_WORK:-target/webhooks-bench}

PG=(-h 127.0.0.1 -p 5432 -U postgres)
JAR=target/quarkus-app/quarkus-run.jar
bench_started=$(date +%s)
RUN=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
DB=groundswell_hooks_$RUN
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
SLUG=webhook-bench

log() { echo "# $(date +%H:%M:%S) $*" >&2; }
die() { echo "# FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
figure() { echo "$1=$2"; echo "$1=$2" >> "$WORK/figures.txt"; }
sql() { psql "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -qtAX "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "0"; else printf "%.2f\n", a / b }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }

command -v java >/dev/null && command -v javac >/dev/null || die "JDK 17 (java, javac) is needed"
command -v psql >/dev/null || die "psql is needed"
command -v curl >/dev/null || die "curl is needed"
ensure_wrk_and_postgres

rm -rf "$WORK"
mkdir -p "$WORK/classes"
: > "$WORK/figures.txt"

service_pid=
sink_pid=
receiver_pid=
bg_pids=()
cleanup() {
  local status=$?
  set +e
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
  terminate_service "$service_pid"
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null
  wait 2>/dev/null
  drop_database
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build ---------------------------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    log "building the package (./mvnw -q package -DskipTests)"
    ./mvnw -q package -DskipTests >&2
  fi
fi
[ -f "$JAR" ] || die "no $JAR"
javac -d "$WORK/classes" bench/SmtpSink.java bench/SignLoad.java bench/WebhookSink.java

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi
figure git_commit "$commit"
figure run_started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
figure quick "$quick"
figure host_cores "$(nproc)"
figure host_loadavg_at_start "$(loadavg)"
jvm_opts=$(container_jvm_opts "$HEAP")
figure jvm_flags "\"$jvm_opts\""

# ---- sinks, database, service ----------------------------------------------------------------------------------------
take_port HTTP_PORT
take_port MGMT_PORT
take_port SMTP_PORT
take_port HOOK_PORT
BASE=http://127.0.0.1:$HTTP_PORT
SINK_LOG=$WORK/mail.txt
HOOK_LOG=$WORK/hooks.txt
: > "$SINK_LOG"
: > "$HOOK_LOG"
# The SMTP sink notes the confirmation link of hook-* mails, so that the paced phase can confirm them.
java -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" SmtpSink "$SMTP_PORT" "$SINK_LOG" hook- > "$WORK/sink.out" 2>&1 &
sink_pid=$!
java -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" WebhookSink "$HOOK_PORT" "$HOOK_LOG" "$WORK/secret" > "$WORK/receiver.out" 2>&1 &
receiver_pid=$!
for _ in $(seq 1 100); do
  grep -q listening "$WORK/sink.out" 2>/dev/null && grep -q listening "$WORK/receiver.out" 2>/dev/null && break
  sleep 0.1
done
grep -q listening "$WORK/sink.out" || die "the SMTP sink did not start: $(cat "$WORK/sink.out")"
grep -q listening "$WORK/receiver.out" || die "the webhook receiver did not start: $(cat "$WORK/receiver.out")"
psql "${PG[@]}" -qtAX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
log "database $DB, service on $HTTP_PORT, SMTP sink on $SMTP_PORT, webhook receiver on $HOOK_PORT"

started=$(now_ms)
env -i PATH="$PATH" HOME="${HOME:-$PWD}" LANG=C.UTF-8 \
  JDK_JAVA_OPTIONS="$jvm_opts" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$SMTP_PORT" QUARKUS_MAILER_MOCK=false \
  QUARKUS_MAILER_START_TLS=DISABLED \
  GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" GROUNDSWELL_SECRET_KEY="$SECRET_KEY" \
  GROUNDSWELL_PUBLIC_URL="$BASE" GROUNDSWELL_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" \
  QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
  QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
  QUARKUS_SHUTDOWN_DELAY=0S \
  sh -c 'cd "$0" && exec java -jar quarkus-run.jar' "$(dirname "$JAR")" > "$WORK/service.log" 2>&1 &
service_pid=$!
until curl -fs -m 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "$service_pid" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; service_pid=; die "the service exited"; }
  [ $(( $(now_ms) - started )) -lt 180000 ] || { tail -n 40 "$WORK/service.log" >&2; die "the service was not ready in 180 s"; }
  sleep 0.1
done
figure ready_ms $(( $(now_ms) - started ))

curl_api() { # curl with a client address of its own (200.x.y.z)
  local ip
  ip=$(od -An -tu1 -N3 /dev/urandom | awk '{ print "200." $1 "." $2 "." $3 }')
  curl -sS -m 30 -H "X-Forwarded-For: $ip" "$@"
}

# ---- a campaign with a webhook on every confirmation ------------------------------------------------------------------
ORGANISER=$(curl_api -f -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Bench Organiser","email":"organiser@example.org"}' "$BASE/api/organisers" \
  | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$ORGANISER" ] || die "could not create an organiser"
curl_api -f -o /dev/null -X POST -H "Authorization: Bearer $ORGANISER" -H 'Content-Type: application/json' \
  -d '{"slug":"'"$SLUG"'","title":"Webhook benchmark","summary":"Signed to measure webhooks.",
       "body":"Every confirmation is delivered to a partner.","topic":"bench","goal":10000000,"status":"OPEN","steps":[
       {"kind":"EMAIL","title":"E-mail the regulator","instructions":"Send this mail.",
        "target":{"name":"Federal Trade Commission","email":"contact@ftc.gov"},
        "subjectTemplate":"Fair rules from {supporter.name}",
        "messageTemplate":"Dear {target.name},\nplease act.\n{supporter.name}, {supporter.country}"}]}' \
  "$BASE/api/campaigns" || die "could not create the campaign"
curl_api -f -X POST -H "Authorization: Bearer $ORGANISER" -H 'Content-Type: application/json' \
  -d '{"url":"http://127.0.0.1:'"$HOOK_PORT"'/hooks","events":["signature.confirmed"]}' \
  "$BASE/api/campaigns/$SLUG/webhooks" > "$WORK/webhook.json" || die "could not register the webhook"
sed -n 's/.*"secret" *: *"\(whsec_[^"]*\)".*/\1/p' "$WORK/webhook.json" > "$WORK/secret"
[ -s "$WORK/secret" ] || die "no secret in $(cat "$WORK/webhook.json")"
CAMPAIGN_ID=$(sql -c "SELECT id FROM campaign WHERE slug = '$SLUG'")

# One supporter signs and confirms: the real delivery (and the real mail) that the idle phase copies.
first=hook-first-$RUN@example.org
curl_api -f -o /dev/null -H 'Content-Type: application/json' \
  -d '{"name":"First Signer","email":"'"$first"'","country":"GB","postalCode":"SW1A 1AA","consentToUpdates":true}' \
  "$BASE/api/campaigns/$SLUG/signatures" || die "signing failed"
token=
for _ in $(seq 1 300); do
  token=$(awk -v r="$first" '$2 == r && NF >= 3 && $3 != "-" { print $3; exit }' "$SINK_LOG")
  [ -n "$token" ] && break
  sleep 0.1
done
[ -n "$token" ] || die "no confirmation mail for $first"
curl_api -f -o /dev/null -H 'Content-Type: application/json' -d '{"token":"'"$token"'"}' "$BASE/api/signatures/confirm" \
  || die "confirming failed"
for _ in $(seq 1 300); do
  [ "$(sql -c "SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")" = 1 ] && break
  sleep 0.1
done
[ "$(sql -c "SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")" = 1 ] || die "the first webhook was not delivered"
grep -q ' signature.confirmed [0-9]* 1 0$' "$HOOK_LOG" || die "the first webhook did not verify at the receiver: $(cat "$HOOK_LOG")"
figure webhook_body_bytes "$(sql -c "SELECT octet_length(payload) FROM webhook_delivery LIMIT 1")"

pending_hooks() { sql -c "SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING'"; }
arrivals() { awk -v p="$1" 'index($2, p) == 1' "$HOOK_LOG" | wc -l; }

# ---- (a) reference: the receiver's own rate (kept-alive connections: its ceiling, not what the service's attempts get,
# each on a new connection) --------------------------------------------------------------------------------------------
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["webhook-id"] = "msg_wrk"
wrk.body = [[$(sql -c "SELECT payload FROM webhook_delivery LIMIT 1")]]
done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d duration_us=%d non2xx=%d errors=%d\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
log "the receiver's own rate: wrk, 8 connections (as many as the service's attempts in flight), ${SECONDS_PER_PHASE}s"
wrk -t2 -c8 -d"${SECONDS_PER_PHASE}s" -s "$WORK/post.lua" "http://127.0.0.1:$HOOK_PORT/hooks" > "$WORK/wrk-receiver.txt" 2>&1 \
  || { cat "$WORK/wrk-receiver.txt" >&2; die "wrk against the receiver failed"; }
line=$(grep '^WRK ' "$WORK/wrk-receiver.txt")
declare -A v=()
for kv in ${line#WRK }; do v[${kv%%=*}]=${kv#*=}; done
receiver_rate=$(awk -v n="$(( ${v[requests]} - ${v[non2xx]} - ${v[errors]} ))" -v t="${v[duration_us]}" 'BEGIN { printf "%d\n", n / (t / 1e6) }')
figure receiver_wrk_rate "$receiver_rate"
figure receiver_wrk_errors "$(( ${v[non2xx]} + ${v[errors]} ))"

# ---- (a) idle delivery rate ---------------------------------------------------------------------------------------------
# DELIVERIES copies of the real delivery, each with a webhook-id of its own, due now; the rate is those that reached
# the receiver over the time from the insert's commit to the last arrival.
drain_prefix=msg_bench${RUN}_
log "idle webhook delivery: $DELIVERIES deliveries queued at once (at most ${DRAIN_MAX_SECONDS}s); load $(loadavg)"
figure idle_loadavg_before "$(loadavg)"
sql -c "INSERT INTO webhook_delivery (endpoint_id, message_id, event_type, payload, status, signature_id)
        SELECT d.endpoint_id, '$drain_prefix' || g, d.event_type, d.payload, 'PENDING', d.signature_id
        FROM (SELECT * FROM webhook_delivery ORDER BY id LIMIT 1) d, generate_series(1, $DELIVERIES) g" >/dev/null
drain_start=$(now_ms)
deadline=$(( drain_start + DRAIN_MAX_SECONDS * 1000 ))
while [ "$(arrivals "$drain_prefix")" -lt "$DELIVERIES" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
sleep 0.2
read -r hooked last_arrival unverified < <(awk -v p="$drain_prefix" 'index($2, p) == 1 { n++; if ($1 > last) last = $1; if ($5 != 1) bad++ }
  END { print n + 0, last + 0, bad + 0 }' "$HOOK_LOG")
[ "$hooked" -gt 0 ] || last_arrival=$(now_ms)
hook_ms=$(( last_arrival - drain_start ))
hook_rate=$(awk -v n="$hooked" -v ms="$hook_ms" 'BEGIN { printf "%d\n", (ms > 0) ? n * 1000 / ms : 0 }')
figure idle_webhooks_delivered "$hooked"
figure idle_webhooks_seconds "$(awk -v ms="$hook_ms" 'BEGIN { printf "%.1f\n", ms / 1000 }')"
figure idle_webhook_rate "$hook_rate"
figure idle_webhooks_unverified "$unverified"
figure idle_webhooks_still_pending "$(pending_hooks)"
sql -c "UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), claim_token = NULL WHERE status = 'PENDING'" >/dev/null
sql -c "VACUUM ANALYZE webhook_delivery" >/dev/null

# ---- (a) reference: the outbox's mail drain to the SMTP sink, as many mails -------------------------------------------
log "idle mail drain: $DELIVERIES mails queued at once (at most ${DRAIN_MAX_SECONDS}s); load $(loadavg)"
sleep 2
mail_prefix=drain-$RUN
sql -c "INSERT INTO outbox_message (kind, recipient, subject, html_body, text_body, status)
        SELECT m.kind, '$mail_prefix-' || g || '@example.org', m.subject, m.html_body, m.text_body, 'PENDING'
        FROM (SELECT kind, subject, html_body, text_body FROM outbox_message
              ORDER BY kind = 'CONFIRMATION' DESC, id DESC LIMIT 1) m, generate_series(1, $DELIVERIES) g" >/dev/null
drain_start=$(now_ms)
deadline=$(( drain_start + DRAIN_MAX_SECONDS * 1000 ))
while [ "$(grep -c " $mail_prefix-" "$SINK_LOG" || true)" -lt "$DELIVERIES" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
sleep 0.2
read -r mailed last_arrival < <(awk -v p="$mail_prefix-" 'index($2, p) == 1 { n++; if ($1 > last) last = $1 }
  END { print n + 0, last + 0 }' "$SINK_LOG")
[ "$mailed" -gt 0 ] || last_arrival=$(now_ms)
mail_ms=$(( last_arrival - drain_start ))
mail_rate=$(awk -v n="$mailed" -v ms="$mail_ms" 'BEGIN { printf "%d\n", (ms > 0) ? n * 1000 / ms : 0 }')
figure idle_mails_sent "$mailed"
figure idle_mail_drain_rate "$mail_rate"
figure idle_webhook_vs_mail_drain "$(ratio "$hook_rate" "$mail_rate")"
figure idle_webhook_vs_receiver_wrk "$(ratio "$hook_rate" "$receiver_rate")"
sql -c "UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE status = 'PENDING'" >/dev/null
sql -c "VACUUM ANALYZE outbox_message" >/dev/null

# ---- (b) the peak signing rate, as bench/surge.sh measures it -------------------------------------------------------------
run_wrk() { # name seconds: sets w_rate
  wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 10s -s bench/surge.lua "$BASE" -- sign "/api/campaigns/$SLUG/signatures" \
    "$3" "$1-$RUN" > "$WORK/wrk-$1.txt" 2>&1 || { cat "$WORK/wrk-$1.txt" >&2; die "wrk $1 failed"; }
  local line kv
  line=$(grep '^WRK ' "$WORK/wrk-$1.txt") || die "wrk $1 printed no summary"
  local -A w=()
  for kv in ${line#WRK }; do w[${kv%%=*}]=${kv#*=}; done
  w_rate=$(awk -v n="$(( ${w[requests]} - ${w[non2xx]} ))" -v t="${w[duration_us]}" 'BEGIN { printf "%d\n", n / (t / 1e6) }')
  w_p99_ms=$(awk -v x="${w[p99_us]}" 'BEGIN { printf "%.1f\n", x / 1000 }')
}
discard_mail() {
  sql -c "UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE status = 'PENDING'" >/dev/null
  sql -c "VACUUM ANALYZE outbox_message" >/dev/null
}
log "signing warm-up ${WARMUP_SECONDS}s, then the peak signing rate, $CONNECTIONS connections, ${SECONDS_PER_PHASE}s"
run_wrk warmup "$WARMUP_SECONDS" 11
discard_mail
run_wrk peak "$SECONDS_PER_PHASE" 21
sign_rate=$w_rate
figure sign_peak_rate "$sign_rate"
figure sign_peak_p99_ms "$w_p99_ms"
discard_mail

# ---- (b) confirmation-mail delay at half the peak, every signature confirmed -----------------------------------------
# Twice, the same way: first without a webhook (the reference: the campaign's webhook is deleted), then with the
# webhook on every confirmation (registered anew). The figures of each carry its prefix.
paced_rate=$(( sign_rate / 2 > 1 ? sign_rate / 2 : 1 ))
WEBHOOK_ID=$(sed -n 's/.*"id" *: *\([0-9]*\).*/\1/p' "$WORK/webhook.json")
paced_phase() { # name
  local name=$1 paced_prefix=hook-$1-$RUN hooks_before confirm_pid backlog_pid paced_ended accepted arrived cutoff confirmed \
    deadline drained_at d50 d99 dmax undelivered line
  log "$name: paced signing at $paced_rate/s for ${PACED_SECONDS}s, each confirmed as its mail arrives; load $(loadavg)"
  figure "${name}_loadavg_before" "$(loadavg)"
  sleep 2
  hooks_before=$(arrivals msg_)
  java -Xmx256m -cp "$WORK/classes" SignLoad confirm "$BASE" "$SINK_LOG" "$paced_prefix-" $(( PACED_SECONDS + 15 )) 41 \
    "$WORK/$name-confirm-answers.txt" > "$WORK/$name-confirm.txt" 2>&1 &
  confirm_pid=$!
  bg_pids+=("$confirm_pid")
  ( while sleep 1; do echo "$(now_ms) $(pending_hooks)"; done ) > "$WORK/$name-backlog.txt" 2>/dev/null &
  backlog_pid=$!
  bg_pids+=("$backlog_pid")
  java -Xmx256m -cp "$WORK/classes" SignLoad paced "$BASE" "$SLUG" "$paced_rate" "$PACED_SECONDS" "$paced_prefix" 31 \
    "$WORK/$name-answers.txt" > "$WORK/$name.txt" 2>&1 || { cat "$WORK/$name.txt" >&2; die "the paced load failed"; }
  paced_ended=$(now_ms)
  figure "${name}_webhook_backlog_at_end" "$(pending_hooks)"
  grep '=' "$WORK/$name.txt" | while IFS= read -r line; do figure "${name}_${line%%=*}" "${line#*=}"; done
  accepted=$(awk '$3 == 202' "$WORK/$name-answers.txt" | wc -l)
  # The confirmation mails (the first mail to each paced address), then the confirmer's end.
  deadline=$(( $(now_ms) + MAIL_WAIT_SECONDS * 1000 ))
  while true; do
    arrived=$(awk -v p="$paced_prefix-" 'index($2, p) == 1 && $3 != "-" { n++ } END { print n + 0 }' "$SINK_LOG")
    [ "$arrived" -ge "$accepted" ] && break
    [ "$(now_ms)" -lt "$deadline" ] || break
    sleep 0.5
  done
  cutoff=$(now_ms)
  wait "$confirm_pid" || { cat "$WORK/$name-confirm.txt" >&2; die "the confirmer failed"; }
  grep '=' "$WORK/$name-confirm.txt" | while IFS= read -r line; do figure "${name}_${line%%=*}" "${line#*=}"; done
  confirmed=$(awk '$3 == 200' "$WORK/$name-confirm-answers.txt" | wc -l)
  # The webhooks of the confirmations: the backlog drains.
  deadline=$(( $(now_ms) + MAIL_WAIT_SECONDS * 1000 ))
  while [ "$(pending_hooks)" != 0 ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.5; done
  drained_at=$(now_ms)
  kill "$backlog_pid" 2>/dev/null || true
  figure "${name}_confirmed" "$confirmed"
  figure "${name}_webhooks_queued" "$(sql -c "SELECT count(*) FROM webhook_delivery d JOIN signature s ON s.id = d.signature_id
    WHERE s.email LIKE '$paced_prefix-%'")"
  figure "${name}_webhooks_received" "$(( $(arrivals msg_) - hooks_before ))"
  figure "${name}_webhook_backlog_max" "$(awk '$2 > m { m = $2 } END { print m + 0 }' "$WORK/$name-backlog.txt")"
  figure "${name}_webhook_backlog_mid" "$(awk -v t="$(( paced_ended - PACED_SECONDS * 500 ))" '$1 <= t { v = $2 } END { print v + 0 }' "$WORK/$name-backlog.txt")"
  figure "${name}_webhooks_pending_after_wait" "$(pending_hooks)"
  figure "${name}_webhook_drain_after_end_s" "$(awk -v ms="$(( drained_at - paced_ended ))" 'BEGIN { printf "%.1f\n", ms / 1000 }')"
  # The confirmation delay: from the 202 to the first mail to that address (as bench/surge.sh measures it); a mail
  # still missing at the cutoff counts with the delay it had reached.
  awk -v p="$paced_prefix-" 'index($2, p) == 1 { print $1 " " $2 }' "$SINK_LOG" > "$WORK/$name-mails.txt"
  awk '$3 == 202 { print $1 " " $2 }' "$WORK/$name-answers.txt" > "$WORK/$name-accepted.txt"
  read -r d50 d99 dmax undelivered < <(sql -F ' ' <<SQL
CREATE TEMP TABLE answered (t bigint, email text);
CREATE TEMP TABLE mailed (t bigint, email text);
\copy answered FROM '$WORK/$name-accepted.txt' WITH (DELIMITER ' ')
\copy mailed FROM '$WORK/$name-mails.txt' WITH (DELIMITER ' ')
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY delay)), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY delay)),
       max(delay), count(*) FILTER (WHERE first_mail IS NULL)
FROM (SELECT a.email, min(m.t) AS first_mail, coalesce(min(m.t), $cutoff) - min(a.t) AS delay
      FROM answered a LEFT JOIN mailed m ON m.email = a.email GROUP BY a.email) d;
SQL
)
  figure "${name}_confirm_delay_p50_ms" "${d50:-0}"
  figure "${name}_confirm_delay_p99_ms" "${d99:-0}"
  figure "${name}_confirm_delay_max_ms" "${dmax:-0}"
  figure "${name}_confirm_delay_undelivered" "${undelivered:-0}"
  figure "${name}_confirm_delay_goal_p99_under_10s" "$([ "${d99:-0}" -lt 10000 ] && echo met || echo not_met)"
  discard_mail
  p99_ms=${d99:-0}
}

curl_api -f -o /dev/null -X DELETE -H "Authorization: Bearer $ORGANISER" "$BASE/api/campaigns/$SLUG/webhooks/$WEBHOOK_ID" \
  || die "could not delete the webhook for the reference phase"
paced_phase nohook
reference_p99=$p99_ms
curl_api -f -X POST -H "Authorization: Bearer $ORGANISER" -H 'Content-Type: application/json' \
  -d '{"url":"http://127.0.0.1:'"$HOOK_PORT"'/hooks","events":["signature.confirmed"]}' \
  "$BASE/api/campaigns/$SLUG/webhooks" > "$WORK/webhook2.json" || die "could not register the webhook again"
sed -n 's/.*"secret" *: *"\(whsec_[^"]*\)".*/\1/p' "$WORK/webhook2.json" > "$WORK/secret.new"
mv "$WORK/secret.new" "$WORK/secret"
paced_phase hooked
figure hooked_vs_nohook_confirm_delay_p99 "$(ratio "$p99_ms" "$reference_p99")"
figure webhooks_unverified_in_run "$(awk '$2 != "msg_wrk" && $5 != 1' "$HOOK_LOG" | wc -l)"
figure host_loadavg_at_end "$(loadavg)"
figure run_seconds $(( $(date +%s) - bench_started ))
log "done; figures in $WORK/figures.txt"
