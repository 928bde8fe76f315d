#!/bin/bash
# Conformance runner: runs every built conformance program natively and
# inside the sandbox on each platform, and compares stdout + exit status.
#
# usage: tests/conformance/run.sh RUNSC [PLATFORM...]
#   RUNSC      path to the runsc binary; the special value "none" runs each
#              program natively twice instead (a determinism check of the
#              tests themselves, useful before the sandbox works)
#   PLATFORM   platforms to test (default: ptrace)
# environment:
#   BUILD_DIR            build tree holding conformance/<name> (default ./build)
#   CONFORMANCE_FILTER   extended regex; only matching program names run
#   CONFORMANCE_TIMEOUT  per-program timeout in seconds (default 10)
#
# Prints "PASS: name [platform]" / "FAIL: name [platform]" (with the first
# 20 lines of a unified diff), and ends with the line "N passed, N failed".
# Exits non-zero if anything failed.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../platform_flags.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../run_timed.sh"

if [ $# -lt 1 ]; then
	echo "usage: $0 RUNSC [PLATFORM...]" >&2
	exit 2
fi
RUNSC=$1
shift
PLATFORMS=("$@")
[ ${#PLATFORMS[@]} -eq 0 ] && PLATFORMS=(ptrace)
BUILD_DIR=${BUILD_DIR:-./build}
TIMEOUT=${CONFORMANCE_TIMEOUT:-10}
FILTER=${CONFORMANCE_FILTER:-}
PROG_DIR=$(cd "$BUILD_DIR/conformance" 2>/dev/null && pwd) || {
	echo "no conformance programs in $BUILD_DIR/conformance (build first)" >&2
	echo "0 passed, 1 failed"
	exit 1
}
if [ "$RUNSC" != none ]; then
	case $RUNSC in
	*/*) RUNSC=$(cd "$(dirname "$RUNSC")" && pwd)/$(basename "$RUNSC") ;;
	esac
fi

WORK=$(mktemp -d /tmp/conformance-run.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

# run_one OUTFILE ERRFILE CMD... : see run_timed.
run_one() {
	run_timed "$WORK" "$TIMEOUT" 2 "$@"
}

report() { # report STATUS NAME LABEL [EXPECTED ACTUAL ERRFILE]
	local status=$1 name=$2 label=$3
	echo "$status: $name [$label]"
	if [ "$status" = FAIL ]; then
		failed=$((failed + 1))
		if [ $# -ge 5 ]; then
			diff -u --label native --label "$label" "$4" "$5" | head -n 20 | sed 's/^/    /'
		fi
		if [ $# -ge 6 ] && [ -s "$6" ]; then
			echo "    --- stderr (last 5 lines):"
			tail -n 5 "$6" | sed 's/^/    /'
		fi
	else
		passed=$((passed + 1))
	fi
}

for prog in "$PROG_DIR"/*; do
	[ -f "$prog" ] && [ -x "$prog" ] || continue
	name=$(basename "$prog")
	if [ -n "$FILTER" ] && ! [[ $name =~ $FILTER ]]; then
		continue
	fi
	native_out=$WORK/$name.native.out
	native_err=$WORK/$name.native.err
	if ! run_one "$native_out" "$native_err" "$prog"; then
		# The reference run itself failed: the test (or the host) is
		# broken, so comparing against it would prove nothing.
		echo "FAIL: $name [native] (the native run did not exit 0)"
		tail -n 10 "$native_out" | sed 's/^/    /'
		failed=$((failed + 1))
		continue
	fi
	if [ "$RUNSC" = none ]; then
		out=$WORK/$name.native2.out
		run_one "$out" "$WORK/$name.native2.err" "$prog"
		if cmp -s "$native_out" "$out"; then
			report PASS "$name" native-twice
		else
			report FAIL "$name" native-twice "$native_out" "$out"
		fi
		continue
	fi
	for p in "${PLATFORMS[@]}"; do
		out=$WORK/$name.$p.out
		err=$WORK/$name.$p.err
		# shellcheck disable=SC2046
		run_one "$out" "$err" "$RUNSC" $(platform_flags "$p") "do" "$prog"
		if cmp -s "$native_out" "$out"; then
			report PASS "$name" "$p"
		else
			report FAIL "$name" "$p" "$native_out" "$out" "$err"
		fi
	done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
