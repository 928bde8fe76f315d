#!/usr/bin/env bash
# Security tests: the escape probe inside the sandbox, then host-side checks
# that nothing it wrote reached the host. Prints PASS/FAIL lines and
# "N passed, N failed".
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../platform_flags.sh"
BUILD_DIR=${BUILD_DIR:-build}
RUNSC=${RUNSC:-$BUILD_DIR/runsc}
PLATFORMS=${PLATFORMS:-ptrace}
probe=$BUILD_DIR/security/escape_probe
pass=0 fail=0
for platform in $PLATFORMS; do
	marker="/escape-marker-$$-$platform"
	out=$(cd / && PROBE_PLATFORM=$platform timeout 60 "$RUNSC" $(platform_flags "$platform") do "$probe" "$marker" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		PASS:*) pass=$((pass + 1)); echo "$line [$platform]" ;;
		FAIL:*) fail=$((fail + 1)); echo "$line [$platform]" ;;
		esac
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' <<<"$out"; then
		fail=$((fail + 1)); echo "FAIL: escape probe exited $rc [$platform]"; echo "$out" | tail -5
	fi
	if [ -e "$marker" ]; then
		fail=$((fail + 1)); echo "FAIL: $marker written inside appeared on the host [$platform]"; rm -f "$marker"
	else
		pass=$((pass + 1)); echo "PASS: files written inside stay inside [$platform]"
	fi
	# The sentry runs under its own seccomp allowlist (Seccomp: 2).
	( cd / && timeout 30 "$RUNSC" $(platform_flags "$platform") do /bin/sleep 1 ) &
	sbx=$!
	sleep 0.5
	sentry=$(pgrep -P "$sbx" -x runsc 2>/dev/null | head -1)
	[ -n "$sentry" ] || sentry=$sbx
	if grep -q '^Seccomp:[[:space:]]*2' "/proc/$sentry/status" 2>/dev/null; then
		pass=$((pass + 1)); echo "PASS: the sentry runs under its seccomp allowlist [$platform]"
	else
		fail=$((fail + 1)); echo "FAIL: the sentry has no seccomp filter [$platform]"
	fi
	wait "$sbx"
	if [ -e /tmp/escape-link ]; then
		fail=$((fail + 1)); echo "FAIL: /tmp/escape-link appeared on the host [$platform]"
	else
		pass=$((pass + 1)); echo "PASS: symlinks made inside stay inside [$platform]"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
