#!/bin/bash
# The one test command: unit tests, then the conformance suite, the
# end-to-end tests and the security tests on every platform, against an
# existing build.
#
# usage: tests/run_all.sh
# environment:
#   BUILD_DIR   build tree (default ./build); nothing is built here
#   RUNSC       runsc binary (default $BUILD_DIR/runsc); "none" runs the
#               suites natively twice (checks the tests themselves)
#   PLATFORMS   space-separated platforms (default "ptrace")
#   CONFORMANCE_FILTER, E2E_FILTER   regexes restricting those suites
# Ends with the combined line "N passed, N failed"; exits non-zero on any
# failure.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-./build}
BUILD_DIR=$(cd "$BUILD_DIR" 2>/dev/null && pwd) || {
	echo "build directory not found (set BUILD_DIR)" >&2
	echo "0 passed, 1 failed"
	exit 1
}
export BUILD_DIR
RUNSC=${RUNSC:-$BUILD_DIR/runsc}
read -r -a platforms <<<"${PLATFORMS:-ptrace}"

total_passed=0
total_failed=0

# add_counts LOGFILE: add the last "N passed, N failed" line of a suite.
add_counts() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "(no summary line: counting the suite as one failure)"
		total_failed=$((total_failed + 1))
		return
	fi
	local p f
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed}
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
}

log=$(mktemp /tmp/run_all.XXXXXX)
trap 'rm -f "$log"' EXIT

echo "=== unit tests"
unit=$BUILD_DIR/tests/unit_tests
if [ -x "$unit" ]; then
	"$unit" --jobs 2 2>&1 | tee "$log"
	st=${PIPESTATUS[0]}
	# Criterion's summary: "Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N"
	syn=$(grep -E 'Synthesis:' "$log" | tail -n 1 | sed 's/\x1b\[[0-9;]*m//g')
	if [ -n "$syn" ]; then
		p=$(echo "$syn" | sed -E 's/.*Passing: ([0-9]+).*/\1/')
		f=$(echo "$syn" | sed -E 's/.*Failing: ([0-9]+).*/\1/')
		# Crashing tests are already counted in Failing.
		total_passed=$((total_passed + p))
		total_failed=$((total_failed + f))
		if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
			total_failed=$((total_failed + 1))
		fi
	elif [ "$st" -eq 0 ]; then
		total_passed=$((total_passed + 1))
	else
		total_failed=$((total_failed + 1))
	fi
else
	echo "SKIP: unit tests ($unit not built)"
fi

if [ "$RUNSC" != none ] && [ ! -x "$RUNSC" ]; then
	echo "FAIL: runsc not found at $RUNSC"
	total_failed=$((total_failed + 1))
else
	echo "=== conformance (${platforms[*]})"
	"$root/tests/conformance/run.sh" "$RUNSC" "${platforms[@]}" 2>&1 | tee "$log"
	add_counts "$log"
	echo "=== end-to-end (${platforms[*]})"
	"$root/tests/e2e/run.sh" "$RUNSC" "${platforms[@]}" 2>&1 | tee "$log"
	add_counts "$log"
	if [ "$RUNSC" != none ]; then
		echo "=== security (${platforms[*]})"
		RUNSC=$RUNSC PLATFORMS="${platforms[*]}" "$root/tests/security/run.sh" 2>&1 | tee "$log"
		add_counts "$log"
	fi
fi

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
