#!/usr/bin/env bash
# Kube-play check (CI, after target/quarkus-app is built): the Kubernetes Deployment as written, running.
#   1. renders k8s/overlays/ci with `kubectl kustomize` (the base's Deployment with only the image, the ports and
#      the database/mail addresses changed: see that overlay), plus a throw-away overlay under target/ with what
#      only this run knows: free ports, the SMTP sink's port, a database of its own and a name suffix;
#   2. builds the image that overlay names, from src/main/docker/Dockerfile.jvm on the Debian-built base
#      (deploy/lib/image.sh, shared with deploy/container-check.sh);
#   3. starts the rendered objects with `podman kube play`: the pod from the Deployment's template, its
#      environment from the rendered ConfigMap (envFrom) and Secret (secretKeyRef), its securityContext, its
#      emptyDir volume and its memory limit, in a network namespace of its own that reaches this machine's
#      loopback (PostgreSQL, the SMTP sink) as 10.0.2.2;
#   4. holds the pod to what the Deployment promises: every probe's path and port answers UP (podman runs no
#      readiness or startup probes, and runs liveness as curl inside the image, which has none: the check probes
#      them from outside as the kubelet does); health is not served on the public port; the process runs as the
#      non-root user with no capabilities, the root file system is read-only and nothing was written outside the
#      pod's volumes; signing, the confirmation mail, confirming through the JSON API and the metrics work;
#   5. runs the legislator import Job that deploy/import-legislators-job.jq makes from the rendered Deployment (as a
#      Pod: podman runs no Job) and checks that it imported a small file.
# Prints PASS/FAIL lines; exits non-zero on any failure. The pod, its secrets and volumes, the SMTP sink, the
# database and the temporary files are removed however the script ends.
#
# Settings (environment): PGHOST/PGPORT/PGUSER/PGPASSWORD (default 127.0.0.1/5432/postgres/none; PostgreSQL must
# accept the pod's connections, which arrive from 127.0.0.1), KUBECTL (default: kubectl on the PATH),
# GROUNDSWELL_BASE_REFRESH=1 (rebuild the base image).
set -euo pipefail
cd "$(dirname "$0")/.."

source deploy/lib/image.sh

RUN_ID=$$
PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
PG_USER=${PGUSER:-postgres}
DATABASE=groundswell_k8s_kube_$RUN_ID
KUBECTL=${KUBECTL:-kubectl}
# Where the pod sees this machine's loopback (slirp4netns' default with allow_host_loopback=true).
HOST_FROM_POD=10.0.2.2
# Debian's own Python, where apt installs python3-yaml.
PYTHON_YAML=/usr/bin/python3

START=$SECONDS
PASSED=0
WORK=$(mktemp -d /tmp/groundswell-kube-play-check.XXXXXX)
# Inside the project: kustomize resolves an overlay's bases by relative path only.
OVERLAY=target/kube-play-check-$RUN_ID
SMTP_PID=
DATABASE_CREATED=
SECRETS=()
PODS=()
VOLUMES=()
CONTAINER=

log() { printf '[kube-play-check %4ss] %s\n' "$((SECONDS - START))" "$*"; }
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  if [ -n "$CONTAINER" ]; then
    echo "---- last log lines of $CONTAINER ----"
    "${PODMAN[@]}" logs --tail 60 "$CONTAINER" 2>&1 || true
  fi
  exit 1
}

cleanup() {
  local status=$? pod secret volume
  for pod in "${PODS[@]}"; do
    "${PODMAN[@]}" pod rm -f -t 5 "$pod" >/dev/null 2>&1 || true
  done
  for volume in "${VOLUMES[@]}"; do
    "${PODMAN[@]}" volume rm -f "$volume" >/dev/null 2>&1 || true
  done
  for secret in "${SECRETS[@]}"; do
    "${PODMAN[@]}" secret rm "$secret" >/dev/null 2>&1 || true
  done
  if [ -n "$SMTP_PID" ]; then kill "$SMTP_PID" 2>/dev/null || true; fi
  if [ -n "$DATABASE_CREATED" ]; then
    PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -q -d postgres \
      -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  unmount_rootfs
  rm -rf --one-file-system "$WORK" "$OVERLAY"
  if [ "$status" -eq 0 ]; then
    echo "KUBE-PLAY CHECK PASSED ($PASSED checks, $((SECONDS - START)) s)"
  else
    echo "KUBE-PLAY CHECK FAILED (exit $status after $((SECONDS - START)) s)"
  fi
}
trap cleanup EXIT

