#!/usr/bin/env bash
# Container check (CI, after `./mvnw -B verify` has left target/quarkus-app):
#   1. base image groundswell-base:bookworm, made from Debian's own packages (debootstrap, minbase +
#      openjdk-17-jre-headless) with the mirror apt is configured with; cached between runs on this machine
#      (deploy/lib/image.sh, shared with deploy/kube-play-check.sh);
#   2. the project's image from src/main/docker/Dockerfile.jvm on that base;
#   3. two replicas of it started at once (podman as root, runc, host network) against a fresh database on the
#      local PostgreSQL and a throw-away SMTP sink, locked down like the Kubernetes pod (read-only root, /tmp
#      writable, all capabilities dropped, no privilege escalation, a memory limit);
#   4. checks through the containers' HTTP API and psql; prints PASS/FAIL lines; exits non-zero on failure.
# Containers, the SMTP sink and temporary files are removed however the script ends.
#
# Settings (environment): PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1/5432/postgres/none),
# GROUNDSWELL_BASE_REFRESH=1 (rebuild the base). The replicas listen on free ports the kernel picks.
set -euo pipefail
cd "$(dirname "$0")/.."

source deploy/lib/image.sh

IMAGE=localhost/groundswell:container-check
DATABASE=groundswell_container
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
PG_USER=${PGUSER:-postgres}
MEMORY_LIMIT_MIB=768
RUN_ID=$$
CONTAINERS=("groundswell-check-$RUN_ID-a" "groundswell-check-$RUN_ID-b")

START=$SECONDS
PASSED=0
WORK=$(mktemp -d /tmp/groundswell-container-check.XXXXXX)
SMTP_PID=
DATABASE_CREATED=
STARTED_CONTAINERS=()

log() { printf '[container-check %4ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  for name in "${STARTED_CONTAINERS[@]}"; do
    echo "---- last log lines of $name ----"
    "${PODMAN[@]}" logs --tail 60 "$name" 2>&1 || true
  done
  exit 1
}

cleanup() {
  local status=$?
  for name in "${STARTED_CONTAINERS[@]}"; do
    "${PODMAN[@]}" rm -f -t 0 "$name" >/dev/null 2>&1 || true
  done
  if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null || true; fi
  if [ -n "$DATABASE_CREATED" ]; then
    PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -q -d postgres \
      -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  unmount_rootfs
  rm -rf --one-file-system "$WORK"
  if [ "$status" -eq 0 ]; then
    echo "CONTAINER CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "CONTAINER CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

# ---- Tools, base image ------------------------------------------------------------------------------
ensure_tools podman buildah runc debootstrap curl jq psql python3
configure_podman
phase=$SECONDS
ensure_base_image
pass "base image $BASE_IMAGE ready ($((SECONDS - phase)) s)"

# ---- The project's image --------------------------------------------------------------------------------
phase=$SECONDS
build_image "$IMAGE"
pass "image $IMAGE built from src/main/docker/Dockerfile.jvm on $BASE_IMAGE, user 185, exposes 8080 and 9000 ($((SECONDS - phase)) s)"

# ---- Database, SMTP sink, ports ---------------------------------------------------------------------------
pg() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }

pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL is not accepting connections at $PG_HOST:$PG_PORT"
DATABASE_CREATED=1
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE" \
  || fail "could not create a fresh database $DATABASE"
pass "fresh database $DATABASE on $PG_HOST:$PG_PORT"

start_smtp_sink "$WORK/mail.txt"

PORT_A=$(free_port)
PORT_B=$(free_port)
MANAGEMENT_A=$(free_port)
MANAGEMENT_B=$(free_port)
ADMIN_TOKEN=check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The master secret, the same for both replicas (links signed by one verify on the other).
SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')

# ---- Two replicas at once (Flyway's advisory lock must serialise the migration) ----------------------------
run_replica() {
  local name=$1 port=$2 management=$3
  "${PODMAN[@]}" run -d --name "$name" --network host \
    --read-only --tmpfs /tmp:rw,exec,nosuid,nodev,mode=1777,size=128m \
    --cap-drop ALL --security-opt no-new-privileges --memory "${MEMORY_LIMIT_MIB}m" \
    -e QUARKUS_HTTP_PORT="$port" \
    -e QUARKUS_MANAGEMENT_PORT="$management" \
    -e QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" \
    -e QUARKUS_DATASOURCE_USERNAME="$PG_USER" \
    -e QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-unused-with-trust-auth}" \
    -e QUARKUS_MAILER_HOST=127.0.0.1 \
    -e QUARKUS_MAILER_PORT="$SMTP_PORT" \
    -e QUARKUS_MAILER_FROM='Groundswell check <check@groundswell.localhost>' \
    -e QUARKUS_MAILER_LOGIN=DISABLED \
    -e QUARKUS_MAILER_START_TLS=DISABLED \
    -e GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" \
    -e GROUNDSWELL_SECRET_KEY="$SECRET_KEY" \
    -e GROUNDSWELL_PUBLIC_URL="http://127.0.0.1:$port" \
    "$IMAGE" > /dev/null
  STARTED_CONTAINERS+=("$name")
}

await_ready() {
  local name=$1 management=$2 deadline=$((SECONDS + 180))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
      fail "container $name stopped before it was ready"
    fi
    if curl -fsS --max-time 3 "http://127.0.0.1:$management/q/health/ready" 2>/dev/null | jq -e '.status == "UP"' >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  fail "container $name: /q/health/ready not UP within 180 s"
}

