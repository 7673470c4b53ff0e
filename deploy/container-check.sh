#!/usr/bin/env bash
# Container check (CI, after `./mvnw -B verify` has left target/quarkus-app):
#   1. base image groundswell-base:bookworm, made from Debian's own packages (debootstrap, minbase +
#      openjdk-17-jre-headless) with the mirror apt is configured with; cached between runs on this machine
#      (the podman image, and the rootfs tarball under /var/cache/groundswell for a cheap re-import);
#   2. the project's image from src/main/docker/Dockerfile.jvm on that base;
#   3. two replicas of it started at once (podman as root, runc, host network) against a fresh database on the
#      local PostgreSQL and a throw-away SMTP sink, locked down like the Kubernetes pod (read-only root, /tmp
#      writable, all capabilities dropped, no privilege escalation, a memory limit);
#   4. checks through the containers' HTTP API and psql; prints PASS/FAIL lines; exits non-zero on failure.
# Containers, the SMTP sink and temporary files are removed however the script ends.
#
# Settings (environment): PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1/5432/postgres/none),
# GROUNDSWELL_CHECK_HTTP_PORT (first port tried, default 18080), GROUNDSWELL_BASE_REFRESH=1 (rebuild the base).
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE_DIR=/var/cache/groundswell
SUITE=bookworm
BASE_PACKAGES=openjdk-17-jre-headless
BASE_IMAGE=localhost/groundswell-base:$SUITE
BASE_TARBALL=$CACHE_DIR/groundswell-base-$SUITE-minbase-$BASE_PACKAGES.tar
IMAGE=localhost/groundswell:container-check
DATABASE=groundswell_container
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
PG_USER=${PGUSER:-postgres}
MEMORY_LIMIT_MIB=768
RUN_ID=$$
CONTAINERS=("groundswell-check-$RUN_ID-a" "groundswell-check-$RUN_ID-b")
PODMAN=(podman --runtime runc)

START=$SECONDS
PASSED=0
WORK=$(mktemp -d /tmp/groundswell-container-check.XXXXXX)
SMTP_PID=
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
  # A debootstrap that failed half-way may leave /proc, /sys, ... mounted in the new root: unmount, deepest
  # first, and never let rm cross into another file system.
  awk -v root="$WORK/rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" || true
  done
  rm -rf --one-file-system "$WORK"
  if [ "$status" -eq 0 ]; then
    echo "CONTAINER CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "CONTAINER CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

# ---- Tools -----------------------------------------------------------------------------------------
apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}
missing=()
for tool in podman buildah runc debootstrap curl jq psql; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in psql) packages+=(postgresql-client) ;; *) packages+=("$tool") ;; esac
  done
  log "installing ${packages[*]}"
  apt_install "${packages[@]}"
fi

# podman's default ulimits (nofile/nproc) cannot always be applied inside this VM: none by default.
mkdir -p /etc/containers
if [ ! -f /etc/containers/containers.conf ]; then
  printf '[containers]\ndefault_ulimits = []\n' > /etc/containers/containers.conf
elif ! grep -q '^[[:space:]]*default_ulimits' /etc/containers/containers.conf; then
  if grep -q '^\[containers\]' /etc/containers/containers.conf; then
    sed -i '/^\[containers\]/a default_ulimits = []' /etc/containers/containers.conf
  else
    printf '\n[containers]\ndefault_ulimits = []\n' >> /etc/containers/containers.conf
  fi
fi
"${PODMAN[@]}" info --format 'podman {{.Version.Version}}: storage {{.Store.GraphDriverName}}, cgroups {{.Host.CgroupsVersion}} ({{.Host.CgroupManager}}), runtime {{.Host.OCIRuntime.Name}}' \
  || fail "podman cannot run here"

[ -d target/quarkus-app ] && [ -f target/quarkus-app/quarkus-run.jar ] \
  || fail "target/quarkus-app is missing: run ./mvnw package (or verify) first"

# ---- Base image: Debian bookworm + openjdk-17-jre-headless, cached ---------------------------------------
# The Debian mirror apt uses here, from sources.list (one-line) or *.sources (deb822); first one for $SUITE.
debian_mirror() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$file" ] || continue
    awk -v suite="$SUITE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite && $i ~ /^(https?|ftp|file):/) { print $i; exit }
      }' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -r "$file" ] || continue
    awk -v suite="$SUITE" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^#/) continue
          key = tolower(substr(line, 1, index(line, ":") - 1)); value = substr(line, index(line, ":") + 1)
          if (key == "types") types = value
          else if (key == "uris") uris = value
          else if (key == "suites") suites = value
          else if (key == "enabled") enabled = value
        }
        if (enabled ~ /no/ || (" " types " ") !~ /[ \t]deb[ \t]/) next
        if ((" " suites " ") ~ ("[ \t]" suite "[ \t]")) {
          split(uris, list, /[ \t]+/)
          for (j in list) if (list[j] ~ /^(https?|ftp|file):/) { print list[j]; exit }
        }
      }' "$file"
  done
}