pg() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=${PGPASSWORD:-} psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -X -q -A -t "$@"; }

# ---- Tools, base image ----------------------------------------------------------------------------------------
ensure_tools podman buildah runc debootstrap slirp4netns curl jq psql python3
# A Python with PyYAML: the one on the PATH if it has it, else Debian's with python3-yaml.
if python3 -c 'import yaml' 2>/dev/null; then
  PYTHON_YAML=python3
elif ! "$PYTHON_YAML" -c 'import yaml' 2>/dev/null; then
  log "installing python3-yaml"
  apt_install python3 python3-yaml
fi
command -v "$KUBECTL" >/dev/null 2>&1 || fail "kubectl is needed to render k8s/overlays/ci (set KUBECTL to its path)"
configure_podman
[ -f target/quarkus-app/quarkus-run.jar ] || fail "target/quarkus-app is missing: run ./mvnw package (or verify) first"

# ---- Database, SMTP sink, ports, the rendered manifests -------------------------------------------------------
pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL is not accepting connections at $PG_HOST:$PG_PORT"
DATABASE_CREATED=1
pg -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE" \
  || fail "could not create a fresh database $DATABASE"
start_smtp_sink "$WORK/mail.txt"
HTTP_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)

mkdir -p "$OVERLAY"
cat > "$OVERLAY/kustomization.yaml" <<EOF
# Written by deploy/kube-play-check.sh for one run, removed when it ends: what only this run knows.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../k8s/overlays/ci
nameSuffix: -r$RUN_ID
configMapGenerator:
  - name: groundswell-config
    behavior: merge
    literals:
      - QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$HOST_FROM_POD:$PG_PORT/$DATABASE
      - QUARKUS_DATASOURCE_USERNAME=$PG_USER
      - QUARKUS_MAILER_PORT=$SMTP_PORT
      - QUARKUS_HTTP_PORT=$HTTP_PORT
      - QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT
      - GROUNDSWELL_PUBLIC_URL=http://127.0.0.1:$HTTP_PORT
patches:
  - target:
      kind: Deployment
    patch: |-
      - {op: test, path: /spec/template/spec/containers/0/ports/0/name, value: http}
      - {op: replace, path: /spec/template/spec/containers/0/ports/0/containerPort, value: $HTTP_PORT}
      - {op: replace, path: /spec/template/spec/containers/0/ports/0/hostPort, value: $HTTP_PORT}
      - {op: test, path: /spec/template/spec/containers/0/ports/1/name, value: management}
      - {op: replace, path: /spec/template/spec/containers/0/ports/1/containerPort, value: $MANAGEMENT_PORT}
      - {op: replace, path: /spec/template/spec/containers/0/ports/1/hostPort, value: $MANAGEMENT_PORT}
EOF
"$KUBECTL" kustomize "$OVERLAY" > "$WORK/rendered.yaml" 2> "$WORK/kustomize.err" \
  || fail "kubectl kustomize k8s/overlays/ci: $(cat "$WORK/kustomize.err")"
"$PYTHON_YAML" deploy/lib/kube-play-prep.py "$WORK/rendered.yaml" "$WORK" || fail "reading the rendered manifests"
fact() { jq -r "$1" "$WORK/facts.json"; }
IMAGE=$(fact .image)
[ "$(fact .replicasField)" = false ] || fail "the rendered Deployment sets replicas (the HorizontalPodAutoscaler owns them)"
TOKEN=$(fact .adminToken)
[ "${#TOKEN}" -ge 32 ] || fail "the ci overlay's admin token is shorter than 32 characters"
pass "k8s/overlays/ci rendered with kubectl kustomize: Deployment $(fact .deployment), image $IMAGE, ports http $HTTP_PORT and management $MANAGEMENT_PORT, no replicas field"

# ---- The image the overlay names ------------------------------------------------------------------------------
phase=$SECONDS
ensure_base_image
build_image "$IMAGE"
pass "image $IMAGE built from src/main/docker/Dockerfile.jvm on $BASE_IMAGE ($((SECONDS - phase)) s)"

