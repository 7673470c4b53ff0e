#!/usr/bin/env bash
# Groundswell's surge benchmark: a launch-day load on the packaged service, each figure next to a reference taken
# in the same run on the same machine (the machine is shared and small, so absolute numbers are noisy; ratios less).
#
#   bench/surge.sh                    # full run, about 9-10 minutes; one name=value line per figure on stdout
#   BENCH_QUICK=1 bench/surge.sh      # smoke test, about 3 minutes, small numbers that mean little
#
# Needs: JDK 17, PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; psql and pgbench come with it), curl, and
# wrk (installed with apt-get when missing). It builds target/quarkus-app when the sources are newer than it, starts
# the packaged service with the container's JVM flags against a fresh database of its own and a local SMTP sink
# (bench/SmtpSink.java), and removes both at the end. Progress goes to stderr, figures to stdout; the figures and
# all logs are also kept in target/surge/ (BENCH_WORK).
#
# Settings (environment):
#   BENCH_SECONDS          length of each measured closed-loop phase (wrk, pgbench)       20 (quick: 5)
#   BENCH_WARMUP_SECONDS   longest signing warm-up (10 s rounds until the rate stops rising) 150 (quick: 10)
#   BENCH_PACED_SECONDS    paced signing while confirmation delays are measured          60 (quick: 10)
#   BENCH_MAIL_WAIT_SECONDS  longest wait for the paced phase's mails after it ended     60 (quick: 10)
#   BENCH_DRAIN_MAILS      mails queued for the idle drain measurement                   20000 (quick: 2000)
#   BENCH_DRAIN_MAX_SECONDS  longest drain measurement                                   45 (quick: 15)
#   BENCH_PRIVACY_COUNT    new signers and repeats of a confirmed address, each          200 (quick: 50)
#   BENCH_LOAD_ROWS        existing signatures loaded for the large-table phase         5000000 (quick: 100000)
#   BENCH_SLUG             the campaign signed and read (a demo campaign; created when missing) fair-ai-regulation
#   BENCH_CONNECTIONS      connections (and pgbench clients) of the peak phases         32
#   BENCH_LOW_CONNECTIONS  connections of the latency phase                             8
#   BENCH_HEAP             -Xmx of the service: 75% of the container's 768 MiB           576m
#   BENCH_WORK             folder for logs and intermediate files                       target/surge
#   BENCH_KEEP_DB=1        keep the database (groundswell_bench_<run>) for a look afterwards
#   BENCH_NO_BUILD=1       use target/quarkus-app as it is
#   BENCH_QUIET_WAIT_SECONDS  wait up to this long for the 1-minute load average to fall below the core count 0
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

quick=${BENCH_QUICK:-0}
q() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }
SECONDS_PER_PHASE=${BENCH_SECONDS:-$(q 20 5)}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-$(q 150 10)}
PACED_SECONDS=${BENCH_PACED_SECONDS:-$(q 60 10)}
MAIL_WAIT_SECONDS=${BENCH_MAIL_WAIT_SECONDS:-$(q 60 10)}
DRAIN_MAILS=${BENCH_DRAIN_MAILS:-$(q 20000 2000)}
DRAIN_MAX_SECONDS=${BENCH_DRAIN_MAX_SECONDS:-$(q 45 15)}
PRIVACY_COUNT=${BENCH_PRIVACY_COUNT:-$(q 200 50)}
LOAD_ROWS=${BENCH_LOAD_ROWS:-$(q 5000000 100000)}
SLUG=${BENCH_SLUG:-fair-ai-regulation}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
LOW_CONNECTIONS=${BENCH_LOW_CONNECTIONS:-8}
HEAP=${BENCH_HEAP:-576m}
WORK=${BENCH_WORK:-target/surge}

PG=(-h 127.0.0.1 -p 5432 -U postgres)
JAR=target/quarkus-app/quarkus-run.jar
bench_started=$(date +%s)
RUN=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')   # tags this run's addresses and database
DB=groundswell_bench_$RUN
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')   # 64 characters
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')          # the master secret: 32 bytes

