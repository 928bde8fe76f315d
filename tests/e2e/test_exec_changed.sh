#!/bin/bash
# E2E: a program changed on the host, in place (same inode), between execs
# inside the sandbox: the new program runs. On seccomp-trap the old one's
# image was premapped in the zygote by then (platform/systrap_premap.c),
# which exec must notice and refuse.
. "$(dirname "$0")/lib.sh"

# changed_exec LABEL [WRAPPER...]: runs the workload under WRAPPER (none:
# natively); passes if the sandbox ran /bin/true's copy 40 times, and,
# after the host wrote /bin/echo over it, the echo.
changed_exec() {
	local label=$1
	shift
	local x=$E2E_WORK/changed-$label
	cp /bin/true "$x" && chmod 755 "$x"
	local script="i=0; while [ \$i -lt 40 ]; do $x || exit 1; i=\$((i+1)); done
echo ready; read go; $x hello; $x again"
	coproc SB { timeout "$E2E_TIMEOUT" "$@" /bin/sh -c "$script" 2>&1; }
	local line=
	read -r -t "$E2E_TIMEOUT" line <&"${SB[0]}"
	cat /bin/echo >"$x" # truncates and writes: the same inode
	echo go >&"${SB[1]}"
	local out
	out=$(cat <&"${SB[0]}")
	wait "$SB_PID"
	local st=$?
	if [ "$line" = ready ] && [ "$out" = $'hello\nagain' ] && [ $st -eq 0 ]; then
		_e2e_result PASS exec-of-a-program-changed-in-place "$label"
	else
		echo "got: '$line' then '$out', status $st" >"$x.log"
		_e2e_result FAIL exec-of-a-program-changed-in-place "$label" "$x.log"
	fi
}

changed_exec native
if [ "$E2E_RUNSC" != none ]; then
	for p in "${E2E_PLATFORMS[@]}"; do
		# shellcheck disable=SC2046
		changed_exec "$p" "$E2E_RUNSC" $(platform_flags "$p") do
	done
fi
e2e_finish
