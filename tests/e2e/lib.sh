#!/bin/bash
# Shared helpers for the end-to-end tests (tests/e2e/test_*.sh).
#
# A test file is run as:  test_x.sh RUNSC [PLATFORM...]   (default: ptrace)
# and calls, for each case:
#   e2e_compare NAME CMD [ARG...]   run CMD natively and inside the sandbox
#                                   (`RUNSC --platform=P do CMD ARG...`) and
#                                   compare stdout + exit status
#   e2e_sandbox NAME SCRIPT         run `/bin/sh -c SCRIPT` inside the sandbox;
#                                   pass if it exits 0 (its output is shown
#                                   on failure)
#   e2e_host NAME SCRIPT            run SCRIPT on the host (for after-the-fact
#                                   checks); pass if it exits 0
#   e2e_skip NAME REASON
# Results are printed as "PASS: name [platform]", "FAIL: ...", "SKIP: ...";
# e2e_finish prints "N passed, N failed" and sets the exit status.
# RUNSC=none runs the native side twice (checks the tests themselves).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../platform_flags.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../run_timed.sh"

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -lt 1 ]; then
	echo "usage: $0 RUNSC [PLATFORM...]" >&2
	exit 2
fi
E2E_RUNSC=$1
shift
E2E_PLATFORMS=("$@")
[ ${#E2E_PLATFORMS[@]} -eq 0 ] && E2E_PLATFORMS=(ptrace)
case $E2E_RUNSC in
none) ;;
*/*) E2E_RUNSC=$(cd "$(dirname "$E2E_RUNSC")" && pwd)/$(basename "$E2E_RUNSC") ;;
esac
E2E_TIMEOUT=${E2E_TIMEOUT:-120}
E2E_WORK=$(mktemp -d /tmp/e2e-run.XXXXXX)
trap 'rm -rf "$E2E_WORK"' EXIT
e2e_passed=0
e2e_failed=0

e2e_have() { command -v "$1" >/dev/null 2>&1; }

# _e2e_run OUT ERR CMD... : see run_timed.
_e2e_run() {
	run_timed "$E2E_WORK" "$E2E_TIMEOUT" 5 "$@"
}

_e2e_result() { # STATUS NAME LABEL [DETAIL_FILE...]
	local status=$1 name=$2 label=$3
	shift 3
	echo "$status: $name [$label]"
	if [ "$status" = PASS ]; then
		e2e_passed=$((e2e_passed + 1))
		return
	fi
	e2e_failed=$((e2e_failed + 1))
	local f
	for f in "$@"; do
		[ -s "$f" ] && head -n 20 "$f" | sed 's/^/    /'
	done
}

# Set the array E2E_CMD to CMD wrapped for platform $1 (CMD itself for
# RUNSC=none).
_e2e_wrap() {
	local p=$1
	shift
	if [ "$E2E_RUNSC" = none ]; then
		E2E_CMD=("$@")
	else
		# shellcheck disable=SC2207
		E2E_CMD=("$E2E_RUNSC" $(platform_flags "$p") "do" "$@")
	fi
}

e2e_compare() {
	local name=$1
	shift
	local n=$E2E_WORK/$name.native
	_e2e_run "$n.out" "$n.err" "$@"
	local st=$?
	# A non-zero exit is compared like any output; only a hung or killed
	# native run makes the reference useless.
	if [ $st -eq 124 ] || [ $st -eq 137 ]; then
		_e2e_result FAIL "$name" native "$n.out" "$n.err"
		return
	fi
	local p
	for p in "${E2E_PLATFORMS[@]}"; do
		local s=$E2E_WORK/$name.$p
		_e2e_wrap "$p" "$@"
		_e2e_run "$s.out" "$s.err" "${E2E_CMD[@]}"
		local label=$p
		[ "$E2E_RUNSC" = none ] && label=native-twice
		if cmp -s "$n.out" "$s.out"; then
			_e2e_result PASS "$name" "$label"
		else
			diff -u --label native --label "$label" "$n.out" "$s.out" >"$s.diff"
			tail -n 5 "$s.err" >"$s.errtail"
			_e2e_result FAIL "$name" "$label" "$s.diff" "$s.errtail"
		fi
	done
}

e2e_sandbox() {
	local name=$1 script=$2 p
	if [ "$E2E_RUNSC" = none ]; then
		e2e_skip "$name" "sandbox-only check"
		return
	fi
	for p in "${E2E_PLATFORMS[@]}"; do
		local s=$E2E_WORK/$name.$p
		_e2e_wrap "$p" /bin/sh -c "$script"
		if _e2e_run "$s.out" "$s.err" "${E2E_CMD[@]}"; then
			_e2e_result PASS "$name" "$p"
		else
			_e2e_result FAIL "$name" "$p" "$s.out" "$s.err"
		fi
	done
}

e2e_host() {
	local name=$1 script=$2
	local s=$E2E_WORK/$name.host
	if _e2e_run "$s.out" "$s.err" /bin/sh -c "$script"; then
		_e2e_result PASS "$name" host
	else
		_e2e_result FAIL "$name" host "$s.out" "$s.err"
	fi
}

e2e_skip() { echo "SKIP: $1 ($2)"; }

e2e_finish() {
	echo "$e2e_passed passed, $e2e_failed failed"
	[ "$e2e_failed" -eq 0 ]
}