log() { echo "# $(date +%H:%M:%S) $*" >&2; }
die() { echo "# FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
figure() { echo "$1=$2"; echo "$1=$2" >> "$WORK/figures.txt"; }
sql() { psql "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -qtAX "$@"; }
# a / b with 2 decimals (b = 0 gives 0)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "0"; else printf "%.2f\n", a / b }'; }

# ---- what the run needs ---------------------------------------------------------------------------------------
command -v java >/dev/null && command -v javac >/dev/null || die "JDK 17 (java, javac) is needed"
command -v psql >/dev/null && command -v pgbench >/dev/null || die "psql and pgbench (PostgreSQL client) are needed"
command -v curl >/dev/null || die "curl is needed"
ensure_wrk_and_postgres

quiet_wait=${BENCH_QUIET_WAIT_SECONDS:-0}
while [ "$quiet_wait" -gt 0 ] && awk -v c="$(nproc)" '{ exit !($1 >= c) }' /proc/loadavg; do
  [ $(( quiet_wait % 60 )) = 0 ] && log "waiting for a quieter machine (load $(cut -d' ' -f1 /proc/loadavg))"
  sleep 5
  quiet_wait=$(( quiet_wait > 5 ? quiet_wait - 5 : 0 ))
done

rm -rf "$WORK"
mkdir -p "$WORK/classes"
: > "$WORK/figures.txt"

# ---- processes and the database are ours until the end ---------------------------------------------------------
service_pid=
sink_pid=
bg_pids=()
cleanup() {
  local status=$?
  set +e
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
  terminate_service "$service_pid"
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  wait 2>/dev/null
  drop_database
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on (checked by connecting; never 8080 or 9000).
taken_ports=" "
free_port() {
  local port
  while true; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$taken_ports" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken_ports="$taken_ports$port "
      echo "$port"
      return
    fi
  done
}

# Every request of the run carries an X-Forwarded-For address of its own, as if each came from another supporter
# through the ingress: each load phase gets its own first octets (11 and up), counted up per request inside.
next_octet=11
take_octets() { local first=$next_octet; next_octet=$(( next_octet + $1 )); echo "$first"; }
curl_api() { # curl with a random client address of its own (200.x.y.z)
  local ip
  ip=$(od -An -tu1 -N3 /dev/urandom | awk '{ print "200." $1 "." $2 "." $3 }')
  curl -sS -m 30 -H "X-Forwarded-For: $ip" "$@"
}

# ---- build ------------------------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    log "building the package (./mvnw -q package -DskipTests)"
    ./mvnw -q package -DskipTests >&2
  fi
fi
[ -f "$JAR" ] || die "no $JAR"
javac -d "$WORK/classes" bench/SmtpSink.java bench/SignLoad.java

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi
figure git_commit "$commit"
figure run_started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
figure host_cores "$(nproc)"
figure host_loadavg_at_start "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
# Without autovacuum nothing analyzes the growing tables during the run (a plan's estimates stay those of an empty
# table): worth knowing when comparing runs on other machines.
figure postgres_autovacuum "$(psql -h 127.0.0.1 -p 5432 -U postgres -qtAX -c 'SHOW autovacuum' 2>/dev/null || echo unknown)"

# ---- the container's JVM flags ----------------------------------------------------------------------------------
# src/main/docker/Dockerfile.jvm sets JDK_JAVA_OPTIONS (and may add flags in its ENTRYPOINT); the pod is limited to
# 768 MiB and 2 CPUs (k8s/base/deployment.yaml). Here the heap that -XX:MaxRAMPercentage=75 gives in 768 MiB is set
# explicitly (-Xmx576m), and since a JVM that sees less than 1792 MiB of memory is no "server class machine" and
# picks the Serial collector, the container runs with Serial GC: so does the benchmark, unless the image names a
# collector itself (this host has 2 cores like the pod's limit, so CPU-based ergonomics match). The JVM starts in
# target/quarkus-app, as the image's in /deployments (the AppCDS archive made by ./mvnw package records the class
# path relative to it), so paths under /deployments/ become relative ones.
jvm_opts=$(container_jvm_opts "$HEAP")   # bench/lib.sh
figure jvm_flags "\"$jvm_opts\""

# ---- SMTP sink and database ---------------------------------------------------------------------------------------
HTTP_PORT=$(free_port)
MGMT_PORT=$(free_port)
SMTP_PORT=$(free_port)
BASE=http://127.0.0.1:$HTTP_PORT
SINK_LOG=$WORK/sink.log
: > "$SINK_LOG"
java -Xmx256m -XX:+UseSerialGC -cp "$WORK/classes" SmtpSink "$SMTP_PORT" "$SINK_LOG" keep- > "$WORK/sink.out" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do grep -q listening "$WORK/sink.out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$WORK/sink.out" || die "the SMTP sink did not start: $(cat "$WORK/sink.out")"

psql "${PG[@]}" -qtAX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
pg_started=$(psql "${PG[@]}" -qtAX -c "SELECT pg_postmaster_start_time()")
log "database $DB, service on $HTTP_PORT (management $MGMT_PORT), SMTP sink on $SMTP_PORT"

# ---- the service ----------------------------------------------------------------------------------------------------
ready_via=
start_service() { # $1: log file. Sets service_pid and ready_ms.
  local started
  started=$(now_ms)
  env -i PATH="$PATH" HOME="${HOME:-$PWD}" LANG=C.UTF-8 \
    JDK_JAVA_OPTIONS="$jvm_opts" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$SMTP_PORT" QUARKUS_MAILER_MOCK=false \
    QUARKUS_MAILER_START_TLS=DISABLED \
    GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" GROUNDSWELL_SECRET_KEY="$SECRET_KEY" \
    GROUNDSWELL_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" \
    QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true \
    QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1/32 \
    QUARKUS_SHUTDOWN_DELAY=0S \
    sh -c 'cd "$0" && exec java -jar quarkus-run.jar' "$(dirname "$JAR")" > "$1" 2>&1 &
  service_pid=$!
  local deadline=$(( started + 180000 ))
  while true; do
    if curl_api -f -m 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"UP"'; then
      ready_via=management; break
    fi
    if curl_api -f -m 2 "http://127.0.0.1:$HTTP_PORT/q/health/ready" 2>/dev/null | grep -q '"UP"'; then
      ready_via=http; break
    fi
    kill -0 "$service_pid" 2>/dev/null || { tail -n 40 "$1" >&2; service_pid=; die "the service exited"; }
    [ "$(now_ms)" -lt "$deadline" ] || { tail -n 40 "$1" >&2; die "the service was not ready in 180 s"; }
    sleep 0.05
  done
  ready_ms=$(( $(now_ms) - started ))
}
stop_service() {
  kill -TERM "$service_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  service_pid=
}

log "starting the service against the empty database (Flyway creates the schema)"
start_service "$WORK/service-first.log"
figure ready_ms_first_start "$ready_ms"
# Then twice against the migrated database, as a new pod starts; the quicker of the two is the figure (a start is
# short, so a burst of other work on the machine easily doubles one).
log "restarting it twice: the ready time against a migrated database, as a new pod has it"
stop_service
start_service "$WORK/service-second.log"
ready_second=$ready_ms
stop_service
start_service "$WORK/service.log"
figure ready_ms_restarts "$ready_second/$ready_ms"
figure ready_ms $(( ready_ms < ready_second ? ready_ms : ready_second ))
figure ready_endpoint "$ready_via"
# A class-data archive that does not match the jar is silently ignored, and start-up is slow again: say so.
figure jvm_cds_warnings "$(grep -c '\[cds' "$WORK/service.log" || true)"

# ---- the campaign ---------------------------------------------------------------------------------------------------
curl_api -f -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE/api/admin/demo-campaigns" \
  || log "loading the demo campaigns failed"
if [ "$(curl_api -o /dev/null -w '%{http_code}' "$BASE/api/campaigns/$SLUG")" != 200 ]; then
  log "no campaign '$SLUG': creating it"
  organiser=$(curl_api -f -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"Bench Organiser","email":"organiser@example.org"}' "$BASE/api/organisers" \
    | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$organiser" ] || die "could not create an organiser"
  curl_api -f -o /dev/null -X POST -H "Authorization: Bearer $organiser" -H 'Content-Type: application/json' \
    -d '{"slug":"'"$SLUG"'","title":"Fair AI regulation","summary":"Ask regulators for fair, open rules on AI.",
         "body":"Regulators are writing the rules for AI now. Ask them to keep them fair and open.","topic":"ai",
         "goal":100000,"status":"OPEN","steps":[
         {"kind":"EMAIL","title":"E-mail the regulator","instructions":"Send this mail.",
          "target":{"name":"Federal Trade Commission","email":"contact@ftc.gov"},
          "subjectTemplate":"Fair rules from {supporter.name}",
          "messageTemplate":"Dear {target.name},\nplease act.\n{supporter.name}, {supporter.country}"},
         {"kind":"LETTER","title":"Write to NIST","instructions":"Post this letter.",
          "target":{"name":"National Institute of Standards and Technology",
                    "postalAddress":"100 Bureau Drive, Gaithersburg, MD 20899"},
          "messageTemplate":"Dear Director,\nfair standards please.\n{supporter.name}"}]}' \
    "$BASE/api/campaigns" || die "could not create the campaign '$SLUG'"
fi
CAMPAIGN_ID=$(sql -c "SELECT id FROM campaign WHERE slug = '$SLUG'")
[ -n "$CAMPAIGN_ID" ] || die "campaign '$SLUG' not found in the database"
figure campaign "$SLUG"

sign_body() { echo '{"name":"Bench Signer","email":"'"$1"'","country":"GB","postalCode":"SW1A 1AA","consentToUpdates":false}'; }

# One address signs and confirms through the mail's link, as a supporter would: the "repeat" signer of the privacy
# phase. The sink notes the token of mails to keep-* addresses.
KEEP_EMAIL=keep-$RUN@example.org
status=$(curl_api -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$(sign_body "$KEEP_EMAIL")" \
  "$BASE/api/campaigns/$SLUG/signatures")
[ "$status" = 202 ] || die "signing answered $status"
token=
for _ in $(seq 1 300); do
  token=$(awk -v r="$KEEP_EMAIL" '$2 == r && NF >= 3 && $3 != "-" { print $3; exit }' "$SINK_LOG")
  [ -n "$token" ] && break
  sleep 0.1
done
[ -n "$token" ] || die "no confirmation mail with a /confirm/<token> link reached the sink for $KEEP_EMAIL"
status=$(curl_api -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"token":"'"$token"'"}' \
  "$BASE/api/signatures/confirm")
[ "$status" = 200 ] || die "confirming answered $status"
[ "$(sql -c "SELECT status FROM signature WHERE email = '$KEEP_EMAIL'")" = CONFIRMED ] || die "$KEEP_EMAIL is not CONFIRMED"
figure confirmation_mail_bytes "$(sql -c "SELECT octet_length(subject) + octet_length(html_body) + octet_length(text_body)
  FROM outbox_message WHERE recipient = '$KEEP_EMAIL' AND kind = 'CONFIRMATION' LIMIT 1")"
page_bytes=$(curl_api -o /dev/null -w '%{size_download}' "$BASE/c/$SLUG")
figure campaign_page_bytes "$page_bytes"

# ---- what the phases share ------------------------------------------------------------------------------------------
pending() { sql -c "SELECT count(*) FROM outbox_message WHERE status = 'PENDING'"; }
# The mail that earlier phases left queued is of no interest and would slow or distort the next phase (the service
# sends oldest first): it is marked sent, so every phase starts with an empty outbox. The dead rows this leaves are
# vacuumed away, as autovacuum would soon do (where it is off, as on some test machines, they would bloat the index
# the dispatcher claims through and slow every later phase).
discard_backlog() {
  sql -c "UPDATE outbox_message SET status = 'SENT', sent_at = now() WHERE status = 'PENDING'" >/dev/null
  sql -c "VACUUM ANALYZE outbox_message" >/dev/null
}
peak_rss_kib=0
rss_now() { awk '/^VmRSS:/ { print $2 }' "/proc/$service_pid/status" 2>/dev/null || echo 0; }
note_rss() { local r; r=$(rss_now); [ "${r:-0}" -gt "$peak_rss_kib" ] && peak_rss_kib=$r; return 0; }
# Samples VmRSS every half second in the background while a phase runs.
rss_sampler_start() {
  ( while kill -0 "$service_pid" 2>/dev/null; do awk '/^VmRSS:/ { print $2 }' "/proc/$service_pid/status"; sleep 0.5; done ) \
    >> "$WORK/rss.txt" 2>/dev/null &
  rss_sampler=$!
  bg_pids+=("$rss_sampler")
}
rss_sampler_stop() { kill "$rss_sampler" 2>/dev/null || true; wait "$rss_sampler" 2>/dev/null || true; }

# CPU time the service has used so far, in clock ticks (utime + stime of /proc/<pid>/stat). CPU per request is
# steadier than a rate when other work shares the machine.
service_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$service_pid/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)

# wrk for SECONDS with CONNECTIONS. Its counts are added up under KEY (default: the name), so a phase can be run in
# parts, interleaved with its reference (A B B A), which cancels a steady drift of the machine's other load and of
# the JIT. Sets, over all parts of KEY: w_rate (2xx per second), w_p50_ms (mean of the parts), w_p99_ms (the
# largest part's), w_errors, w_requests and w_cpu_ms (the service's CPU time per request).
declare -A K_OK=() K_US=() K_REQ=() K_ERR=() K_TICKS=() K_P50=() K_P99=() K_PARTS=()
run_wrk() { # name connections seconds mode path [key]
  local name=$1 connections=$2 seconds=$3 mode=$4 path=$5 key=${6:-$1} octet line ticks
  octet=$(take_octets 2)
  ticks=$(service_ticks)
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s bench/surge.lua "$BASE" -- \
    "$mode" "$path" "$octet" "$name-$RUN" > "$WORK/wrk-$name.txt" 2>&1 || { cat "$WORK/wrk-$name.txt" >&2; die "wrk $name failed"; }
  line=$(grep '^WRK ' "$WORK/wrk-$name.txt") || { cat "$WORK/wrk-$name.txt" >&2; die "wrk $name printed no summary"; }
  local -A v=()
  local kv
  for kv in ${line#WRK }; do v[${kv%%=*}]=${kv#*=}; done
  ticks=$(( $(service_ticks) - ticks ))
  K_OK[$key]=$(( ${K_OK[$key]:-0} + ${v[requests]} - ${v[non2xx]} ))
  K_US[$key]=$(( ${K_US[$key]:-0} + ${v[duration_us]} ))
  K_REQ[$key]=$(( ${K_REQ[$key]:-0} + ${v[requests]} ))
  K_ERR[$key]=$(( ${K_ERR[$key]:-0} + ${v[non2xx]} + ${v[connect_errors]} + ${v[read_errors]} + ${v[write_errors]} + ${v[timeouts]} ))
  K_TICKS[$key]=$(( ${K_TICKS[$key]:-0} + ticks ))
  K_P50[$key]=$(( ${K_P50[$key]:-0} + ${v[p50_us]} ))
  K_P99[$key]=$(( ${K_P99[$key]:-0} > ${v[p99_us]} ? ${K_P99[$key]:-0} : ${v[p99_us]} ))
  K_PARTS[$key]=$(( ${K_PARTS[$key]:-0} + 1 ))
  key_stats "$key"
}
key_stats() { # key: sets the w_* figures from what run_wrk added up under it
  local key=$1
  w_errors=${K_ERR[$key]}
  w_requests=${K_REQ[$key]}
  w_rate=$(awk -v n="${K_OK[$key]}" -v t="${K_US[$key]}" 'BEGIN { printf "%d\n", n / (t / 1e6) }')
  w_p50_ms=$(awk -v x="${K_P50[$key]}" -v k="${K_PARTS[$key]}" 'BEGIN { printf "%.1f\n", x / k / 1000 }')
  w_p99_ms=$(awk -v x="${K_P99[$key]}" 'BEGIN { printf "%.1f\n", x / 1000 }')
  w_cpu_ms=$(awk -v t="${K_TICKS[$key]}" -v hz="$TICKS_PER_SECOND" -v n="${K_REQ[$key]}" \
    'BEGIN { printf "%.3f\n", (n > 0) ? t * 1000 / hz / n : 0 }')
}

# pgbench for SECONDS; its rates are averaged under KEY like run_wrk's: sets pg_tps and pg_latency_ms.
declare -A P_TPS=() P_LAT=() P_PARTS=()
run_pgbench() { # seconds key
  local out=$WORK/pgbench-$2-$RANDOM.txt tps latency
  pgbench "${PG[@]}" -n -M prepared -c "$CONNECTIONS" -j 2 -T "$1" -f bench/sign.pgbench \
    -D campaign="$CAMPAIGN_ID" -D run="$RUN$RANDOM" -D i=0 "$DB" > "$out" 2>&1 || { cat "$out" >&2; die "pgbench failed"; }
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out" | head -n 1)
  latency=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out" | head -n 1)
  [ -n "$tps" ] && [ -n "$latency" ] || { cat "$out" >&2; die "pgbench printed no tps"; }
  P_TPS[$2]=$(awk -v a="${P_TPS[$2]:-0}" -v b="$tps" 'BEGIN { print a + b }')
  P_LAT[$2]=$(awk -v a="${P_LAT[$2]:-0}" -v b="$latency" 'BEGIN { print a + b }')
  P_PARTS[$2]=$(( ${P_PARTS[$2]:-0} + 1 ))
  pg_tps=$(awk -v a="${P_TPS[$2]}" -v k="${P_PARTS[$2]}" 'BEGIN { printf "%d\n", a / k }')
  pg_latency_ms=$(awk -v a="${P_LAT[$2]}" -v k="${P_PARTS[$2]}" 'BEGIN { printf "%.1f\n", a / k }')
  # its rows are due at 'infinity': gone, so the outbox counts only the service's mail
  sql -c "DELETE FROM outbox_message WHERE next_attempt_at = 'infinity'" >/dev/null
}

# ---- warm-up ---------------------------------------------------------------------------------------------------------------
# Rounds of ROUND seconds until two rounds in a row are no more than 10% faster than the best round before them
# (the JIT has done the bulk of its work: on two busy cores that takes signing a minute or more), at least three
# rounds and at most MAX seconds in all.
warm_up() { # name mode path round max
  local name=$1 mode=$2 path=$3 round=$4 max=$5 spent=0 rounds=0 best=0 flat=0 rates=
  while [ "$spent" -lt "$max" ]; do
    run_wrk "warmup-$name-$rounds" "$CONNECTIONS" "$round" "$mode" "$path"
    spent=$(( spent + round )); rounds=$(( rounds + 1 )); rates="$rates $w_rate"
    if [ $(( w_rate * 10 )) -gt $(( best * 11 )) ]; then flat=0; else flat=$(( flat + 1 )); fi
    [ "$w_rate" -gt "$best" ] && best=$w_rate
    [ "$rounds" -ge 3 ] && [ "$flat" -ge 2 ] && break
  done
  log "warm-up $name: ${spent}s, rates per round:$rates"
}
log "warming up (signing, then reading)"
warm_up sign sign "/api/campaigns/$SLUG/signatures" 10 "$WARMUP_SECONDS"
warm_up json get "/api/campaigns/$SLUG" 5 15
warm_up page get "/c/$SLUG" 5 15
warm_up static get "/static/groundswell.css" 5 15
discard_backlog
half_phase=$(( SECONDS_PER_PHASE / 2 > 1 ? SECONDS_PER_PHASE / 2 : 1 ))

# ---- reads (before signing is measured: the JIT, slow to finish on a busy machine, gets that long more) ----------
# Each BENCH_SECONDS in all, in halves: JSON, page, static, static, page, JSON.
log "reading: campaign JSON, campaign page, static file, ${SECONDS_PER_PHASE}s each in halves (A B C C B A)"
run_wrk json-1 "$CONNECTIONS" "$half_phase" get "/api/campaigns/$SLUG" json
run_wrk page-1 "$CONNECTIONS" "$half_phase" get "/c/$SLUG" page
run_wrk static-1 "$CONNECTIONS" "$half_phase" get "/static/groundswell.css" static
run_wrk static-2 "$CONNECTIONS" "$half_phase" get "/static/groundswell.css" static
run_wrk page-2 "$CONNECTIONS" "$half_phase" get "/c/$SLUG" page
run_wrk json-2 "$CONNECTIONS" "$half_phase" get "/api/campaigns/$SLUG" json
key_stats json
json_rate=$w_rate; figure campaign_json_rate "$json_rate"; figure campaign_json_p99_ms "$w_p99_ms"
figure campaign_json_service_cpu_ms "$w_cpu_ms"
[ "$w_errors" = 0 ] || figure campaign_json_errors "$w_errors"
key_stats page
page_rate=$w_rate; figure campaign_page_rate "$page_rate"; figure campaign_page_p99_ms "$w_p99_ms"
figure campaign_page_service_cpu_ms "$w_cpu_ms"
[ "$w_errors" = 0 ] || figure campaign_page_errors "$w_errors"
key_stats static
static_rate=$w_rate; figure static_rate "$static_rate"; figure static_p99_ms "$w_p99_ms"
figure static_service_cpu_ms "$w_cpu_ms"
[ "$w_errors" = 0 ] || figure static_errors "$w_errors"
figure campaign_json_vs_static "$(ratio "$json_rate" "$static_rate")"
figure campaign_page_vs_static "$(ratio "$page_rate" "$static_rate")"
note_rss

# ---- signing at CONNECTIONS, and the database's own rate for the same writes -------------------------------------------------
# Each BENCH_SECONDS long in all, in halves: signing, pgbench, pgbench, signing. The outbox starts empty each time.
log "signing ($CONNECTIONS connections) and pgbench doing the same writes ($CONNECTIONS clients): ${half_phase}s each, twice"
rss_sampler_start
run_wrk sign-1 "$CONNECTIONS" "$half_phase" sign "/api/campaigns/$SLUG/signatures" sign
rss_sampler_stop
backlog_1=$(pending)
discard_backlog
run_pgbench "$half_phase" sign
run_pgbench "$half_phase" sign
rss_sampler_start
run_wrk sign-2 "$CONNECTIONS" "$half_phase" sign "/api/campaigns/$SLUG/signatures" sign
rss_sampler_stop
note_rss
sign_rate=$w_rate
figure sign_rate "$sign_rate"
figure sign_p50_ms "$w_p50_ms"
figure sign_p99_ms "$w_p99_ms"
figure sign_errors "$w_errors"
figure sign_service_cpu_ms "$w_cpu_ms"
figure sign_outbox_backlog_after "$backlog_1/$(pending)"
discard_backlog
pgbench_tps=$pg_tps
figure pgbench_sign_tps "$pgbench_tps"
figure pgbench_sign_latency_avg_ms "$pg_latency_ms"
figure sign_vs_pgbench "$(ratio "$sign_rate" "$pgbench_tps")"

log "signing, $LOW_CONNECTIONS connections, ${SECONDS_PER_PHASE}s"
discard_backlog
run_wrk sign8 "$LOW_CONNECTIONS" "$SECONDS_PER_PHASE" sign "/api/campaigns/$SLUG/signatures"
figure sign_c${LOW_CONNECTIONS}_rate "$w_rate"
figure sign_c${LOW_CONNECTIONS}_p50_ms "$w_p50_ms"
figure sign_c${LOW_CONNECTIONS}_p99_ms "$w_p99_ms"
discard_backlog

# ---- confirmation delay while signing at half the peak rate -------------------------------------------------------------------
# wrk keeps a number of connections busy, so it cannot hold a rate; bench/SignLoad.java sends at a constant rate
# (request i at start + i/rate, open loop, whatever the answers do) and notes when each 202 arrived. The sink notes
# when each mail arrived; PostgreSQL joins both by address. A mail still missing when the wait ends counts with the
# delay it had reached by then, so the percentiles are never too good (confirm_delay_undelivered says how many).
paced_rate=$(( sign_rate / 2 > 1 ? sign_rate / 2 : 1 ))
log "paced signing at $paced_rate/s for ${PACED_SECONDS}s, measuring the confirmation delay"
discard_backlog
paced_prefix=paced-$RUN
rss_sampler_start
java -Xmx256m -cp "$WORK/classes" SignLoad paced "$BASE" "$SLUG" "$paced_rate" "$PACED_SECONDS" "$paced_prefix" \
  "$(take_octets 1)" "$WORK/paced-answers.txt" > "$WORK/paced.txt" 2>&1 &
paced_pid=$!
bg_pids+=("$paced_pid")
half=$(( PACED_SECONDS / 2 ))
sleep "$half"
backlog_mid=$(pending)
sleep $(( PACED_SECONDS - half ))
# the driver may still be finishing its last requests; the outbox is read at the phase's nominal end
backlog_end=$(pending)
wait "$paced_pid" || { cat "$WORK/paced.txt" >&2; die "the paced load failed"; }
rss_sampler_stop
note_rss
grep '=' "$WORK/paced.txt" | while IFS= read -r line; do figure "${line%%=*}" "${line#*=}"; done
accepted=$(awk '$3 == 202' "$WORK/paced-answers.txt" | wc -l)
deadline=$(( $(now_ms) + MAIL_WAIT_SECONDS * 1000 ))
while true; do
  arrived=$(grep -c " $paced_prefix-" "$SINK_LOG" || true)
  [ "$arrived" -ge "$accepted" ] && break
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 0.5
done
cutoff=$(now_ms)
awk -v p="$paced_prefix-" 'index($2, p) == 1 { print $1 " " $2 }' "$SINK_LOG" > "$WORK/paced-mails.txt"
awk '$3 == 202 { print $1 " " $2 }' "$WORK/paced-answers.txt" > "$WORK/paced-accepted.txt"
read -r d50 d99 dmax undelivered < <(sql -F ' ' <<SQL
CREATE TEMP TABLE answered (t bigint, email text);
CREATE TEMP TABLE mailed (t bigint, email text);
\copy answered FROM '$WORK/paced-accepted.txt' WITH (DELIMITER ' ')
\copy mailed FROM '$WORK/paced-mails.txt' WITH (DELIMITER ' ')
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY delay)), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY delay)),
       max(delay), count(*) FILTER (WHERE first_mail IS NULL)
