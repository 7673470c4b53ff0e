#!/usr/bin/env bash
# Starts the packaged service (target/quarkus-app) with nothing but environment variables and checks that it
# refuses to start without an admin token or a master secret, migrates an empty database, becomes ready and records
# a signature.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
db=groundswell_jar_check
source deploy/lib/common.sh
port=$(free_port)
management_port=$(free_port)
# At least 32 characters: outside dev and test the service refuses a shorter admin token.
admin_token=jar-check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# The master secret: at least 32 random bytes in base64 (openssl rand -base64 32 makes one).
secret_key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
closed_smtp_port=$(free_port)
log=target/packaged-jar-check.log
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "FAIL packaged jar: $*"; tail -n 40 "$log" 2>/dev/null; exit 1; }

psql -h 127.0.0.1 -U postgres -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"

# The members of Congress from a file: the check runs without network, and the prod default is the publisher's URL.
legislators="file:$PWD/src/main/resources/dev/legislators.yaml"
run_env=(PATH="$PATH" HOME="${HOME:-/root}" GROUNDSWELL_CONGRESS_SOURCE="$legislators"
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db"
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=
  QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$closed_smtp_port"
  QUARKUS_MAILER_FROM="Groundswell <check@groundswell.invalid>" QUARKUS_MAILER_START_TLS=DISABLED
  GROUNDSWELL_PUBLIC_URL="http://localhost:$port" QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port")

# Without GROUNDSWELL_ADMIN_TOKEN the prod profile must refuse to start.
if env -i "${run_env[@]}" GROUNDSWELL_SECRET_KEY="$secret_key" timeout 60 java -jar "$jar" > "$log" 2>&1; then
  fail "started without GROUNDSWELL_ADMIN_TOKEN"
fi
grep -q "groundswell.admin-token" "$log" || fail "no word about the missing admin token"
echo "PASS packaged jar refuses to start without GROUNDSWELL_ADMIN_TOKEN"

# Nor with a weak one: the admin token guards everything.
if env -i "${run_env[@]}" GROUNDSWELL_SECRET_KEY="$secret_key" GROUNDSWELL_ADMIN_TOKEN=short-and-guessable timeout 60 java -jar "$jar" > "$log" 2>&1; then
  fail "started with a 19-character admin token"
fi
grep -q "at least 32 characters" "$log" || fail "no word about the admin token's length"
echo "PASS packaged jar refuses an admin token shorter than 32 characters"

# Without the master secret (links and keys derive from it), or with one of fewer than 32 bytes, neither.
if env -i "${run_env[@]}" GROUNDSWELL_ADMIN_TOKEN="$admin_token" timeout 60 java -jar "$jar" > "$log" 2>&1; then
  fail "started without GROUNDSWELL_SECRET_KEY"
fi
grep -q "GROUNDSWELL_SECRET_KEY) is not set" "$log" || fail "no word about the missing master secret"
echo "PASS packaged jar refuses to start without GROUNDSWELL_SECRET_KEY"
if env -i "${run_env[@]}" GROUNDSWELL_ADMIN_TOKEN="$admin_token" GROUNDSWELL_SECRET_KEY="$(head -c 16 /dev/urandom | base64)" \
    timeout 60 java -jar "$jar" > "$log" 2>&1; then
  fail "started with a 16-byte master secret"
fi
grep -q "at least 32 bytes; it holds 16" "$log" || fail "no word about the master secret's length"
echo "PASS packaged jar refuses a master secret shorter than 32 bytes"

# With the AppCDS archive that ./mvnw package writes (as the container image does with its own), started from
# target/quarkus-app as the README says: the archive records the class path relative to that folder.
cds=()
[ -f target/quarkus-app/app-cds.jsa ] && cds=(-XX:SharedArchiveFile=app-cds.jsa -Xshare:auto)
(cd target/quarkus-app && exec env -i "${run_env[@]}" GROUNDSWELL_ADMIN_TOKEN="$admin_token" GROUNDSWELL_LIMITS_FLOOD_BURST=50 \
  GROUNDSWELL_SECRET_KEY="$secret_key" java "${cds[@]}" \
  -jar quarkus-run.jar) > "$log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$management_port/q/health/ready" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "the service exited"
  sleep 1
done
curl -fs "http://127.0.0.1:$management_port/q/health/ready" | grep -q '"status": *"UP"' || fail "/q/health/ready is not UP"
echo "PASS packaged jar is ready (health on the management port)"
if [ "${#cds[@]}" -gt 0 ]; then
  ! grep -q "Unable to use shared archive" "$log" || fail "the JVM refused the AppCDS archive"
  echo "PASS packaged jar started with its AppCDS archive"
fi

migrations=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "SELECT count(*) FROM flyway_schema_history WHERE success")
[ "$migrations" -ge 1 ] || fail "no Flyway migration applied"
curl -fs -X POST -H "Authorization: Bearer $admin_token" "http://127.0.0.1:$port/api/admin/demo-campaigns" > /dev/null \
  || fail "loading the demo campaigns"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"name":"Jar Check","email":"jar.check@example.org","country":"GB","consentToUpdates":false}' \
  "http://127.0.0.1:$port/api/campaigns/fair-ai-regulation/signatures")
[ "$status" = 202 ] || fail "signing answered $status"
rows=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "SELECT count(*) FROM signature WHERE email = 'jar.check@example.org'")
[ "$rows" = 1 ] || fail "expected one signature row, found $rows"
mails=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "SELECT count(*) FROM outbox_message WHERE recipient = 'jar.check@example.org'")
[ "$mails" = 1 ] || fail "expected the confirmation mail in the outbox, found $mails"
echo "PASS packaged jar migrated $migrations migration(s), took a signature and queued its mail"

# The empty table got the members of GROUNDSWELL_CONGRESS_SOURCE at start (off the start-up thread: wait for it).
members=0
for _ in $(seq 1 30); do
  members=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "SELECT count(*) FROM legislator WHERE active")
  [ "$members" -gt 0 ] && break
  sleep 1
done
[ "$members" = 38 ] || fail "expected the 38 members of $legislators, found $members"
source_row=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "SELECT source FROM legislator_refresh")
[ "$source_row" = "$legislators" ] || fail "legislator_refresh names '$source_row' as the source"
echo "PASS packaged jar imported the $members members of Congress of GROUNDSWELL_CONGRESS_SOURCE into its empty table"

# The flood guard decides on the path the request is routed by: writes spelled /u/../api/... (sent as is, not
# normalised by curl) meet the 429 like any other. One curl, one connection, 200 invalid signatures (400 each).
flood_url="http://127.0.0.1:$port/u/../api/campaigns/fair-ai-regulation/signatures"
statuses=$(for _ in $(seq 1 200); do printf 'url = "%s"\noutput = "/dev/null"\n' "$flood_url"; done \
  | curl --path-as-is -s -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' -d '{}' -K - \
  | sort | uniq -c | tr -s ' ' | tr '\n' ',')
case ",$statuses" in *" 429,"*) ;; *) fail "a flood of writes to /u/../api/... met no 429 (status counts: $statuses)" ;; esac
case ",$statuses" in *" 202,"*|*" 500,"*) fail "unexpected answers to the flood (status counts: $statuses)" ;; esac
echo "PASS packaged jar refuses a flood of writes spelled through /u/.. with 429 ($statuses)"
