#!/usr/bin/env bash
# Make sure the servers the integration tests talk to are running on 127.0.0.1:
# PostgreSQL (5432), Mosquitto (1883) and NATS with JetStream (4222). Starts any that is
# down with the same commands the machine uses at boot; fails (never skips) when one cannot
# be had.
set -euo pipefail

say() { printf '\033[1m[services]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[services] error:\033[0m %s\n' "$*" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # port name
  for _ in $(seq 1 60); do listening "$1" && return 0; sleep 0.5; done
  die "$2 did not come up on 127.0.0.1:$1"
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is not installed and installing it needs root (apt-get install $*)"
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! listening 5432; then
  say "starting PostgreSQL"
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "PostgreSQL would not start"
  wait_for 5432 PostgreSQL
fi

if ! listening 1883; then
  say "starting Mosquitto"
  command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || apt_install mosquitto
  /usr/sbin/mosquitto -d -c /etc/mosquitto/mosquitto.conf || die "Mosquitto would not start"
  wait_for 1883 Mosquitto
fi

if ! listening 4222; then
  say "starting NATS with JetStream"
  [ -x /usr/sbin/nats-server ] || apt_install nats-server
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log \
    || die "NATS would not start"
  wait_for 4222 NATS
fi
say "PostgreSQL, Mosquitto and NATS are up"