FROM (SELECT a.email, min(m.t) AS first_mail, coalesce(min(m.t), $cutoff) - min(a.t) AS delay
      FROM answered a LEFT JOIN mailed m ON m.email = a.email GROUP BY a.email) d;
SQL
)
figure confirm_delay_p50_ms "${d50:-0}"
figure confirm_delay_p99_ms "${d99:-0}"
figure confirm_delay_max_ms "${dmax:-0}"
figure confirm_delay_undelivered "${undelivered:-0}"
figure paced_outbox_backlog_mid "$backlog_mid"
figure paced_outbox_backlog_end "$backlog_end"

# ---- outbox drain with an idle service ---------------------------------------------------------------------------------------
# DRAIN_MAILS copies of a real confirmation mail (only the original NOT NULL columns named) are queued at once;
# the rate is the number that reached the sink over the time from the insert's commit to the last arrival.
log "outbox drain: $DRAIN_MAILS mails queued with an idle service (at most ${DRAIN_MAX_SECONDS}s)"
discard_backlog
sleep 2
drain_prefix=drain-$RUN
sql -c "INSERT INTO outbox_message (kind, recipient, subject, html_body, text_body, status)
        SELECT m.kind, '$drain_prefix-' || g || '@example.org', m.subject, m.html_body, m.text_body, 'PENDING'
        FROM (SELECT kind, subject, html_body, text_body FROM outbox_message
              ORDER BY kind = 'CONFIRMATION' DESC, id DESC LIMIT 1) m, generate_series(1, $DRAIN_MAILS) g" >/dev/null
