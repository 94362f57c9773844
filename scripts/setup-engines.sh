#!/usr/bin/env bash
# Installs and starts the real engines that secpol's end-to-end tests run the compiled artifacts on:
# Docker (dockerd 20.10 + docker-compose 1.29), runc, Podman 4.3 (`kube play`, with runc),
# apparmor_parser, and a qemu VM whose Debian cloud kernel enforces AppArmor. Idempotent: a second
# run only checks and prints the summary.
# docs/engines.md says what it installs and starts, and how the end-to-end tests use it.
#
#   bash scripts/setup-engines.sh          install what is missing, start dockerd if needed, build
#                                          the test image (also into podman's store), the runc
#                                          rootfs and the VM's initramfs
#   bash scripts/setup-engines.sh --stop   stop the dockerd this script started (and nothing else)
#
# Everything it makes lives in .engines/ (git-ignored). It only ever stops a process whose pid it
# recorded there itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.engines"

# The project pins Debian's own clients: a fresh CI machine has exactly these, and the Docker CLI
# matches the daemon's API (a newer CLI elsewhere on PATH would only negotiate down to it).
DOCKER="${SECPOL_DOCKER:-/usr/bin/docker}"
DOCKERD="${SECPOL_DOCKERD:-/usr/sbin/dockerd}"
COMPOSE="${SECPOL_DOCKER_COMPOSE:-/usr/bin/docker-compose}"
RUNC="${SECPOL_RUNC:-/usr/sbin/runc}"
APPARMOR_PARSER="${SECPOL_APPARMOR_PARSER:-/usr/sbin/apparmor_parser}"
QEMU="${SECPOL_QEMU:-/usr/bin/qemu-system-x86_64}"
PODMAN="${SECPOL_PODMAN:-/usr/bin/podman}"
BUSYBOX=/bin/busybox # from busybox-static: the rootfs, the image and the VM need a static one
IMAGE=secpol-test/busybox:1
SERVERS_IMAGE=secpol-test/servers:1
# Outside the clone: a CI run in a fresh clone on the same machine reuses the servers image's tarball.
SERVERS_CACHE="${SECPOL_CACHE:-/var/cache/secpol}"

# ENGINES.md's list, plus what this script itself needs on a bare machine: iproute2/iptables/kmod
# for dockerd's bridge, gcc/libc6-dev to build the static probe, and the kernel headers that
# scripts/gen-data.mjs reads syscall prototypes from (test/data/generated-drift.test.ts runs it):
# linux-headers-6.1.0-NN-common, where NN, Debian's ABI number, moves with each kernel update. Keep the
# one installed, else take the newest apt knows (before the first `apt-get update`, the meta package
# that depends on it).
KERNEL_HEADERS="$({ dpkg-query -W -f='${db:Status-Status} ${Package}\n' 'linux-headers-6.1.0-*-common' 2>/dev/null || true; } |
  awk '$1 == "installed" { print $2 }' | sort -V | tail -n 1)"
: "${KERNEL_HEADERS:=$(apt-cache search --names-only '^linux-headers-6\.1\.0-[0-9]+-common$' 2>/dev/null | cut -d' ' -f1 | sort -V | tail -n 1)}"
: "${KERNEL_HEADERS:=linux-headers-amd64}"
# podman's pause process for `kube play` is catatonit, only a Recommends of podman.
# `secpol learn` and its tests: debootstrap builds the servers image, strace is the default recorder,
# redis-tools and curl drive the servers from the host (inside their network namespace, with nsenter).
PACKAGES=(docker.io docker-compose runc crun apparmor busybox-static seccomp qemu-system-x86
  linux-image-cloud-amd64 cpio iproute2 iptables kmod gcc libc6-dev podman catatonit "$KERNEL_HEADERS"
  debootstrap strace redis-tools curl)

DOCKERD_TIMEOUT=60 # seconds to wait for `docker info` after starting dockerd

