# Sourced by the test runners: one command run the way every test runs
# its commands.
# run_timed WORKDIR TIMEOUT KILL_AFTER OUT ERR CMD... : runs CMD in a fresh
# directory under WORKDIR, stdin from /dev/null, stdout to OUT and stderr
# to ERR, killed after TIMEOUT seconds (SIGKILL KILL_AFTER later); appends
# "exit=N" to OUT (and a line saying so if it timed out); returns N.
run_timed() {
	local work=$1 limit=$2 kill_after=$3 out=$4 err=$5
	shift 5
	local dir
	dir=$(mktemp -d "$work/cwd.XXXXXX")
	(cd "$dir" && exec timeout -k "$kill_after" "$limit" "$@") </dev/null >"$out" 2>"$err"
	local st=$?
	[ $st -eq 124 ] && echo "(timed out after ${limit}s)" >>"$out"
	echo "exit=$st" >>"$out"
	rm -rf "$dir"
	return $st
}
