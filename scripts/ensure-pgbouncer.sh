#!/usr/bin/env bash
# Installs Debian's pgbouncer for the database fault test (a private PostgreSQL behind a
# transaction pooler) when it is missing. Only the binary is used; no service is started.
set -euo pipefail
if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq pgbouncer >/dev/null