say() { printf 'secpol engines: %s\n' "$*"; }
die() { printf 'secpol engines: ERROR: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum "$@" | cut -c1-64; }

# ---------------------------------------------------------------------------------------------
# Packages

package_missing() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" != installed ]]
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do package_missing "$p" && missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing ${missing[*]} (log: .engines/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh VM may still be running its first unattended apt job: wait for the lock, not fail.
  local lock=(-o DPkg::Lock::Timeout=300)
  if ! { apt-get "${lock[@]}" update && apt-get "${lock[@]}" install -y --no-install-recommends "${missing[@]}"; } \
    >"$STATE/apt.log" 2>&1; then
    tail -n 40 "$STATE/apt.log" >&2
    die "apt-get failed; see .engines/apt.log"
  fi
}

# ---------------------------------------------------------------------------------------------
# The static probe: scripts/lib/probe.c -> .engines/probe (/bin/secpol-probe in images and VM)

build_probe() {
  local src="$ROOT/scripts/lib/probe.c" want
  want="$(sha "$src")"
  if [[ -x "$STATE/probe" && "$(cat "$STATE/probe.src-sha256" 2>/dev/null)" == "$want" ]]; then
    return 0
  fi
  cc -static -O2 -Wall -Wextra -Werror -o "$STATE/probe.tmp" "$src"
  mv "$STATE/probe.tmp" "$STATE/probe"
  printf '%s\n' "$want" >"$STATE/probe.src-sha256"
  say "built .engines/probe"
}

# ---------------------------------------------------------------------------------------------
# Busybox rootfs: shared by the Docker image and runc bundles

PASSWD='root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/sbin/nologin
app:x:101:101:secpol test user:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
'
GROUP='root:x:0:
daemon:x:1:
app:x:101:
nogroup:x:65534:
'
ROOTFS_LAYOUT=1 # bump when the layout below changes, to rebuild rootfs and image

rootfs_id() {
  { sha "$BUSYBOX" "$STATE/probe"; printf '%s%s%s' "$PASSWD" "$GROUP" "$ROOTFS_LAYOUT"; } | sha | cut -c1-16
}

# Fills folder $1 with busybox, its applet links, the probe and the users.
populate_busybox_root() {
  local dir="$1" applet
  mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,run,var/tmp,root,home/app,tmp}
  cp "$BUSYBOX" "$dir/bin/busybox"
  cp "$STATE/probe" "$dir/bin/secpol-probe"
  while read -r applet; do
    [[ -e "$dir/$applet" || -L "$dir/$applet" ]] || ln -s /bin/busybox "$dir/$applet"
  done < <("$BUSYBOX" --list-full)
  printf '%s' "$PASSWD" >"$dir/etc/passwd"
  printf '%s' "$GROUP" >"$dir/etc/group"
  chmod 1777 "$dir/tmp" "$dir/var/tmp"
  chmod 700 "$dir/root"
  chown 101:101 "$dir/home/app"
}

build_rootfs() {
  local id
  id="$(rootfs_id)"
  if [[ "$(cat "$STATE/rootfs/.secpol-rootfs-id" 2>/dev/null)" == "$id" ]]; then return 0; fi
  rm -rf "$STATE/rootfs.tmp"
  populate_busybox_root "$STATE/rootfs.tmp"
  printf '%s\n' "$id" >"$STATE/rootfs.tmp/.secpol-rootfs-id"
  rm -rf "$STATE/rootfs"
  mv "$STATE/rootfs.tmp" "$STATE/rootfs"
  say "built .engines/rootfs ($id)"
}

# ---------------------------------------------------------------------------------------------
# dockerd

docker_answers() { timeout 10 "$DOCKER" info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

# Prints the pid in file $1 if that process is alive and runs dockerd.
live_dockerd_pid() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == dockerd ]] || return 1
  printf '%s\n' "$pid"
}

DOCKERD_ORIGIN="already running"

start_dockerd() {
  if docker_answers; then return 0; fi
  local pid
  if pid="$(live_dockerd_pid /var/run/docker.pid)"; then
    # Someone else's dockerd is starting or stuck: wait for it, never start a second one.
    say "dockerd (pid $pid, not started here) does not answer yet; waiting"
    DOCKERD_ORIGIN="started elsewhere, pid $pid"
  else
    say "starting dockerd (log: .engines/dockerd.log)"
    # setsid: dockerd must outlive this script and the CI step's process group.
    setsid "$DOCKERD" >>"$STATE/dockerd.log" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$STATE/dockerd.pid"
    DOCKERD_ORIGIN="started here, pid $pid"
  fi
  local deadline=$((SECONDS + DOCKERD_TIMEOUT))
  until docker_answers; do
    if [[ ! -d "/proc/$pid" ]]; then
      tail -n 30 "$STATE/dockerd.log" >&2 || true
      die "dockerd exited; see .engines/dockerd.log"
    fi
    ((SECONDS < deadline)) || die "dockerd did not answer \`docker info\` within ${DOCKERD_TIMEOUT}s"
    sleep 0.5
  done
}