# ---- podman kube play -----------------------------------------------------------------------------------------
for file in "$WORK"/secrets/*.json; do
  [ -e "$file" ] || continue
  name=$(basename "$file" .json)
  "${PODMAN[@]}" secret create "$name" "$file" >/dev/null || fail "podman secret create $name"
  SECRETS+=("$name")
done
phase=$SECONDS
# Pod and container IDs are printed under "Pod:" and "Container:"; remember them for the cleanup at once.
if ! "${PODMAN[@]}" kube play --network "slirp4netns:allow_host_loopback=true" "$WORK/play.yaml" \
    > "$WORK/play.out" 2> "$WORK/play.err"; then
  awk '/^Pod:/ { getline; print }' "$WORK/play.out" > "$WORK/pods"
  while read -r pod; do PODS+=("$pod"); done < "$WORK/pods"
  cat "$WORK/play.err"
  fail "podman kube play of the rendered manifests"
fi
while read -r pod; do PODS+=("$pod"); done < <(awk '/^Pod:/ { getline; print }' "$WORK/play.out")
[ ${#PODS[@]} -eq 1 ] || fail "expected podman kube play to start one pod, it reported ${#PODS[@]}: $(cat "$WORK/play.out")"
CONTAINER=$("${PODMAN[@]}" ps -a --filter "pod=${PODS[0]}" --format '{{.Names}}' | grep -- "-$(fact .container)\$" | head -n 1) \
  || fail "no container $(fact .container) in the pod"
while read -r volume; do [ -n "$volume" ] && VOLUMES+=("$volume"); done < <(
  "${PODMAN[@]}" inspect --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}}{{"\n"}}{{end}}{{end}}' "$CONTAINER")
log "podman kube play started pod ${PODS[0]:0:12}, container $CONTAINER"

probe_port() { fact ".probes.$1.port"; }
probe_path() { fact ".probes.$1.path"; }
probe_up() { curl -fsS --max-time 3 "http://127.0.0.1:$(probe_port "$1")$(probe_path "$1")" 2>/dev/null | jq -e '.status == "UP"' >/dev/null 2>&1; }
deadline=$((SECONDS + 180))
until probe_up startupProbe; do
  [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$CONTAINER" 2>/dev/null)" = true ] \
    || fail "container $CONTAINER stopped before it started"
  [ "$SECONDS" -lt "$deadline" ] || fail "startupProbe $(probe_path startupProbe) not UP within 180 s"
  sleep 1
done
pass "the pod started: startupProbe GET $(probe_path startupProbe) on port $(fact .probes.startupProbe.portName) ($(probe_port startupProbe)) is UP after $((SECONDS - phase)) s"
for probe in readinessProbe livenessProbe; do
  probe_up "$probe" || fail "$probe GET $(probe_path "$probe") on port $(probe_port "$probe") is not UP"
done
pass "readinessProbe GET $(probe_path readinessProbe) and livenessProbe GET $(probe_path livenessProbe) answer UP on the port they name ($(fact .probes.readinessProbe.portName), $(fact .probes.livenessProbe.portName))"
[ "$(fact .probes.readinessProbe.portName)" = management ] && [ "$(fact .probes.livenessProbe.portName)" = management ] \
  && [ "$(fact .probes.startupProbe.portName)" = management ] || fail "the probes do not use the management port"
public_health=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/q/health/ready")
public_home=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/")
[ "$public_health" = 404 ] || fail "the public port answers /q/health/ready with $public_health, expected 404 (management interface only)"
[ "$public_home" = 200 ] || fail "the public port answers / with $public_home"
pass "the public port $(fact .ports.http) serves the web pages (/ 200) but not health (/q/health/ready 404)"

# ---- As written: user, capabilities, read-only root, memory -------------------------------------------------
"${PODMAN[@]}" exec "$CONTAINER" cat /proc/1/status > "$WORK/status" || fail "reading the container's process status"
uid=$(awk '/^Uid:/ { print $2 }' "$WORK/status")
caps=$(awk '/^CapEff:/ { print $2 }' "$WORK/status")
nnp=$(awk '/^NoNewPrivs:/ { print $2 }' "$WORK/status")
host_uid=$("${PODMAN[@]}" top "$CONTAINER" huser | awk 'NR == 2 { print $1 }')
[ "$uid" = "$(fact .runAsUser)" ] && [ "$uid" != 0 ] && [ "$host_uid" = "$uid" ] \
  || fail "the service runs as uid $uid (on the host $host_uid), expected runAsUser $(fact .runAsUser), never 0"
[ "$caps" = 0000000000000000 ] || fail "the service has capabilities $caps, expected none (drop: ALL)"
[ "$nnp" = 1 ] || fail "no_new_privs is not set (allowPrivilegeEscalation: false)"
pass "the service runs as uid $uid (not root, on the host too), with no capabilities and no_new_privs"
[ "$(fact .readOnlyRootFilesystem)" = true ] \
  && [ "$("${PODMAN[@]}" inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$CONTAINER")" = true ] \
  || fail "the root file system is writable, or the Deployment does not ask for readOnlyRootFilesystem"
if "${PODMAN[@]}" exec "$CONTAINER" sh -c 'echo x > /deployments/kube-play-check' 2>/dev/null; then
  fail "the service's user could write to /deployments"
fi
"${PODMAN[@]}" exec "$CONTAINER" sh -c 'echo x > /tmp/kube-play-check && rm /tmp/kube-play-check' \
  || fail "/tmp (the emptyDir volume) is not writable"
pass "the root file system is read-only; /tmp, the pod's emptyDir volume, is writable"
memory=$("${PODMAN[@]}" inspect --format '{{.HostConfig.Memory}}' "$CONTAINER")
[ "$memory" -gt 0 ] || fail "no memory limit on the container"
pass "the memory limit $(fact .memoryLimit) is applied ($((memory / 1024 / 1024)) MiB)"

# ---- Through the API: admin token from the Secret, sign, mail, confirm ---------------------------------------
BASE_URL=http://127.0.0.1:$HTTP_PORT
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE_URL/api/admin/demo-campaigns")
[ "$status" = 401 ] || fail "demo-campaigns without the admin token answered $status, expected 401"
status=$(curl -s -o "$WORK/demo.json" -w '%{http_code}' --max-time 30 -X POST -H "Authorization: Bearer $TOKEN" "$BASE_URL/api/admin/demo-campaigns")
[ "$status" = 200 ] || [ "$status" = 201 ] || fail "loading the demo campaigns with the Secret's admin token answered $status"
pass "the admin token reaches the service from the Secret (secretKeyRef): demo campaigns loaded, 401 without it"

email="kube-play-$RUN_ID-$(date +%s)@example.org"
status=$(curl -s -o "$WORK/sign.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d "{\"name\":\"Kube Play\",\"email\":\"$email\",\"country\":\"GB\"}" \
  "$BASE_URL/api/campaigns/fair-ai-regulation/signatures")
[ "$status" = 202 ] || fail "signing answered $status: $(cat "$WORK/sign.json")"
deadline=$((SECONDS + 30))
until token=$(python3 deploy/lib/confirm-token.py "$WORK/mail.txt" "$email"); do
  [ "$SECONDS" -lt "$deadline" ] || fail "no confirmation mail to $email reached the SMTP sink within 30 s"
  sleep 0.5
done
pass "signed fair-ai-regulation (202); the confirmation mail reached the SMTP sink through the ConfigMap's mail settings"
status=$(curl -s -o "$WORK/confirm.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d "{\"token\":\"$token\"}" "$BASE_URL/api/signatures/confirm")
[ "$status" = 200 ] || fail "POST /api/signatures/confirm answered $status: $(cat "$WORK/confirm.json")"
row=$(pg -d "$DATABASE" -c "SELECT s.status FROM signature s JOIN campaign c ON c.id = s.campaign_id
  WHERE c.slug = 'fair-ai-regulation' AND s.email = '$email'")
[ "$row" = CONFIRMED ] || fail "the signature of $email is '$row' in PostgreSQL, expected CONFIRMED"
pass "confirmed with the mailed token through POST /api/signatures/confirm; the row in PostgreSQL is CONFIRMED"

curl -fsS --max-time 5 -o "$WORK/metrics.txt" "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" || fail "/q/metrics on the management port"
confirmed=$(awk '/^groundswell_signatures_confirmed_total/ { sum += $NF } END { print sum + 0 }' "$WORK/metrics.txt")
awk -v c="$confirmed" 'BEGIN { exit !(c >= 1) }' || fail "groundswell_signatures_confirmed_total is $confirmed on /q/metrics"
public_metrics=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/q/metrics")
[ "$public_metrics" = 404 ] || fail "the public port answers /q/metrics with $public_metrics, expected 404"
pass "/q/metrics on the management port (the scrape annotation's port) counts the confirmation; not served on the public port"

rss_kib=$(awk '/^VmRSS:/ { print $2 }' <("${PODMAN[@]}" exec "$CONTAINER" cat /proc/1/status))
log "resident set of the JVM after start, signing and confirming: $((rss_kib / 1024)) MiB (limit $(fact .memoryLimit))"

# ---- The README's one-off Job: the command mode in the Deployment's own pod -------------------------------------
# deploy/import-legislators-job.jq turns the rendered Deployment into the Job an operator applies; podman runs no
# Job, so its pod template runs as a Pod (restartPolicy Never), with the file from a host directory instead of the
# ConfigMap (podman 4.3 mounts no ConfigMap volumes).
phase=$SECONDS
mkdir -m 0755 "$WORK/import"
cat > "$WORK/import/legislators-current.yaml" <<'YAML'
- id: {bioguide: Z990001}
  name: {first: Kube, last: Play, official_full: Kube Play}
  terms:
    - {type: sen, state: WA, party: Independent, url: "https://example.org/kube-play"}
- id: {bioguide: Z990002}
  name: {first: Job, last: Check}
  terms:
    - {type: rep, state: WA, district: 7, party: Independent}
YAML
gzip -k "$WORK/import/legislators-current.yaml"
chmod 0644 "$WORK/import/"*
IMPORT_POD=import-legislators-r$RUN_ID
jq -f deploy/import-legislators-job.jq "$WORK/deployment.json" > "$WORK/job.json" || fail "deploy/import-legislators-job.jq"
[ "$(jq -r .kind "$WORK/job.json")" = Job ] || fail "deploy/import-legislators-job.jq made no Job"
jq --arg name "$IMPORT_POD" --arg dir "$WORK/import" '{apiVersion: "v1", kind: "Pod",
    metadata: {name: $name, labels: .spec.template.metadata.labels},
    spec: (.spec.template.spec | .volumes |= map(if .configMap.name == "legislators"
      then {name, hostPath: {path: $dir, type: "Directory"}} else . end))}' "$WORK/job.json" > "$WORK/import-pod.json"
{ cat "$WORK/configmaps.yaml"; echo '---'; cat "$WORK/import-pod.json"; } > "$WORK/import-play.yaml"
"${PODMAN[@]}" kube play --network "slirp4netns:allow_host_loopback=true" "$WORK/import-play.yaml" \
    > "$WORK/import-play.out" 2> "$WORK/import-play.err" || { cat "$WORK/import-play.err"; fail "podman kube play of the import Job's pod"; }
while read -r pod; do PODS+=("$pod"); done < <(awk '/^Pod:/ { getline; print }' "$WORK/import-play.out")
job_container=$("${PODMAN[@]}" ps -a --filter "pod=$IMPORT_POD" --format '{{.Names}}' | grep -- "-groundswell\$" | head -n 1)
[ -n "$job_container" ] || fail "no container in the import Job's pod"
while read -r volume; do [ -n "$volume" ] && VOLUMES+=("$volume"); done < <(
  "${PODMAN[@]}" inspect --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}}{{"\n"}}{{end}}{{end}}' "$job_container")
job_status=$(timeout 180 "${PODMAN[@]}" wait "$job_container") || fail "the import Job's pod did not finish within 180 s"
"${PODMAN[@]}" logs "$job_container" > "$WORK/import.log" 2>&1 || true
[ "$job_status" = 0 ] || { tail -n 30 "$WORK/import.log"; fail "the import Job's pod exited with $job_status"; }
summary=$(grep -o 'Legislators imported from .*' "$WORK/import.log" || true)
[ -n "$summary" ] || { tail -n 30 "$WORK/import.log"; fail "the import Job printed no counts"; }
imported=$(pg -d "$DATABASE" -c "SELECT count(*) FROM legislator WHERE bioguide IN ('Z990001', 'Z990002')")
[ "$imported" = 2 ] || fail "the import Job's members are not in PostgreSQL ($imported of 2)"
pass "the README's import Job (deploy/import-legislators-job.jq) ran in the Deployment's pod and exited 0: $summary ($((SECONDS - phase)) s)"

# ---- Nothing written outside the volumes ------------------------------------------------------------------------
# The container's own layer (overlay upperdir) may hold only the mount points podman itself creates.
upper=$("${PODMAN[@]}" inspect --format '{{.GraphDriver.Data.UpperDir}}' "$CONTAINER")
[ -d "$upper" ] || fail "cannot find the container's writable layer"
allowed='^/(etc|etc/hosts|etc/hostname|etc/resolv\.conf|etc/mtab|run|run/\.containerenv|run/secrets|dev|proc|sys)$'
for mount in $(fact '.volumeMounts[]'); do
  allowed="$allowed|^$(printf '%s' "$mount" | sed 's/[.[\*^$]/\\&/g')\$"
done
written=$(cd "$upper" && find . -mindepth 1 | sed 's|^\.||' | grep -Ev "$allowed" || true)
[ -z "$written" ] || fail "the container wrote outside its volumes: $(echo "$written" | head -n 20 | tr '\n' ' ')"
pass "nothing written outside the pod's volumes (podman diff: $("${PODMAN[@]}" diff "$CONTAINER" | tr '\n' ' ' | sed 's/ $//'), only podman's own mount points)"

log "done"