if [ "${GROUNDSWELL_BASE_REFRESH:-}" = 1 ]; then
  log "GROUNDSWELL_BASE_REFRESH=1: rebuilding the base image"
  "${PODMAN[@]}" rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
  rm -f "$BASE_TARBALL"
fi
phase=$SECONDS
if "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
  log "base image $BASE_IMAGE is cached"
else
  mkdir -p "$CACHE_DIR"
  if [ ! -s "$BASE_TARBALL" ]; then
    mirror=$(debian_mirror | head -n 1)
    [ -n "$mirror" ] || fail "no Debian '$SUITE' mirror found in apt's sources (/etc/apt/sources.list, /etc/apt/sources.list.d)"
    log "debootstrap $SUITE (minbase + $BASE_PACKAGES) from apt's mirror $mirror"
    if ! debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$WORK/rootfs" "$mirror" \
        > "$WORK/debootstrap.log" 2>&1; then
      tail -n 30 "$WORK/debootstrap.log"
      fail "debootstrap of the base image (log above)"
    fi
    # (java itself is run in the container below; in a bare chroot it lacks /proc to find its home)
    java_target=$(chroot "$WORK/rootfs" readlink -f /usr/bin/java) && [ -x "$WORK/rootfs$java_target" ] \
      || fail "no java on the new base's PATH (/usr/bin/java)"
    [ -s "$WORK/rootfs/etc/ssl/certs/java/cacerts" ] || fail "the new base has no Java CA certificates"
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"* "$WORK/rootfs/var/log/"*.log
    tar --numeric-owner -C "$WORK/rootfs" -cf "$BASE_TARBALL.tmp" .
    mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
    rm -rf "$WORK/rootfs"
    log "base rootfs cached as $BASE_TARBALL ($(du -h "$BASE_TARBALL" | cut -f1))"
  fi
  "${PODMAN[@]}" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --message "Debian $SUITE minbase + $BASE_PACKAGES (deploy/container-check.sh)" \
    "$BASE_TARBALL" "$BASE_IMAGE" >/dev/null
  log "imported $BASE_IMAGE"
fi
pass "base image $BASE_IMAGE ready ($((SECONDS - phase)) s)"

# ---- The project's image --------------------------------------------------------------------------------
phase=$SECONDS
previous_image=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
"${PODMAN[@]}" build --pull=never --build-arg "BASE_IMAGE=$BASE_IMAGE" -f src/main/docker/Dockerfile.jvm \
  -t "$IMAGE" . > "$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log"; fail "podman build of src/main/docker/Dockerfile.jvm"; }
# The previous run's image is now untagged: remove it so runs do not pile up images (layers stay cached).
current_image=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$IMAGE")
if [ -n "$previous_image" ] && [ "$previous_image" != "$current_image" ]; then
  "${PODMAN[@]}" rmi "$previous_image" >/dev/null 2>&1 || true
fi
user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")
ports=$("${PODMAN[@]}" image inspect --format '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' "$IMAGE")
[ "$user" = 185 ] || fail "image runs as user '$user', expected 185"
case " $ports " in *" 8080/tcp "*) ;; *) fail "image exposes '$ports', expected 8080/tcp" ;; esac
pass "image $IMAGE built from src/main/docker/Dockerfile.jvm on $BASE_IMAGE, user 185, exposes 8080 ($((SECONDS - phase)) s)"

# ---- Database, SMTP sink, ports ---------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}
pg() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }

pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL is not accepting connections at $PG_HOST:$PG_PORT"
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE" \
  || fail "could not create a fresh database $DATABASE"
pass "fresh database $DATABASE on $PG_HOST:$PG_PORT"

SMTP_PORT=$(free_port 12525)
if command -v python3 >/dev/null 2>&1; then
  cat > "$WORK/smtp-sink.py" <<'PY'
# Accepts any mail and appends the envelope and message to a file; enough SMTP for a client without auth/TLS.
import socketserver, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Session(socketserver.StreamRequestHandler):
    def reply(self, *lines):
        self.wfile.write("".join(line + "\r\n" for line in lines).encode()); self.wfile.flush()
    def handle(self):
        self.reply("220 groundswell-check SMTP sink")
        data, message = False, []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if line == ".":
                    with open(out, "a") as f: f.write("\n".join(message) + "\n.\n")
                    data, message = False, []
                    self.reply("250 OK")
                else:
                    message.append(line)
                continue
            verb = line[:4].upper()
            if verb == "EHLO": self.reply("250-groundswell-check", "250 8BITMIME")
            elif verb == "DATA": data = True; self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT": self.reply("221 Bye"); return
            else:
                if verb == "RCPT":
                    with open(out, "a") as f: f.write(line + "\n")
                self.reply("250 OK")
