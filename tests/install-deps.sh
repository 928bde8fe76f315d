#!/usr/bin/env bash
# Installs what building and testing the sandbox needs on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
	build-essential gcc clang cmake ninja-build pkg-config \
	libseccomp-dev libjansson-dev libcriterion-dev libunwind-dev libcapstone-dev \
	busybox-static bash coreutils findutils tar python3 sqlite3 procps >/dev/null