stop_dockerd() {
  local pid
  if ! pid="$(live_dockerd_pid "$STATE/dockerd.pid")"; then
    say "no dockerd started by this script is running; nothing to stop"
    rm -f "$STATE/dockerd.pid"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while [[ -d "/proc/$pid" ]] && ((SECONDS < deadline)); do sleep 0.5; done
  [[ -d "/proc/$pid" ]] && die "dockerd (pid $pid) still running 30s after SIGTERM"
  rm -f "$STATE/dockerd.pid"
  say "stopped dockerd (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# The busybox test image, made with `docker import` (no registry is reachable)

import_image() {
  local id have old
  id="$(cat "$STATE/rootfs/.secpol-rootfs-id")"
  have="$("$DOCKER" image inspect -f '{{index .Config.Labels "secpol.rootfs"}}' "$IMAGE" 2>/dev/null || true)"
  [[ "$have" == "$id" ]] && return 0
  old="$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  tar --numeric-owner -C "$STATE/rootfs" --exclude=./.secpol-rootfs-id -cf - . |
    "$DOCKER" import --change "LABEL secpol.rootfs=$id" --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  # The previous build of our own image, now untagged; keep it if a container still uses it.
  if [[ -n "$old" ]]; then "$DOCKER" image rm "$old" >/dev/null 2>&1 || true; fi
  say "imported $IMAGE ($id)"
}

# Starts busybox httpd in the test image with a port published on 127.0.0.1 and fetches a page
# through it: proves the bridge, iptables NAT and docker-proxy path that the tests rely on.
check_port_publish() {
  local cid port reply="" deadline
  cid="$("$DOCKER" run -d --rm -p 127.0.0.1::8080 "$IMAGE" \
    sh -c 'mkdir -p /tmp/w && echo secpol-publish-ok >/tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w')"
  port="$("$DOCKER" port "$cid" 8080/tcp | head -n 1 | sed 's/.*://')"
  deadline=$((SECONDS + 15))
  while ((SECONDS < deadline)); do
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
    reply="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "GET / HTTP/1.0\r\n\r\n" >&3; cat <&3' _ "$port" 2>/dev/null || true)"
    [[ "$reply" == *secpol-publish-ok* ]] && break
    sleep 0.3
  done
  "$DOCKER" rm -f "$cid" >/dev/null 2>&1 || true
  [[ "$reply" == *secpol-publish-ok* ]] ||
    die "a container published on 127.0.0.1:$port did not answer; check iptables and the docker0 bridge (.engines/dockerd.log)"
  PUBLISH_CHECK="publish 127.0.0.1:$port ok"
}

# ---------------------------------------------------------------------------------------------
# The servers image: real Debian servers (redis-server, nginx-light) for `secpol learn`'s
# end-to-end tests, built with debootstrap from Debian's packages (no registry) and imported with
# `docker import`. The tarball is cached in $SERVERS_CACHE under the hash of the recipe below, and
# the image is labelled with that hash: a run whose image carries the key does nothing, one that
# finds the tarball only imports it, and only a new recipe (or a new machine) runs debootstrap.

SERVERS_PACKAGES=redis-server,redis-tools,nginx-light
SERVERS_LAYOUT=1 # bump when the recipe below changes

# The release to bootstrap: the host's own (its apt configuration names a mirror for it).
host_codename() { (. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}"); }

# The URI of the first enabled `deb` source for suite $1 with component main, from the machine's own
# apt configuration (one-line .list files and deb822 .sources files): no mirror is written here.
apt_mirror() {
  local suite="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    # deb [options] URI SUITE COMPONENT...
    awk -v suite="$suite" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) != suite) next
        for (j = i + 2; j <= NF; j++) if ($j == "main") { print $i; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    # deb822 stanzas, separated by blank lines; fields are case-insensitive.
    awk -v suite="$suite" 'function flush() {
          if (types ~ /(^| )deb( |$)/ && suites ~ ("(^| )" suite "( |$)") && comps ~ /(^| )main( |$)/ && enabled !~ /^no$/) { split(uris, u, " "); print u[1]; found = 1 }
          types = suites = comps = uris = enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); if (found) exit; next }
        { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ /, "")
          if (key == "types") types = $0; else if (key == "suites") suites = $0
          else if (key == "components") comps = $0; else if (key == "uris") uris = $0
          else if (key == "enabled") enabled = tolower($0) }
        END { if (!found) flush() }' "$f"
  done | head -n 1
}

