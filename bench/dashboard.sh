#!/usr/bin/env bash
# The organisers' dashboard with 5 million signatures vs with none: its median and p99 answer times for a campaign
# holding LOAD_ROWS signatures next to those for an empty campaign, served by the same packaged service in the same
# run (the machine is shared and small: compare the ratios). Goal: both within 1.2x.
#
#   bench/dashboard.sh                           # full run: 5 million signatures, about 10 minutes here
#   BENCH_LOAD_ROWS=200000 bench/dashboard.sh    # a quicker run while developing
#
# Needs: JDK 17, PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) with psql, curl, and wrk (installed with
# apt-get when missing). It builds target/quarkus-app when the sources are newer than it, starts it with the
# container's heap against a fresh database of its own (mail is only logged), loads the signatures with
# generate_series straight into the database (statuses, places and days spread as a real campaign's would be), lets
# the service fold their counts, and measures the two dashboards alternately (empty, loaded, loaded, empty), which
# cancels a steady drift of the machine's other load. Progress goes to stderr, one name=value line per figure to
# stdout (also kept in target/dashboard-bench/figures.txt).
#
# Settings (environment):
#   BENCH_LOAD_ROWS      signatures in the loaded campaign                           5000000
#   BENCH_SECONDS        length of each of the four measured parts                  15
#   BENCH_CONNECTIONS    concurrent requests (an organisers' page: a few at once)    4
#   BENCH_HEAP           -Xmx of the service: 75% of the container's 768 MiB         576m
#   BENCH_WORK           folder for logs                                             target/dashboard-bench
#   BENCH_KEEP_DB=1      keep the database (groundswell_dash_<run>) for a look afterwards
#   BENCH_NO_BUILD=1     use target/quarkus-app as it is
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

LOAD_ROWS=${BENCH_LOAD_ROWS:-5000000}
SECONDS_PER_PART=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-4}
HEAP=${BENCH_HEAP:-576m}
WORK=${BENCH_WORK:-target/dashboard-bench}
PG=(-h 127.0.0.1 -p 5432 -U postgres)
JAR=target/quarkus-app/quarkus-run.jar
started_at=$(date +%s)
RUN=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
DB=groundswell_dash_$RUN
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')          # the master secret: 32 bytes

log() { echo "# $(date +%H:%M:%S) $*" >&2; }
die() { echo "# FAILED: $*" >&2; exit 1; }
figure() { echo "$1=$2"; echo "$1=$2" >> "$WORK/figures.txt"; }
sql() { psql "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -qtAX "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "0"; else printf "%.2f\n", a / b }'; }

command -v java >/dev/null || die "JDK 17 is needed"
command -v psql >/dev/null || die "psql is needed"
command -v curl >/dev/null || die "curl is needed"
ensure_wrk_and_postgres

rm -rf "$WORK"
mkdir -p "$WORK"
: > "$WORK/figures.txt"

service_pid=
cleanup() {
  local status=$?
  set +e
  terminate_service "$service_pid"
  wait 2>/dev/null
  drop_database
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while true; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# ---- build and start ---------------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    log "building the package (./mvnw -q package -DskipTests)"
    ./mvnw -q package -DskipTests >&2
  fi
fi
[ -f "$JAR" ] || die "no $JAR"
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi
figure git_commit "$commit"
figure run_started "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
figure host_cores "$(nproc)"
figure host_loadavg_at_start "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"

HTTP_PORT=$(free_port)
MGMT_PORT=$(free_port)
while [ "$MGMT_PORT" = "$HTTP_PORT" ]; do MGMT_PORT=$(free_port); done
BASE=http://127.0.0.1:$HTTP_PORT
psql "${PG[@]}" -qtAX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
log "database $DB, service on $HTTP_PORT"
env -i PATH="$PATH" HOME="${HOME:-$PWD}" LANG=C.UTF-8 \
  JDK_JAVA_OPTIONS="-Xmx$HEAP -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  QUARKUS_MAILER_MOCK=true \
  GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" GROUNDSWELL_SECRET_KEY="$SECRET_KEY" GROUNDSWELL_PUBLIC_URL="$BASE" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" \
  QUARKUS_LOG_CATEGORY__IO_QUARKUS_MAILER__LEVEL=WARN \
  sh -c 'cd "$0" && exec java -jar quarkus-run.jar' "$(dirname "$JAR")" > "$WORK/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 1800); do
  curl -sf -m 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$service_pid" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; service_pid=; die "the service exited"; }
  sleep 0.1
done
curl -sf -m 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" | grep -q '"UP"' || die "the service was not ready in 180 s"

# ---- an organiser with two campaigns -------------------------------------------------------------------------------
TOKEN=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Bench Organiser","email":"organiser@example.org"}' "$BASE/api/organisers" \
  | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || die "could not create an organiser"