drain_start=$(now_ms)
deadline=$(( drain_start + DRAIN_MAX_SECONDS * 1000 ))
while true; do
  drained=$(grep -c " $drain_prefix-" "$SINK_LOG" || true)
  [ "$drained" -ge "$DRAIN_MAILS" ] && break
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 0.2
done
sleep 0.2
read -r drained last_arrival < <(awk -v p="$drain_prefix-" 'index($2, p) == 1 { n++; if ($1 > last) last = $1 }
  END { print n + 0, last + 0 }' "$SINK_LOG")
[ "$drained" -gt 0 ] || last_arrival=$(now_ms)
drain_ms=$(( last_arrival - drain_start ))
figure drain_mails "$drained"
figure drain_seconds "$(awk -v ms="$drain_ms" 'BEGIN { printf "%.1f\n", ms / 1000 }')"
figure drain_rate "$(awk -v n="$drained" -v ms="$drain_ms" 'BEGIN { printf "%d\n", (ms > 0) ? n * 1000 / ms : 0 }')"
discard_backlog

# ---- new signers vs repeats of a confirmed address -----------------------------------------------------------------------------
log "privacy: $PRIVACY_COUNT new signers vs $PRIVACY_COUNT repeats of a confirmed address, one at a time"
java -Xmx256m -cp "$WORK/classes" SignLoad privacy "$BASE" "$SLUG" "$PRIVACY_COUNT" "new-$RUN" "$(take_octets 1)" \
  "$KEEP_EMAIL" > "$WORK/privacy.txt" 2>&1 || { cat "$WORK/privacy.txt" >&2; die "the privacy measurement failed"; }
grep '=' "$WORK/privacy.txt" | while IFS= read -r line; do figure "${line%%=*}" "${line#*=}"; done
discard_backlog

# ---- signing with LOAD_ROWS existing signatures -------------------------------------------------------------------------------
# Loaded into the signed campaign with all indexes in place (as production has them), random-looking addresses so
# the unique index grows as it would; then VACUUM ANALYZE, which autovacuum would have done by then.
# The reference: the same phase right before loading, with a service as warm as it will be afterwards (the table
# holds only this run's signatures, some ten thousand).
log "signing before the load, $CONNECTIONS connections, ${SECONDS_PER_PHASE}s"
run_wrk sign-preload "$CONNECTIONS" "$SECONDS_PER_PHASE" sign "/api/campaigns/$SLUG/signatures"
preload_rate=$w_rate
figure sign_preload_rate "$preload_rate"
figure sign_preload_p99_ms "$w_p99_ms"
figure sign_preload_service_cpu_ms "$w_cpu_ms"
discard_backlog

log "loading $LOAD_ROWS existing signatures into '$SLUG' (two sessions in parallel)"
load_start=$(now_ms)
half_rows=$(( LOAD_ROWS / 2 ))
load_part() { # first last
  sql -c "INSERT INTO signature (campaign_id, name, email, country, consent_to_updates, status,
                                 created_at, confirmed_at, confirmation_sent_at)
          SELECT $CAMPAIGN_ID, 'Loaded Signer', 'loaded-' || md5(g::text) || '@example.org', 'GB', false, 'CONFIRMED',
                 now() - interval '2 days', now() - interval '1 day', now() - interval '2 days'
          FROM generate_series($1, $2) g" >/dev/null
}
load_part 1 "$half_rows" &
load_pid=$!
bg_pids+=("$load_pid")
load_part $(( half_rows + 1 )) "$LOAD_ROWS"
wait "$load_pid" || die "loading the signatures failed"
load_ms=$(( $(now_ms) - load_start ))
sql -c "VACUUM ANALYZE signature" >/dev/null
vacuum_ms=$(( $(now_ms) - load_start - load_ms ))
figure loaded_signatures "$(sql -c "SELECT count(*) FROM signature WHERE campaign_id = $CAMPAIGN_ID")"
figure load_seconds "$(awk -v ms="$load_ms" 'BEGIN { printf "%.1f\n", ms / 1000 }')"
figure vacuum_analyze_seconds "$(awk -v ms="$vacuum_ms" 'BEGIN { printf "%.1f\n", ms / 1000 }')"