servers_id() {
  { host_codename; printf '\n%s\n%s\n' "$SERVERS_PACKAGES" "$SERVERS_LAYOUT"; sha "$STATE/probe"; } | sha | cut -c1-16
}

build_servers_image() {
  local id have codename mirror tarball stage started old
  id="$(servers_id)"
  have="$("$DOCKER" image inspect -f '{{index .Config.Labels "secpol.servers"}}' "$SERVERS_IMAGE" 2>/dev/null || true)"
  [[ "$have" == "$id" ]] && return 0
  tarball="$SERVERS_CACHE/servers-$id.tar"
  if [[ ! -s "$tarball" ]]; then
    codename="$(host_codename)"
    [[ -n "$codename" ]] || die "no VERSION_CODENAME in /etc/os-release: cannot tell which Debian release to bootstrap"
    mirror="$(apt_mirror "$codename")"
    [[ -n "$mirror" ]] || die "no enabled \`deb\` source for $codename main in /etc/apt/sources.list or /etc/apt/sources.list.d/: debootstrap needs a mirror"
    started=$SECONDS
    stage="$STATE/servers-root"
    rm -rf "$stage"
    say "building $SERVERS_IMAGE with debootstrap ($codename: $SERVERS_PACKAGES; log: .engines/debootstrap.log)"
    if ! debootstrap --variant=minbase --include="$SERVERS_PACKAGES" "$codename" "$stage" "$mirror" >"$STATE/debootstrap.log" 2>&1; then
      tail -n 30 "$STATE/debootstrap.log" >&2
      die "debootstrap failed; see .engines/debootstrap.log"
    fi
    # What a server never needs in an image: downloaded packages, apt's lists, documentation.
    rm -rf "$stage"/var/cache/apt/archives/*.deb "$stage"/var/lib/apt/lists/* "$stage"/usr/share/{doc,man,info,locale}/*
    cp "$STATE/probe" "$stage/bin/secpol-probe"
    # A page with known content for the nginx tests (the default site serves /var/www/html).
    printf 'secpol-nginx-ok\n' >"$stage/var/www/html/secpol.txt"
    mkdir -p "$SERVERS_CACHE"
    tar --numeric-owner -C "$stage" -cf "$tarball.tmp" . || die "could not tar the servers root into $tarball"
    mv "$tarball.tmp" "$tarball"
    rm -rf "$stage"
    SERVERS_BUILT="built in $((SECONDS - started))s"
  fi
  old="$("$DOCKER" image inspect -f '{{.Id}}' "$SERVERS_IMAGE" 2>/dev/null || true)"
  "$DOCKER" import --change "LABEL secpol.servers=$id" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' - "$SERVERS_IMAGE" <"$tarball" >/dev/null || die "docker import of $tarball failed"
  if [[ -n "$old" ]]; then "$DOCKER" image rm "$old" >/dev/null 2>&1 || true; fi
  say "imported $SERVERS_IMAGE ($id, ${SERVERS_BUILT:-from the cached $tarball})"
}

# ---------------------------------------------------------------------------------------------
# Podman: `kube play` runs Kubernetes manifests with runc. The tests point CONTAINERS_CONF at
# .engines/podman/containers.conf, so podman reads no other containers.conf (neither /etc/containers'
# nor /usr/share/containers'). It has its own image store (/var/lib/containers/storage), into which
# the test image is loaded from Docker's.

PODMAN_CONF="$STATE/podman/containers.conf"
# Podman's default ulimits (nofile and nproc 1048576, as root) are above this kind of VM's hard
# limits, and runc then fails with "error setting rlimit type 7: operation not permitted". Its default
# runtime is crun, which refuses the hybrid cgroups; the tests also pass `--runtime runc`.
PODMAN_CONF_TEXT='# Written by scripts/setup-engines.sh; the end-to-end tests run podman with CONTAINERS_CONF=this file.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
'

podman() { CONTAINERS_CONF="$PODMAN_CONF" "$PODMAN" "$@"; }

write_podman_conf() {
  [[ "$(cat "$PODMAN_CONF" 2>/dev/null)"$'\n' == "$PODMAN_CONF_TEXT" ]] && return 0
  mkdir -p "$(dirname "$PODMAN_CONF")"
  printf '%s' "$PODMAN_CONF_TEXT" >"$PODMAN_CONF.tmp"
  mv "$PODMAN_CONF.tmp" "$PODMAN_CONF"
  say "wrote .engines/podman/containers.conf"
}

# `hostUsers: false` (a pod in a user namespace): kube play takes the pod's host ids from the
# subordinate ranges of the user `containers`, which a fresh machine has none of. One range each,
# far above any real user's ids, appended once to /etc/subuid and /etc/subgid (nothing else is
# changed there).
SUBID_LINE='containers:2147483647:2147483648'
subordinate_ids() {
  local f
  for f in /etc/subuid /etc/subgid; do
    grep -q '^containers:' "$f" 2>/dev/null && continue
    printf '%s\n' "$SUBID_LINE" >>"$f"
    say "added $SUBID_LINE to $f (for podman's hostUsers: false)"
  done
}

# `docker save | podman load`: the image keeps its secpol.rootfs label, so a rebuilt rootfs is
# loaded again, and the podman image it replaces is removed.
load_podman_image() {
  local id have old
  id="$(cat "$STATE/rootfs/.secpol-rootfs-id")"
  if podman image exists "$IMAGE"; then
    have="$(podman image inspect -f '{{index .Labels "secpol.rootfs"}}' "$IMAGE" 2>/dev/null || true)"
    [[ "$have" == "$id" ]] && return 0
    old="$(podman image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  fi
  "$DOCKER" save "$IMAGE" | podman load -q >/dev/null || die "could not load $IMAGE into podman's store"
  if [[ -n "${old:-}" ]]; then podman image rm "$old" >/dev/null 2>&1 || true; fi
  say "loaded $IMAGE into podman's store ($id)"
}

# ---------------------------------------------------------------------------------------------
# AppArmor VM: the Debian cloud kernel (AppArmor built in) and a base initramfs. The test harness
# (test/support/apparmor-vm.ts) appends its own small archive with /init, the profiles and probes.

VM_LAYOUT=1
APPARMOR_DIRS=(/etc/apparmor.d/abi /etc/apparmor.d/tunables /etc/apparmor.d/abstractions
  /etc/apparmor /usr/share/apparmor-features)

cloud_kernel() {
  local k
  for k in /boot/vmlinuz-*-cloud-amd64; do [[ -e "$k" ]] && printf '%s\n' "$k"; done | sort -V | tail -n 1
}

parser_libraries() { ldd "$APPARMOR_PARSER" | grep -o '/[^ ]*' | sort -u; }

vm_id() {
  local libs
  mapfile -t libs < <(parser_libraries)
  {
    sha "$BUSYBOX" "$STATE/probe" "$APPARMOR_PARSER" "${libs[@]}"
    find "${APPARMOR_DIRS[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    printf '%s' "$VM_LAYOUT"
  } | sha | cut -c1-16
}

build_vm() {
  local vm="$STATE/apparmor-vm" kernel id stage lib libs
  mkdir -p "$vm"
  kernel="$(cloud_kernel)"
  [[ -n "$kernel" ]] || die "no /boot/vmlinuz-*-cloud-amd64 (package linux-image-cloud-amd64)"
  ln -sfn "$kernel" "$vm/vmlinuz"
  id="$(vm_id)"
  if [[ -s "$vm/base.cpio.gz" && "$(cat "$vm/base.id" 2>/dev/null)" == "$id" ]]; then return 0; fi
  stage="$vm/stage"
  rm -rf "$stage"
  populate_busybox_root "$stage"
  mkdir -p "$stage/sbin" "$stage/secpol"
  cp "$APPARMOR_PARSER" "$stage/sbin/apparmor_parser"
  mapfile -t libs < <(parser_libraries)
  for lib in "${libs[@]}"; do
    mkdir -p "$stage$(dirname "$lib")"
    cp -L "$lib" "$stage$lib"
  done
  for dir in "${APPARMOR_DIRS[@]}"; do
    mkdir -p "$stage$(dirname "$dir")"
    cp -a "$dir" "$stage$dir"
  done
  (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9n >"$vm/base.cpio.gz.tmp"
  mv "$vm/base.cpio.gz.tmp" "$vm/base.cpio.gz"
  printf '%s\n' "$id" >"$vm/base.id"
  rm -rf "$stage"
  say "built .engines/apparmor-vm/base.cpio.gz ($id)"
}

# ---------------------------------------------------------------------------------------------

summary() {
  local client server compose runc crun parser qemu kernel size image podman
  client="$("$DOCKER" version --format '{{.Client.Version}}' 2>/dev/null || echo '?')"
  server="$("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"
  image="$("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}')"
  compose="$("$COMPOSE" version --short 2>/dev/null || echo '?')"
  runc="$("$RUNC" --version | awk 'NR==1{print $3}')"
  crun="$(crun --version 2>/dev/null | awk 'NR==1{print $3}')"
  parser="$("$APPARMOR_PARSER" --version | awk 'NR==1{print $4}')"
  qemu="$("$QEMU" --version | awk 'NR==1{print $4}')"
  podman="$(podman version --format '{{.Client.Version}}' 2>/dev/null || echo '?')"
  kernel="$(basename "$(readlink "$STATE/apparmor-vm/vmlinuz")")"
  size="$(du -k "$STATE/apparmor-vm/base.cpio.gz" | awk '{printf "%.1f MB", $1/1024}')"
  say "docker          client $DOCKER $client, dockerd $server ($DOCKERD_ORIGIN), image $IMAGE $image, $PUBLISH_CHECK"
  say "compose         $COMPOSE $compose"
  say "runc            $RUNC $runc, rootfs .engines/rootfs"
  say "podman          $PODMAN $podman (kube play --runtime runc), conf .engines/podman/containers.conf, image $IMAGE loaded"
  say "crun            ${crun:-?} (installed, not used: refuses this machine's hybrid cgroups)"
  say "apparmor_parser $APPARMOR_PARSER $parser (compile only: the host kernel has no AppArmor)"
  say "apparmor-vm     $QEMU $qemu -accel tcg, kernel ${kernel#vmlinuz-}, base initramfs $size"
  say "seccomp         scmp_sys_resolver from libseccomp $(dpkg-query -W -f='${Version}' seccomp)"
  say "probe           .engines/probe (/bin/secpol-probe in the images, the rootfs and the VM)"
  say "servers         $SERVERS_IMAGE $("$DOCKER" image inspect -f '{{.Size}}' "$SERVERS_IMAGE" | awk '{printf "%.1f MB", $1/1e6}') (redis-server, nginx-light; tarball in $SERVERS_CACHE), strace $(strace -V | awk 'NR==1{print $4}')"
}

main() {
  if [[ "${1:-}" == --stop ]]; then
    stop_dockerd
    return 0
  fi
  [[ $# -eq 0 ]] || die "usage: bash scripts/setup-engines.sh [--stop]"

  local os=""
  # shellcheck disable=SC1091 # the host's file, read at run time
  os="$(. /etc/os-release 2>/dev/null && printf '%s' "${ID:-}")" || true
  if [[ "$(id -u)" != 0 || "$os" != debian ]]; then
    say "!!! NOT SET UP: this script needs root on Debian (here: uid $(id -u), os '${os:-unknown}')." \
      "The end-to-end tests will SKIP (and FAIL under CI=true). To enable them, run" \
      "\`sudo bash scripts/setup-engines.sh\` on a Debian 12 machine or VM."
    return 0
  fi

  local started=$SECONDS
  mkdir -p "$STATE"
  install_packages
  build_probe
  build_rootfs
  start_dockerd
  import_image
  build_servers_image
  check_port_publish
  write_podman_conf
  subordinate_ids
  load_podman_image
  build_vm
  summary
  say "ready in $((SECONDS - started))s"
}

main "$@"