phase=$SECONDS
run_replica "${CONTAINERS[0]}" "$PORT_A" "$MANAGEMENT_A"
run_replica "${CONTAINERS[1]}" "$PORT_B" "$MANAGEMENT_B"
log "started ${CONTAINERS[*]} on ports $PORT_A and $PORT_B (management $MANAGEMENT_A and $MANAGEMENT_B)"
await_ready "${CONTAINERS[0]}" "$MANAGEMENT_A"
await_ready "${CONTAINERS[1]}" "$MANAGEMENT_B"
pass "two replicas started at once on one fresh database are ready: /q/health/ready UP ($((SECONDS - phase)) s)"

migrations=$(ls src/main/resources/db/migration/V*.sql | wc -l)
history=$(pg -d "$DATABASE" -c "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")
duplicates=$(pg -d "$DATABASE" -c "SELECT count(*) FROM (SELECT version FROM flyway_schema_history GROUP BY version HAVING count(*) > 1) d")
[ "$history" = "$migrations" ] && [ "$duplicates" = 0 ] \
  || fail "flyway_schema_history has $history successful versioned rows ($duplicates duplicated), expected $migrations"
pass "Flyway applied each of the $migrations migration(s) exactly once with two replicas starting together"

for path in /q/health/live /q/health/started; do
  curl -fsS --max-time 5 "http://127.0.0.1:$MANAGEMENT_A$path" | jq -e '.status == "UP"' >/dev/null || fail "$path is not UP"
done
pass "/q/health/live and /q/health/started UP"

heap=$("${PODMAN[@]}" exec "${CONTAINERS[0]}" java -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "MaxHeapSize" { print $4 }')
limit=$((MEMORY_LIMIT_MIB * 1024 * 1024))
[ -n "$heap" ] && [ "$heap" -le $((limit * 76 / 100)) ] && [ "$heap" -ge $((limit * 50 / 100)) ] \
  || fail "JVM max heap '$heap' bytes does not follow the ${MEMORY_LIMIT_MIB} MiB container limit (MaxRAMPercentage=75)"
pass "JVM max heap $((heap / 1024 / 1024)) MiB under a ${MEMORY_LIMIT_MIB} MiB container limit"

# ---- Through the API ------------------------------------------------------------------------------------------
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT_A/api/admin/demo-campaigns")
[ "$status" = 401 ] || fail "demo-campaigns without the admin token answered $status, expected 401"
curl -fsS --max-time 30 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
  "http://127.0.0.1:$PORT_A/api/admin/demo-campaigns" > "$WORK/demo.json" || fail "loading the demo campaigns"
campaign_status=$(curl -fsS "http://127.0.0.1:$PORT_B/api/campaigns/fair-ai-regulation" | jq -r .status)
[ "$campaign_status" = OPEN ] || fail "campaign fair-ai-regulation is '$campaign_status', expected OPEN"
pass "admin token enforced; demo campaigns loaded through one replica, fair-ai-regulation OPEN through the other"
status=$(curl -s -o "$WORK/page.html" -w '%{http_code}' "http://127.0.0.1:$PORT_A/c/fair-ai-regulation")
[ "$status" = 200 ] && grep -qi '<form' "$WORK/page.html" || fail "the campaign page /c/fair-ai-regulation answered $status without a form"
pass "the public campaign page with its signing form is served"

email="container-check-$RUN_ID-$(date +%s)@example.org"
status=$(curl -s -o "$WORK/sign.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d "{\"name\":\"Container Check\",\"email\":\"$email\",\"country\":\"GB\",\"consentToUpdates\":false}" \
  "http://127.0.0.1:$PORT_B/api/campaigns/fair-ai-regulation/signatures")
[ "$status" = 202 ] || fail "signing answered $status: $(cat "$WORK/sign.json")"
rows=$(pg -d "$DATABASE" -c "SELECT count(*) FROM signature s JOIN campaign c ON c.id = s.campaign_id
  WHERE c.slug = 'fair-ai-regulation' AND s.email = '$email' AND s.status = 'PENDING'")
[ "$rows" = 1 ] || fail "expected 1 PENDING signature row for $email in $DATABASE, found $rows"
pass "signed fair-ai-regulation through the container's API (202); the signature row is in PostgreSQL"

deadline=$((SECONDS + 30))
until grep -qi "RCPT TO:<$email>" "$WORK/mail.txt" && \
      [ "$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE recipient = '$email' AND status = 'SENT'")" -ge 1 ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "no confirmation mail to $email reached the SMTP sink within 30 s"
  sleep 1
done
pass "the confirmation mail left the outbox (SENT) and reached the SMTP sink"

curl -fsS -o "$WORK/metrics.txt" "http://127.0.0.1:$MANAGEMENT_B/q/metrics" || fail "/q/metrics"
grep -q '^groundswell_signatures_received_total' "$WORK/metrics.txt" \
  || fail "/q/metrics lacks groundswell_signatures_received_total"
pass "/q/metrics serves the groundswell metrics on the management port"

# ---- Graceful shutdown: readiness DOWN first, requests still served, then exit ----------------------------------
phase=$SECONDS
"${PODMAN[@]}" kill --signal TERM "${CONTAINERS[0]}" > /dev/null
ready_status=000
for _ in $(seq 1 30); do
  ready_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$MANAGEMENT_A/q/health/ready" || true)
  [ "$ready_status" = 503 ] && break
  sleep 0.1
done
[ "$ready_status" = 503 ] || fail "after SIGTERM /q/health/ready answered $ready_status, expected 503 (shutdown delay)"
live_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT_A/api/campaigns/fair-ai-regulation")
[ "$live_status" = 200 ] || fail "during the shutdown delay the API answered $live_status, expected 200"
deadline=$((SECONDS + 45))
while [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "${CONTAINERS[0]}")" = true ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "replica did not stop within 45 s of SIGTERM"
  sleep 0.5
done
pass "on SIGTERM readiness went DOWN (503) while requests were still served; stopped after $((SECONDS - phase)) s"

log "done"
