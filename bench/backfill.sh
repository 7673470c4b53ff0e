#!/usr/bin/env bash
# Canonical mailboxes on a large table: the V13 migration and the service's mailbox-hash backfill on a copy of the
# surge benchmark's 5-million-row signature table, timed.
#
#   bench/backfill.sh                          # 5,000,000 rows; prints name=value lines on stdout
#   BENCH_LOAD_ROWS=200000 bench/backfill.sh   # a quick look
#
# It builds the schema as it was before V13 (the migrations numbered below 13, applied with psql), loads the rows
# as bench/surge.sh does (SQL generate_series into one campaign, no mailbox hash yet, as surge's rows have none), with
# a share of Gmail addresses: every tenth a dotted @gmail.com one, and every thousandth a @googlemail.com twin of the
# Gmail row before it (the same canonical mailbox in the same campaign). Then it starts the packaged service, which
# baselines Flyway at the last version below 13, migrates V13 at start, and backfills in the background; the script
# waits until no row is left without its canonical hash and reports how long each part took, and checks the result.
# Needs JDK 17, PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) with psql, curl. The database is dropped at
# the end unless BENCH_KEEP_DB=1; logs go to target/backfill (BENCH_WORK).
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD_ROWS=${BENCH_LOAD_ROWS:-5000000}
WORK=${BENCH_WORK:-target/backfill}
HEAP=${BENCH_HEAP:-576m}
PG=(-h 127.0.0.1 -p 5432 -U postgres)
JAR=target/quarkus-app/quarkus-run.jar
RUN=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
DB=groundswell_backfill_$RUN
ADMIN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

