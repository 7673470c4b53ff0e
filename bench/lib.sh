# Sourced by the benchmarks (not run by itself), from the project root. The caller defines figure, log and die, PG
# (psql's connection options) and DB.

# container_jvm_opts HEAP: the JVM flags the container image runs the service with (src/main/docker/Dockerfile.jvm:
# JDK_JAVA_OPTIONS and the ENTRYPOINT's flags), with the heap that -XX:MaxRAMPercentage=75 gives in the pod's 768 MiB
# set explicitly, and the Serial collector the JVM picks below 1792 MiB unless the image names one; paths under
# /deployments/ made relative (the JVM starts in target/quarkus-app, as the image's in /deployments).
container_jvm_opts() {
  local heap=$1 dockerfile=src/main/docker/Dockerfile.jvm image_opts entry entry_opts= in_java=0 part opt opts= has_gc=0
  image_opts=$(sed -n "s/.*JDK_JAVA_OPTIONS=['\"]\([^'\"]*\)['\"].*/\1/p" "$dockerfile" 2>/dev/null | head -n 1)
  [ -n "$image_opts" ] || image_opts="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
  entry=$(sed -n 's/^ENTRYPOINT[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p' "$dockerfile" 2>/dev/null | tail -n 1)
  if [ -n "$entry" ]; then
    local entry_parts
    IFS=',' read -ra entry_parts <<< "$entry"
    for part in "${entry_parts[@]}"; do
      part=$(echo "$part" | sed 's/^[[:space:]]*"//; s/"[[:space:]]*$//')
      case "$part" in
        java|*/java) in_java=1 ;;
        -jar) in_java=0 ;;
        *) [ "$in_java" = 1 ] && entry_opts="$entry_opts $part" ;;
      esac
    done
  fi
  for opt in $image_opts $entry_opts; do
    case "$opt" in
      -XX:MaxRAMPercentage=*|-XX:InitialRAMPercentage=*|-XX:MinRAMPercentage=*|-XX:MaxRAM=*|-Xmx*|-Xms*) continue ;;
      -XX:+Use*GC) has_gc=1 ;;
    esac
    opts="$opts ${opt//\/deployments\//}"
  done
  [ "$has_gc" = 1 ] || opts="$opts -XX:+UseSerialGC"
  echo "-Xmx$heap$opts"
}

# take_port NAME: sets NAME to a port nothing listens on (checked by connecting; never 8080 or 9000) that no earlier
# take_port of this run chose.
taken_ports=" "
take_port() {
  local port
  while true; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    case "$taken_ports" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken_ports="$taken_ports$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
}

# ensure_wrk_and_postgres: installs wrk with apt-get when missing; dies unless PostgreSQL answers on 127.0.0.1:5432.
ensure_wrk_and_postgres() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 wrk >/dev/null \
      || die "cannot install wrk"
  fi
  pg_isready "${PG[@]}" -q || die "PostgreSQL is not answering on 127.0.0.1:5432"
}

# terminate_service PID: asks the service to stop (TERM), gives it 10 s, then kills it; nothing for an empty PID.
terminate_service() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
}

# drop_database: drops the run's database $DB unless BENCH_KEEP_DB=1; tried for a while, as the server may be
# restarting (tests of others on a shared machine restart it).
drop_database() {
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    for _ in $(seq 1 30); do
      psql "${PG[@]}" -qtAX -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 && break
      sleep 1
    done
  else
    log "kept database $DB"
  fi
}
