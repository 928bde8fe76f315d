#!/usr/bin/env bash
# tests/stress/run.sh: runs the stress test (tests/stress/stress.c: 64
# threads of system calls, signals and forks; see its header) natively as a
# sanity check, then under runsc on every platform, each with a time limit.
# Builds nothing: build first (ninja -C BUILD stress runsc).
#
# Environment:
#   BUILD_DIR=dir       build directory (default: build)
#   STRESS=path         the stress binary (default: $BUILD_DIR/stress/stress)
#   RUNSC=path          our runsc (default: $BUILD_DIR/runsc)
#   RUNSC_ASAN=path     an ASan+UBSan runsc to use instead of RUNSC
#                       (cmake -DSANDBOX_SANITIZE=ON -DCMAKE_C_COMPILER=clang)
#   PLATFORMS="..."     platforms to run on (default: ptrace seccomp-trap);
#                       an entry may add runsc flags after colons, and
#                       ptrace-strict means ptrace with --ptrace-strict
#   STRESS_SECONDS=n    how long each run stresses (default 60)
# A sanitizer report on stderr fails the run even if the exit status is 0.
# Prints each run's PASS/FAIL lines, then "N passed, N failed"; exits 1 if
# any run failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD_DIR=${BUILD_DIR:-build}
STRESS=${STRESS:-$BUILD_DIR/stress/stress}
RUNSC=${RUNSC_ASAN:-${RUNSC:-$BUILD_DIR/runsc}}
PLATFORMS=${PLATFORMS:-ptrace seccomp-trap}
STRESS_SECONDS=${STRESS_SECONDS:-60}
# The stress run, plus quiescence (up to 20 s), start-up and ASan's slowness.
limit=$((STRESS_SECONDS * 2 + 60))
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for f in "$STRESS" "$RUNSC"; do
	if [ ! -x "$f" ]; then
		echo "tests/stress/run.sh: $f is missing: build first" >&2
		exit 2
	fi
done
out=$(mktemp -d /tmp/stress.XXXXXX)
trap 'rm -rf "$out"' EXIT

passed=0
failed=0
# run NAME CMD...: one run, judged by exit status and sanitizer reports.
run() {
	local name=$1 rc=0
	shift
	echo "== stress: $name ($STRESS_SECONDS s)"
	timeout -k 10 "$limit" "$@" "$STRESS" "$STRESS_SECONDS" </dev/null \
		>"$out/stdout" 2>"$out/stderr" || rc=$?
	cat "$out/stdout"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "FAIL $name: hung (killed after $limit s)"
	elif grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$out/stderr"; then
		[ "$rc" -ne 0 ] || rc=1
		echo "FAIL $name: sanitizer report (exit $rc):"
		head -60 "$out/stderr"
	elif [ "$rc" -ne 0 ]; then
		echo "FAIL $name: exit $rc; stderr:"
		head -30 "$out/stderr"
	fi
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

run native env
for p in $PLATFORMS; do
	# An entry is a platform, optionally with runsc global flags after
	# colons (seccomp-trap:--systrap-rewrite=false); ptrace-strict is
	# ptrace with --ptrace-strict.
	IFS=: read -r -a parts <<<"$p"
	[ "${parts[0]}" != ptrace-strict ] || parts=(ptrace --ptrace-strict)
	run "$p" "$RUNSC" "--platform=${parts[0]}" "${parts[@]:1}" --network=none "do"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
