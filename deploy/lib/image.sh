# Sourced by deploy/container-check.sh and deploy/kube-play-check.sh (not run by itself): the Debian-built base
# image and the project's image. The caller defines log, pass, fail and WORK (a temporary directory it removes,
# after calling unmount_rootfs).
#
# The base image localhost/groundswell-base:bookworm is made from Debian's own packages (debootstrap, minbase +
# openjdk-17-jre-headless) with the mirror apt is configured with, and cached on this machine: the podman image,
# and its root file system as a tarball under /var/cache/groundswell for a cheap re-import.
# GROUNDSWELL_BASE_REFRESH=1 rebuilds it.

source deploy/lib/common.sh

CACHE_DIR=/var/cache/groundswell
SUITE=bookworm
BASE_PACKAGES=openjdk-17-jre-headless
BASE_IMAGE=localhost/groundswell-base:$SUITE
BASE_TARBALL=$CACHE_DIR/groundswell-base-$SUITE-minbase-$BASE_PACKAGES.tar
PODMAN=(podman --runtime runc)

# podman's default ulimits (nofile/nproc) cannot always be applied inside this VM: none by default.
configure_podman() {
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
}

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

ensure_base_image() {
  if [ "${GROUNDSWELL_BASE_REFRESH:-}" = 1 ]; then
    log "GROUNDSWELL_BASE_REFRESH=1: rebuilding the base image"
    "${PODMAN[@]}" rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
    rm -f "$BASE_TARBALL"
  fi
  if "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
    log "base image $BASE_IMAGE is cached"
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  if [ ! -s "$BASE_TARBALL" ]; then
    local mirror java_target
    mirror=$(debian_mirror | head -n 1)
    [ -n "$mirror" ] || fail "no Debian '$SUITE' mirror found in apt's sources (/etc/apt/sources.list, /etc/apt/sources.list.d)"
    log "debootstrap $SUITE (minbase + $BASE_PACKAGES) from apt's mirror $mirror"
    if ! debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$WORK/rootfs" "$mirror" \
        > "$WORK/debootstrap.log" 2>&1; then
      tail -n 30 "$WORK/debootstrap.log"
      fail "debootstrap of the base image (log above)"
    fi
    # (java itself is run in the container later; in a bare chroot it lacks /proc to find its home)
    java_target=$(chroot "$WORK/rootfs" readlink -f /usr/bin/java) && [ -x "$WORK/rootfs$java_target" ] \
      || fail "no java on the new base's PATH (/usr/bin/java)"
    [ -s "$WORK/rootfs/etc/ssl/certs/java/cacerts" ] || fail "the new base has no Java CA certificates"
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"* "$WORK/rootfs/var/log/"*.log
    tar --numeric-owner -C "$WORK/rootfs" -cf "$BASE_TARBALL.tmp.$$" .
    mv "$BASE_TARBALL.tmp.$$" "$BASE_TARBALL"
    rm -rf --one-file-system "$WORK/rootfs"
    log "base rootfs cached as $BASE_TARBALL ($(du -h "$BASE_TARBALL" | cut -f1))"
  fi
  "${PODMAN[@]}" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --message "Debian $SUITE minbase + $BASE_PACKAGES (deploy/lib/image.sh)" \
    "$BASE_TARBALL" "$BASE_IMAGE" >/dev/null 2>&1 || fail "podman import of $BASE_TARBALL"
  log "imported $BASE_IMAGE"
}

# build_image IMAGE: the project's image from src/main/docker/Dockerfile.jvm on the base; checks user and port.
build_image() {
  local image=$1 previous current user ports port
  [ -f target/quarkus-app/quarkus-run.jar ] || fail "target/quarkus-app is missing: run ./mvnw package (or verify) first"
  previous=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  "${PODMAN[@]}" build --pull=never --build-arg "BASE_IMAGE=$BASE_IMAGE" -f src/main/docker/Dockerfile.jvm \
    -t "$image" . > "$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log"; fail "podman build of src/main/docker/Dockerfile.jvm"; }
  # The previous run's image is now untagged: remove it so runs do not pile up images (layers stay cached).
  current=$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$image")
  if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
    "${PODMAN[@]}" rmi "$previous" >/dev/null 2>&1 || true
  fi
  user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$image")
  ports=$("${PODMAN[@]}" image inspect --format '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' "$image")
  [ "$user" = 185 ] || fail "image runs as user '$user', expected 185"
  for port in 8080/tcp 9000/tcp; do
    case " $ports " in *" $port "*) ;; *) fail "image exposes '$ports', expected 8080/tcp and 9000/tcp" ;; esac
  done
}

# A debootstrap that failed half-way may leave /proc, /sys, ... mounted in the new root: unmount, deepest first.
unmount_rootfs() {
  awk -v root="$WORK/rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
    umount -l "$mount" || true
  done
}