# The dashboard is a console page: a session of the organiser's, written as the console stores it (the hash of its id).
SESSION=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
sql -c "INSERT INTO console_session (id_hash, email, created_at, last_seen_at)
        VALUES ('$(printf '%s' "$SESSION" | sha256sum | cut -d' ' -f1)', 'organiser@example.org', now(), now())" >/dev/null
COOKIE="Cookie: groundswell_session=$SESSION"
new_campaign() {
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"slug":"'"$1"'","title":"Dashboard bench '"$1"'","summary":"A campaign for the benchmark.","body":"Sign it.",
         "topic":"bench","goal":6000000,"status":"OPEN","steps":[{"kind":"EMAIL","title":"E-mail the regulator",
         "instructions":"Send this mail.","target":{"name":"Federal Trade Commission","email":"contact@ftc.gov"},
         "subjectTemplate":"Fair rules","messageTemplate":"Dear {target.name}, please act. {supporter.name}"}]}' \
    "$BASE/api/campaigns" || die "could not create campaign $1"
}
new_campaign empty-campaign
new_campaign loaded-campaign
LOADED_ID=$(sql -c "SELECT id FROM campaign WHERE slug = 'loaded-campaign'")

# ---- LOAD_ROWS signatures ------------------------------------------------------------------------------------------
# Over the last 30 days; 90 % confirmed, 8 % pending, 2 % held; 70 % in the US (all states and DC, districts 1-9),
# the rest in four other countries. Two sessions in parallel. The signature triggers count them as they would count
# the service's own writes; the count and the counts by place get the tally deltas that confirming would have added.
log "loading $LOAD_ROWS signatures into the loaded campaign (two sessions in parallel)"
load_start=$(date +%s%3N)
load_part() { # first last
  sql -c "INSERT INTO signature (campaign_id, name, email, country, region, district, consent_to_updates, status,
                                 created_at, confirmed_at, confirmation_sent_at)
          SELECT $LOADED_ID, 'Loaded Signer', 'loaded-' || md5(g::text) || '@example.org', c.country,
                 CASE WHEN c.country = 'US' THEN (ARRAY['AL','AK','AZ','AR','CA','CO','CT','DE','FL','GA','HI','ID','IL','IN',
                   'IA','KS','KY','LA','ME','MD','MA','MI','MN','MS','MO','MT','NE','NV','NH','NJ','NM','NY','NC','ND',
                   'OH','OK','OR','PA','RI','SC','SD','TN','TX','UT','VT','VA','WA','WV','WI','WY','DC'])[1 + (g * 7) % 51] END,
                 CASE WHEN c.country = 'US' THEN 1 + (g * 13) % 9 END, false, s.status,
                 t.created, CASE WHEN s.status = 'CONFIRMED' THEN t.created + interval '7 minutes' END, t.created
          FROM generate_series($1, $2) g
          CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 7 THEN 'US' ELSE (ARRAY['GB','DE','FR','CA'])[1 + g % 4] END AS country) c
          CROSS JOIN LATERAL (SELECT CASE WHEN g % 50 = 1 THEN 'HELD' WHEN g % 25 = 2 OR g % 25 = 3 THEN 'PENDING'
                                          ELSE 'CONFIRMED' END AS status) s
          CROSS JOIN LATERAL (SELECT now() - interval '30 days' + (g::double precision / $LOAD_ROWS) * interval '30 days'
                                     - interval '1 hour' AS created) t" >/dev/null
}
half=$(( LOAD_ROWS / 2 ))
load_part 1 "$half" &
load_pid=$!
load_part $(( half + 1 )) "$LOAD_ROWS"
wait "$load_pid" || die "loading the signatures failed"
sql -c "INSERT INTO signature_tally_delta (campaign_id, delta, country, us_state, us_district)
        SELECT campaign_id, count(*), country, region, district FROM signature
        WHERE campaign_id = $LOADED_ID AND status = 'CONFIRMED' GROUP BY 1, 3, 4, 5" >/dev/null
load_ms=$(( $(date +%s%3N) - load_start ))
log "waiting for the service to fold the counts"
expected=$(sql -c "SELECT count(*) FROM signature WHERE campaign_id = $LOADED_ID AND status = 'CONFIRMED'")
for _ in $(seq 1 600); do
  [ "$(sql -c "SELECT signature_count FROM campaign WHERE id = $LOADED_ID")" = "$expected" ] \
    && [ "$(sql -c "SELECT count(*) FROM campaign_activity_delta")" = 0 ] && break
  sleep 0.5