class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
Server(("127.0.0.1", port), Session).serve_forever()
PY
  : > "$WORK/mail.txt"
  python3 "$WORK/smtp-sink.py" "$SMTP_PORT" "$WORK/mail.txt" > "$WORK/smtp-sink.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 50); do port_free "$SMTP_PORT" || break; sleep 0.1; done
  port_free "$SMTP_PORT" && fail "the SMTP sink did not start: $(cat "$WORK/smtp-sink.log")"
  log "SMTP sink on 127.0.0.1:$SMTP_PORT"
else
  log "no python3: no SMTP sink, mail stays in the outbox (mail delivery is not checked)"
fi

PORT_A=$(free_port "${GROUNDSWELL_CHECK_HTTP_PORT:-18080}")
PORT_B=$(free_port $((PORT_A + 1)))
ADMIN_TOKEN=check-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

# ---- Two replicas at once (Flyway's advisory lock must serialise the migration) ----------------------------
run_replica() {
  local name=$1 port=$2
  "${PODMAN[@]}" run -d --name "$name" --network host \
    --read-only --tmpfs /tmp:rw,exec,nosuid,nodev,mode=1777,size=128m \
    --cap-drop ALL --security-opt no-new-privileges --memory "${MEMORY_LIMIT_MIB}m" \
    -e QUARKUS_HTTP_PORT="$port" \
    -e QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" \
    -e QUARKUS_DATASOURCE_USERNAME="$PG_USER" \
    -e QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-unused-with-trust-auth}" \
    -e QUARKUS_MAILER_HOST=127.0.0.1 \
    -e QUARKUS_MAILER_PORT="$SMTP_PORT" \
    -e QUARKUS_MAILER_FROM='Groundswell check <check@groundswell.localhost>' \
    -e QUARKUS_MAILER_LOGIN=DISABLED \
    -e QUARKUS_MAILER_START_TLS=DISABLED \
    -e GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" \
    -e GROUNDSWELL_PUBLIC_URL="http://127.0.0.1:$port" \
    "$IMAGE" > /dev/null
  STARTED_CONTAINERS+=("$name")
}

await_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + 180))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$name" 2>/dev/null)" != true ]; then
      fail "container $name stopped before it was ready"
    fi
    if curl -fsS --max-time 3 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null | jq -e '.status == "UP"' >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  fail "container $name: /q/health/ready not UP within 180 s"
}

phase=$SECONDS
run_replica "${CONTAINERS[0]}" "$PORT_A"
run_replica "${CONTAINERS[1]}" "$PORT_B"
log "started ${CONTAINERS[*]} on ports $PORT_A and $PORT_B"
await_ready "${CONTAINERS[0]}" "$PORT_A"
await_ready "${CONTAINERS[1]}" "$PORT_B"
pass "two replicas started at once on one fresh database are ready: /q/health/ready UP ($((SECONDS - phase)) s)"

migrations=$(ls src/main/resources/db/migration/V*.sql | wc -l)
history=$(pg -d "$DATABASE" -c "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")
duplicates=$(pg -d "$DATABASE" -c "SELECT count(*) FROM (SELECT version FROM flyway_schema_history GROUP BY version HAVING count(*) > 1) d")
[ "$history" = "$migrations" ] && [ "$duplicates" = 0 ] \
  || fail "flyway_schema_history has $history successful versioned rows ($duplicates duplicated), expected $migrations"
pass "Flyway applied each of the $migrations migration(s) exactly once with two replicas starting together"

for path in /q/health/live /q/health/started; do
  curl -fsS --max-time 5 "http://127.0.0.1:$PORT_A$path" | jq -e '.status == "UP"' >/dev/null || fail "$path is not UP"
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

if [ -n "$SMTP_PID" ]; then
  deadline=$((SECONDS + 30))
  until grep -qi "RCPT TO:<$email>" "$WORK/mail.txt" && \
        [ "$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE recipient = '$email' AND status = 'SENT'")" -ge 1 ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "no confirmation mail to $email reached the SMTP sink within 30 s"
    sleep 1
  done
  pass "the confirmation mail left the outbox (SENT) and reached the SMTP sink"
else
  outbox=$(pg -d "$DATABASE" -c "SELECT count(*) FROM outbox_message WHERE recipient = '$email'")
  [ "$outbox" -ge 1 ] || fail "no confirmation mail for $email in the outbox"
  pass "the confirmation mail is in the outbox (no SMTP sink to deliver to)"
fi

curl -fsS -o "$WORK/metrics.txt" "http://127.0.0.1:$PORT_B/q/metrics" || fail "/q/metrics"
grep -q '^groundswell_signatures_received_total' "$WORK/metrics.txt" \
  || fail "/q/metrics lacks groundswell_signatures_received_total"
pass "/q/metrics serves the groundswell metrics"

# ---- Graceful shutdown: readiness DOWN first, requests still served, then exit ----------------------------------
phase=$SECONDS
"${PODMAN[@]}" kill --signal TERM "${CONTAINERS[0]}" > /dev/null
ready_status=000
for _ in $(seq 1 30); do
  ready_status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT_A/q/health/ready" || true)
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
