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