log "signing on the loaded table, $CONNECTIONS connections, ${SECONDS_PER_PHASE}s"
run_wrk warmup-sign-loaded "$CONNECTIONS" 10 sign "/api/campaigns/$SLUG/signatures"   # the new pages into the cache
discard_backlog
rss_sampler_start
run_wrk sign-loaded "$CONNECTIONS" "$SECONDS_PER_PHASE" sign "/api/campaigns/$SLUG/signatures"
rss_sampler_stop
note_rss
figure sign_loaded_rate "$w_rate"
figure sign_loaded_p99_ms "$w_p99_ms"
figure sign_loaded_service_cpu_ms "$w_cpu_ms"
figure sign_loaded_vs_empty "$(ratio "$w_rate" "$preload_rate")"
discard_backlog
log "pgbench on the loaded table, ${SECONDS_PER_PHASE}s"
run_pgbench "$SECONDS_PER_PHASE" loaded
figure pgbench_sign_loaded_tps "$pg_tps"
figure pgbench_loaded_vs_empty "$(ratio "$pg_tps" "$pgbench_tps")"

# ---- memory ---------------------------------------------------------------------------------------------------------------------
sampled=$(sort -n "$WORK/rss.txt" 2>/dev/null | tail -n 1)
[ "${sampled:-0}" -gt "$peak_rss_kib" ] && peak_rss_kib=$sampled
figure rss_peak_under_load_mib $(( peak_rss_kib / 1024 ))
figure rss_high_water_mib $(( $(awk '/^VmHWM:/ { print $2 }' "/proc/$service_pid/status") / 1024 ))
figure host_loadavg_at_end "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
# PostgreSQL is shared: a restart of it during the run (tests elsewhere may restart it) spoils the figures.
figure postgres_restarted "$([ "$(psql "${PG[@]}" -qtAX -c "SELECT pg_postmaster_start_time()")" = "$pg_started" ] && echo no || echo yes)"
figure run_seconds $(( $(date +%s) - bench_started ))
log "done; figures in $WORK/figures.txt"
