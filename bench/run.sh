#!/usr/bin/env bash
# bench/run.sh: the sandbox's benchmarks, side by side in one table.
#
# Runs every microbenchmark program of bench/ (built by CMake into
# BUILD/bench/: getpid, pread/pwrite, stat, open_close, pipe_pingpong,
# fork_wait, fork_exec; each prints "<name> <ns per op>") and two whole
# commands (`/bin/true`, i.e. sandbox start-up, and `python3 -c pass`)
#   - natively,
#   - under our runsc: `BUILD/runsc --platform=P --network=none do CMD`, one
#     column per platform P in PLATFORMS,
#   - under gVisor's runsc if installed (Debian's package, /usr/bin/runsc;
#     the same flags as /work/shared/e2e/gvisor-runsc.sh:
#     `--platform=ptrace --network=none do CMD`; it needs root).
# Our binary is also called runsc, so it is always named by its path.
# Prints medians (microbenchmarks: of REPS runs, in microseconds per
# operation; whole commands: of RUNS runs, in milliseconds of wall time,
# with hyperfine when installed, else a shell loop over date +%s%N) and
# the ratios ours/native and gVisor/ours. A configuration that fails shows
# "fail", and its first error is printed under the table. The whole run
# takes well under 3 minutes here with the defaults.
#
# Usage: bench/run.sh            (from the repository; build first)
# Environment:
#   BUILD=dir         build directory (default: ../build next to this script)
#   OURS=path         our runsc (default: $BUILD/runsc)
#   PLATFORMS="..."   our platforms, one column each (default: ptrace;
#                     e.g. PLATFORMS="ptrace seccomp-trap")
#   GVISOR=path       gVisor's runsc (default: /usr/bin/runsc; GVISOR= skips)
#   REPS=n            runs of each microbenchmark per column (default 3)
#   RUNS=n            runs of each whole command per column (default 10)
#   SCALE=x           multiplies every iteration count (default 1)
#   PYTHON=path       python for the python3 row (default /usr/bin/python3;
#                     not a pyenv shim, which would time a shell script)
#   TIMEOUT=s         time limit of each command (default 60)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../build}
BUILD=$(cd "$BUILD" && pwd)
OURS=${OURS:-$BUILD/runsc}
PLATFORMS=${PLATFORMS:-ptrace}
GVISOR=${GVISOR-/usr/bin/runsc}
REPS=${REPS:-3}
RUNS=${RUNS:-10}
SCALE=${SCALE:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
TIMEOUT=${TIMEOUT:-60}
BENCH_BIN=$BUILD/bench

# program:iterations. Counts keep each run near half a second in gVisor.
MICRO=(getpid:20000 pread:5000 stat:5000 open_close:5000 pipe_pingpong:2000
	fork_wait:200 fork_exec:60)
# The metrics the programs print, in table order (pread prints two).
METRICS=(getpid pread pwrite stat open_close pipe_pingpong fork_wait fork_exec)

tmp=$(mktemp -d /tmp/bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

declare -A VALUES=() # "column,metric" -> space-separated samples
declare -A ERRORS=() # column -> first error seen

# cmd_for COLUMN CMD...: sets CMD to the command line running CMD there.
cmd_for() {
	local col=$1
	shift
	case $col in
	native) CMD=("$@") ;;
	gvisor) CMD=("$GVISOR" --platform=ptrace --network=none "do" "$@") ;;
	ours-*) CMD=("$OURS" "--platform=${col#ours-}" --network=none "do" "$@") ;;
	esac
}

# run_logged COLUMN CMD...: runs it with the time limit; output in
# $tmp/out, errors in $tmp/err (files, not pipes: a sandbox may change
# the flags of the descriptions it is given). Records the first failure.
run_logged() {
	local col=$1 rc=0
	shift
	cmd_for "$col" "$@"
	timeout -k 5 "$TIMEOUT" "${CMD[@]}" </dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne 0 ] && [ -z "${ERRORS[$col]:-}" ]; then
		ERRORS[$col]="$* (exit $rc): $(head -c 300 "$tmp/err" | tr '\n' ' ')"
	fi
	return "$rc"
}

median() {
	printf '%s\n' "$@" | sort -g | awk '
		NF { a[++n] = $1 }
		END {
			if (n == 0) { print "-"; exit }
			if (n % 2) print a[(n + 1) / 2]; else print (a[n / 2] + a[n / 2 + 1]) / 2
		}'
}

# ---- which columns can run
COLUMNS=(native)
for p in $PLATFORMS; do
	COLUMNS+=("ours-$p")