log() { echo "# $(date +%H:%M:%S) $*" >&2; }
die() { echo "# FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
figure() { echo "$1=$2"; echo "$1=$2" >> "$WORK/figures.txt"; }
sql() { psql "${PG[@]}" -d "$DB" -v ON_ERROR_STOP=1 -qtAX "$@"; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f\n", ms / 1000 }'; }

command -v java >/dev/null || die "JDK 17 is needed"
command -v psql >/dev/null || die "psql is needed"
command -v curl >/dev/null || die "curl is needed"
pg_isready "${PG[@]}" -q || die "PostgreSQL is not answering on 127.0.0.1:5432"
rm -rf "$WORK"
mkdir -p "$WORK"
: > "$WORK/figures.txt"

service_pid=
cleanup() {
  local status=$?
  set +e
  if [ -n "$service_pid" ]; then
    kill -TERM "$service_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$service_pid" 2>/dev/null
  fi
  wait 2>/dev/null
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    for _ in $(seq 1 30); do
      psql "${PG[@]}" -qtAX -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 && break
      sleep 1
    done
  else
    log "kept database $DB"
  fi
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

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    log "building the package (./mvnw -q package -DskipTests)"
    ./mvnw -q package -DskipTests >&2
  fi
fi
[ -f "$JAR" ] || die "no $JAR"

figure git_commit "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
figure host_cores "$(nproc)"
figure host_loadavg_at_start "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"

# ---- the schema before V13 ---------------------------------------------------------------------------------------
psql "${PG[@]}" -qtAX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
baseline=0
for file in $(ls src/main/resources/db/migration/V*__*.sql | sort -t V -k 2 -n); do
  version=$(basename "$file" | sed 's/^V\([0-9]*\)__.*/\1/')
  [ "$version" -lt 13 ] || continue
  sql -f "$file" >/dev/null
  baseline=$version
done
log "schema of V$baseline in $DB"
figure schema_before "V$baseline"

sql -c "INSERT INTO organiser (name, email, token_hash) VALUES ('Bench', 'bench@example.org', md5('$RUN'))" >/dev/null
CAMPAIGN_ID=$(sql -c "INSERT INTO campaign (organiser_id, slug, title, summary, body, topic, goal, status)
                      SELECT id, 'backfill-bench', 'Backfill bench', 's', 'b', 'bench', 1000, 'OPEN' FROM organiser
                      RETURNING id")

# ---- the rows, as bench/surge.sh loads them (two sessions), with Gmail addresses among them ----------------------
log "loading $LOAD_ROWS signatures"
load_start=$(now_ms)
half_rows=$(( LOAD_ROWS / 2 ))
load_part() { # first last
  sql -c "INSERT INTO signature (campaign_id, name, email, country, consent_to_updates, status,
                                 created_at, confirmed_at, confirmation_sent_at)
          SELECT $CAMPAIGN_ID, 'Loaded Signer',
                 CASE WHEN g % 10 = 0 THEN 'l.o.a.d.e.d' || md5(g::text) || '@gmail.com'
                      WHEN g % 1000 = 1 AND g > 1 THEN 'loaded' || md5((g - 1)::text) || '@googlemail.com'
                      ELSE 'loaded-' || md5(g::text) || '@example.org' END,
                 'GB', false, CASE WHEN g % 1000 = 1 AND g > 1 THEN 'PENDING' ELSE 'CONFIRMED' END,
                 now() - interval '2 days', CASE WHEN g % 1000 = 1 AND g > 1 THEN NULL ELSE now() - interval '1 day' END,
                 now() - interval '2 days'
          FROM generate_series($1, $2) g" >/dev/null
}
load_part 1 "$half_rows" &
load_pid=$!
load_part $(( half_rows + 1 )) "$LOAD_ROWS"
wait "$load_pid" || die "loading the signatures failed"
figure load_seconds "$(seconds $(( $(now_ms) - load_start )))"
sql -c "VACUUM ANALYZE signature" >/dev/null
twins=$(sql -c "SELECT count(*) FROM signature WHERE email LIKE '%@googlemail.com'")
figure loaded_signatures "$(sql -c "SELECT count(*) FROM signature")"
figure loaded_gmail_dotted "$(sql -c "SELECT count(*) FROM signature WHERE email LIKE '%@gmail.com'")"
figure loaded_googlemail_twins "$twins"

# ---- the service: V13 at start, then the backfill ----------------------------------------------------------------
HTTP_PORT=$(free_port)
MGMT_PORT=$(free_port)
log "starting the service (Flyway baselines at V$baseline and migrates V13)"
started=$(now_ms)
env -i PATH="$PATH" HOME="${HOME:-$PWD}" LANG=C.UTF-8 \
  JDK_JAVA_OPTIONS="-Xmx$HEAP -XX:+UseSerialGC" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  QUARKUS_FLYWAY_BASELINE_ON_MIGRATE=true QUARKUS_FLYWAY_BASELINE_VERSION="$baseline" \
  QUARKUS_MAILER_MOCK=true GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" \
  GROUNDSWELL_CONGRESS_IMPORT_BUNDLED_ON_START=false \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" QUARKUS_SHUTDOWN_DELAY=0S \
  sh -c 'cd "$0" && exec java -jar quarkus-run.jar' "$(dirname "$JAR")" > "$WORK/service.log" 2>&1 &
service_pid=$!
while ! curl -sf -m 2 "http://127.0.0.1:$MGMT_PORT/q/health/ready" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "$service_pid" 2>/dev/null || { tail -n 40 "$WORK/service.log" >&2; service_pid=; die "the service exited"; }
  [ $(( $(now_ms) - started )) -lt 1800000 ] || die "not ready in 30 minutes"
  sleep 0.2
done
ready_ms=$(( $(now_ms) - started ))
figure ready_after_migration_seconds "$(seconds "$ready_ms")"
migration=$(grep -o 'Successfully applied 1 migration.*' "$WORK/service.log" | head -n 1 || true)
figure flyway_v13 "\"$migration\""

log "waiting for the backfill"
while [ "$(sql -c "SELECT count(*) FROM (SELECT 1 FROM signature WHERE email IS NOT NULL AND (mailbox_hash IS NULL OR mailbox_rehash) LIMIT 1) x")" != 0 ]; do
  kill -0 "$service_pid" 2>/dev/null || die "the service exited"
  [ $(( $(now_ms) - started )) -lt 7200000 ] || die "the backfill did not end in 2 hours"
  sleep 1
done
done_ms=$(( $(now_ms) - started ))
for _ in $(seq 1 50); do grep -q 'Mailbox hashes written' "$WORK/service.log" && break; sleep 0.2; done
figure backfill_log "\"$(grep -o 'Mailbox hashes written.*' "$WORK/service.log" | head -n 1)\""
figure migration_and_backfill_seconds "$(seconds "$done_ms")"
figure backfill_after_ready_seconds "$(seconds $(( done_ms - ready_ms )))"

# ---- the result ----------------------------------------------------------------------------------------------------
remaining=$(sql -c "SELECT count(*) FROM signature")
figure signatures_after "$remaining"
[ "$remaining" = $(( LOAD_ROWS - twins )) ] || die "expected $(( LOAD_ROWS - twins )) signatures after merging the twins, found $remaining"
[ "$(sql -c "SELECT count(*) FROM signature WHERE email LIKE '%@googlemail.com'")" = 0 ] || die "a googlemail twin is left"
[ "$(sql -c "SELECT count(*) FROM signature WHERE mailbox_hash IS NULL")" = 0 ] || die "a row without its hash is left"
[ "$(sql -c "SELECT count(DISTINCT mailbox_hash) FROM signature")" = "$remaining" ] || die "mailbox hashes are not one per row"
figure host_loadavg_at_end "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')"
log "done; figures in $WORK/figures.txt"
