#!/usr/bin/env bash
# The whole test suite, as CI runs it: gcc and clang builds with -Werror, an
# ASan+UBSan build of the unit tests, then unit, conformance and end-to-end
# tests (tests/run_all.sh) on every platform in $PLATFORMS (default: ptrace, seccomp-trap and
# ptrace in strict PTRACE_SYSEMU mode).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== gcc build"
cmake -S . -B build -G Ninja -DCMAKE_C_COMPILER=gcc >/dev/null
ninja -C build -j "$jobs"

echo "== clang build (warnings are errors)"
cmake -S . -B build-clang -G Ninja -DCMAKE_C_COMPILER=clang >/dev/null
ninja -C build-clang -j "$jobs" runsc unit_tests

echo "== ASan+UBSan unit tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_C_COMPILER=clang -DSANDBOX_SANITIZE=ON >/dev/null
ninja -C build-asan -j "$jobs" unit_tests runsc stress
ASAN_OPTIONS=detect_leaks=0 build-asan/tests/unit_tests --jobs 2

echo "== test suite"
BUILD_DIR=build PLATFORMS="${PLATFORMS:-ptrace seccomp-trap ptrace-strict}" tests/run_all.sh

echo "== stress test (15 s per platform, ASan+UBSan runsc)"
BUILD_DIR=build-asan RUNSC_ASAN=build-asan/runsc STRESS_SECONDS=15 \
	PLATFORMS="${STRESS_PLATFORMS:-ptrace seccomp-trap}" tests/stress/run.sh