done
if [ -n "$GVISOR" ] && [ -x "$GVISOR" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "note: gVisor's runsc needs root here; its column is skipped" >&2
	else
		COLUMNS+=(gvisor)
	fi
else
	echo "note: gVisor's runsc not found (${GVISOR:-disabled}); its column is skipped" >&2
fi
declare -A USABLE=()
for col in "${COLUMNS[@]}"; do
	if [ "$col" = native ]; then
		USABLE[$col]=1
	elif [[ $col == ours-* && ! -x $OURS ]]; then
		ERRORS[$col]="$OURS not built"
	elif run_logged "$col" /bin/true; then
		USABLE[$col]=1
	fi
done
for prog in "${MICRO[@]}"; do
	if [ ! -x "$BENCH_BIN/${prog%%:*}" ]; then
		echo "bench/run.sh: $BENCH_BIN/${prog%%:*} is missing: build first (ninja -C $BUILD)" >&2
		exit 2
	fi
done

# ---- microbenchmarks
for prog in "${MICRO[@]}"; do
	name=${prog%%:*}
	iters=$(awk -v n="${prog#*:}" -v s="$SCALE" 'BEGIN { n *= s; print (n < 1 ? 1 : int(n)) }')
	for col in "${COLUMNS[@]}"; do
		[ -n "${USABLE[$col]:-}" ] || continue
		for ((r = 0; r < REPS; r++)); do
			run_logged "$col" "$BENCH_BIN/$name" "$iters" || continue
			while read -r metric ns _; do
				[[ $ns =~ ^[0-9.]+$ ]] || continue
				VALUES[$col,$metric]+="$(awk -v v="$ns" 'BEGIN { printf "%.3f", v / 1000 }') "
			done <"$tmp/out"
		done
	done
done

# ---- whole commands: wall time of start-up plus the command
WHOLE=("true:/bin/true" "python3:$PYTHON -c pass")
have_hyperfine=
timer="shell loop"
if command -v hyperfine >/dev/null 2>&1; then
	have_hyperfine=1
	timer=hyperfine
fi
for item in "${WHOLE[@]}"; do
	name=${item%%:*}
	read -r -a argv <<<"${item#*:}"
	for col in "${COLUMNS[@]}"; do
		[ -n "${USABLE[$col]:-}" ] || continue
		run_logged "$col" "${argv[@]}" || continue # warm-up and check
		cmd_for "$col" "${argv[@]}"
		if [ -n "$have_hyperfine" ]; then
			line=$(printf '%q ' "${CMD[@]}")
			if hyperfine -N --runs "$RUNS" --export-json "$tmp/h.json" "$line" \
				>/dev/null 2>"$tmp/err" </dev/null; then
				VALUES[$col,$name]=$("$PYTHON" -c 'import json,sys
print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$tmp/h.json")
			elif [ -z "${ERRORS[$col]:-}" ]; then
				ERRORS[$col]="hyperfine $line: $(head -c 300 "$tmp/err" | tr '\n' ' ')"
			fi
		else
			for ((r = 0; r < RUNS; r++)); do
				start=$(date +%s%N)
				timeout -k 5 "$TIMEOUT" "${CMD[@]}" </dev/null >/dev/null 2>&1 || continue
				end=$(date +%s%N)
				VALUES[$col,$name]+="$(awk -v d=$((end - start)) 'BEGIN { printf "%.3f", d / 1e6 }') "
			done
		fi
	done
done

# ---- the table (each column as wide as its header needs)
width() { # HEADER MIN -> width
	local w=$((${#1} + 2))
	if [ "$w" -lt "$2" ]; then echo "$2"; else echo "$w"; fi
}
fmt_val() { # VALUE WIDTH -> right-aligned number, or fail
	if [ "$1" = - ]; then printf '%*s' "$2" fail; else printf '%*.2f' "$2" "$1"; fi
}
ratio() { # A B WIDTH -> A/B
	if [ "$1" = - ] || [ "$2" = - ]; then
		printf '%*s' "$3" -
	else
		awk -v a="$1" -v b="$2" -v w="$3" \
			'BEGIN { if (b == 0) printf "%*s", w, "-"; else printf "%*.1fx", w - 1, a / b }'
	fi
}
ours_cols=()
for col in "${COLUMNS[@]}"; do [[ $col == ours-* ]] && ours_cols+=("$col"); done
has_gvisor=
for col in "${COLUMNS[@]}"; do [ "$col" = gvisor ] && has_gvisor=1; done

printf '%-20s' metric
for col in "${COLUMNS[@]}"; do printf '%*s' "$(width "$col" 12)" "$col"; done
for col in "${ours_cols[@]}"; do
	h="${col#ours-}/native"
	printf '%*s' "$(width "$h" 14)" "$h"
done
if [ -n "$has_gvisor" ]; then
	for col in "${ours_cols[@]}"; do
		h="gvisor/${col#ours-}"
		printf '%*s' "$(width "$h" 14)" "$h"
	done
fi
printf '\n'
print_row() { # METRIC UNIT
	local metric=$1 unit=$2 col
	declare -A med=()
	printf '%-20s' "$metric ($unit)"
	for col in "${COLUMNS[@]}"; do
		# shellcheck disable=SC2086 # the samples are space-separated
		med[$col]=$(median ${VALUES[$col,$metric]:-})
		fmt_val "${med[$col]}" "$(width "$col" 12)"
	done
	for col in "${ours_cols[@]}"; do
		ratio "${med[$col]}" "${med[native]}" "$(width "${col#ours-}/native" 14)"
	done
	if [ -n "$has_gvisor" ]; then
		for col in "${ours_cols[@]}"; do
			ratio "${med[gvisor]}" "${med[$col]}" "$(width "gvisor/${col#ours-}" 14)"
		done
	fi
	printf '\n'
}
for metric in "${METRICS[@]}"; do print_row "$metric" us; done
for item in "${WHOLE[@]}"; do print_row "${item%%:*}" ms; done
printf '\nmicrobenchmarks: median of %s runs, microseconds per operation; ' "$REPS"
printf 'true/python3: median wall time of %s runs (%s), milliseconds\n' "$RUNS" "$timer"
for col in "${COLUMNS[@]}"; do
	if [ -n "${ERRORS[$col]:-}" ]; then
		printf '%s: first failure: %s\n' "$col" "${ERRORS[$col]}"
	fi
done
