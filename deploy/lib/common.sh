# Sourced by the deploy checks (not run by itself), from the project root: installing missing tools, free ports,
# the SMTP sink. The caller defines log and fail, and WORK (a temporary directory it removes).

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq -o DPkg::Lock::Timeout=300; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}

# ensure_tools TOOL...: installs the Debian package of each missing command.
ensure_tools() {
  local tool packages=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case "$tool" in
      psql | pg_isready) packages+=(postgresql-client) ;;
      java) packages+=(openjdk-17-jre-headless) ;;
      *) packages+=("$tool") ;;
    esac
  done
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]}"
    apt_install "${packages[@]}"
  fi
}

# A free TCP port on 127.0.0.1, chosen by the kernel (from the ephemeral range, so never 8080 or 9000).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_smtp_sink FILE: starts deploy/lib/smtp-sink.py on a free port; sets SMTP_PORT and SMTP_PID. The sink speaks
# plain SMTP without STARTTLS, which the service requires by default outside dev and test: a service sending to it
# needs QUARKUS_MAILER_START_TLS=DISABLED.
start_smtp_sink() {
  local file=$1
  : > "$file"
  SMTP_PORT=$(free_port)
  python3 deploy/lib/smtp-sink.py "$SMTP_PORT" "$file" > "$WORK/smtp-sink.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 50); do port_free "$SMTP_PORT" || break; sleep 0.1; done
  port_free "$SMTP_PORT" && fail "the SMTP sink did not start: $(cat "$WORK/smtp-sink.log")"
  log "SMTP sink on 127.0.0.1:$SMTP_PORT"
}

# start_packaged_service NAME [VAR=value...]: the packaged service (target/quarkus-app) in the background, with the
# environment only (nothing inherited but PATH and HOME): on 127.0.0.1:$HTTP_PORT (management $MANAGEMENT_PORT), the
# database $DATABASE, the plain SMTP server on $SMTP_PORT, $SECRET_KEY and $ADMIN_TOKEN; each VAR=value given after
# the name is added (or overrides). Its output goes to $WORK/service-NAME.log; sets SERVICE_PID.
start_packaged_service() {
  local name=$1
  shift
  env -i PATH="$PATH" HOME="${HOME:-/root}" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DATABASE" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$SMTP_PORT" QUARKUS_MAILER_START_TLS=DISABLED \
    GROUNDSWELL_SECRET_KEY="$SECRET_KEY" \
    GROUNDSWELL_ADMIN_TOKEN="$ADMIN_TOKEN" GROUNDSWELL_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" \
    "$@" \
    sh -c 'cd target/quarkus-app && exec java -Xmx512m -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto -jar quarkus-run.jar' \
    > "$WORK/service-$name.log" 2>&1 &
  SERVICE_PID=$! # sh execs java: the same process
}

# await_service_ready: waits up to 90 s for the readiness check of the service started last; fails if it exits.
await_service_ready() {
  for _ in $(seq 1 450); do
    curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" > /dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || fail "the service exited"
    sleep 0.2
  done
  fail "the service was not ready within 90 s"
}