done
[ "$(sql -c "SELECT signature_count FROM campaign WHERE id = $LOADED_ID")" = "$expected" ] || die "the count was not folded"
sql -c "VACUUM ANALYZE" >/dev/null
figure loaded_signatures "$(sql -c "SELECT count(*) FROM signature WHERE campaign_id = $LOADED_ID")"
figure loaded_confirmed "$expected"
figure load_seconds "$(awk -v ms="$load_ms" 'BEGIN { printf "%.1f\n", ms / 1000 }')"
figure hourly_rows_loaded "$(sql -c "SELECT count(*) FROM campaign_hourly_count WHERE campaign_id = $LOADED_ID")"

# The page shows what was loaded (and the empty one nothing): a benchmark of a wrong page would mean nothing.
page=$(curl -sf -H "$COOKIE" "$BASE/organise/campaigns/loaded-campaign") || die "no loaded dashboard"
echo "$page" | grep -q "id=\"confirmed\" data-value=\"$expected\"" || die "the loaded dashboard does not show $expected confirmed"
figure dashboard_loaded_bytes "${#page}"
page=$(curl -sf -H "$COOKIE" "$BASE/organise/campaigns/empty-campaign") || die "no empty dashboard"
echo "$page" | grep -q 'id="confirmed" data-value="0"' || die "the empty dashboard does not show 0 confirmed"
figure dashboard_empty_bytes "${#page}"

# ---- measuring -------------------------------------------------------------------------------------------------------
# wrk --latency: the 50 % and 99 % lines, in milliseconds.
to_ms() { awk '{ v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                 else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f\n", v }'; }
declare -A P50=() P99=() RATE=() PARTS=()
measure() { # name slug seconds
  local out=$WORK/wrk-$1-$RANDOM.txt p50 p99 rate
  wrk -t2 -c"$CONNECTIONS" -d"$3s" --timeout 10s --latency -H "$COOKIE" \
    "$BASE/organise/campaigns/$2" > "$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
  grep -q "Non-2xx" "$out" && { cat "$out" >&2; die "the dashboard answered errors"; }
  p50=$(grep -E '^ +50%' "$out" | to_ms)
  p99=$(grep -E '^ +99%' "$out" | to_ms)
  rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out")
  P50[$1]=$(awk -v a="${P50[$1]:-0}" -v b="$p50" 'BEGIN { print a + b }')
  P99[$1]=$(awk -v a="${P99[$1]:-0}" -v b="$p99" 'BEGIN { print a + b }')
  RATE[$1]=$(awk -v a="${RATE[$1]:-0}" -v b="$rate" 'BEGIN { print a + b }')
  PARTS[$1]=$(( ${PARTS[$1]:-0} + 1 ))
  log "$1: p50 ${p50} ms, p99 ${p99} ms, ${rate}/s"
}
mean() { awk -v a="$1" -v k="$2" 'BEGIN { printf "%.2f\n", a / k }'; }

log "warming up (both dashboards, 3 rounds of 5 s each)"
for _ in 1 2 3; do
  measure warmup-empty empty-campaign 5
  measure warmup-loaded loaded-campaign 5
done
log "measuring: empty, loaded, loaded, empty (${SECONDS_PER_PART}s each, $CONNECTIONS connections)"
measure empty empty-campaign "$SECONDS_PER_PART"
measure loaded loaded-campaign "$SECONDS_PER_PART"
measure loaded loaded-campaign "$SECONDS_PER_PART"
measure empty empty-campaign "$SECONDS_PER_PART"

empty_p50=$(mean "${P50[empty]}" "${PARTS[empty]}")
empty_p99=$(mean "${P99[empty]}" "${PARTS[empty]}")
loaded_p50=$(mean "${P50[loaded]}" "${PARTS[loaded]}")
loaded_p99=$(mean "${P99[loaded]}" "${PARTS[loaded]}")
figure dashboard_empty_p50_ms "$empty_p50"
figure dashboard_empty_p99_ms "$empty_p99"
figure dashboard_empty_rate "$(mean "${RATE[empty]}" "${PARTS[empty]}")"
figure dashboard_loaded_p50_ms "$loaded_p50"
figure dashboard_loaded_p99_ms "$loaded_p99"
figure dashboard_loaded_rate "$(mean "${RATE[loaded]}" "${PARTS[loaded]}")"
p50_ratio=$(ratio "$loaded_p50" "$empty_p50")
p99_ratio=$(ratio "$loaded_p99" "$empty_p99")
figure dashboard_p50_loaded_vs_empty "$p50_ratio"
figure dashboard_p99_loaded_vs_empty "$p99_ratio"
figure dashboard_goal_within_1_2x "$(awk -v a="$p50_ratio" -v b="$p99_ratio" 'BEGIN { print (a <= 1.2 && b <= 1.2) ? "met" : "not met" }')"
figure host_loadavg_at_end "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
figure run_seconds $(( $(date +%s) - started_at ))
log "done; figures in $WORK/figures.txt"
