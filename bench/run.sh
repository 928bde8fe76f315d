#!/usr/bin/env bash
# bench/run.sh: the sandbox's benchmarks, side by side in one table.
#
# Runs every microbenchmark program of bench/ (built by CMake into
# BUILD/bench/: getpid, pread/pwrite, stat, open_close, pipe_pingpong,
# fork_wait, fork_exec; each prints "<name> <ns per op>"), two whole
# commands (`/bin/true`, i.e. sandbox start-up, and `python3 -c pass`),
# four real programs (see "real programs" below) and the idle CPU use
#   - natively,
#   - under our runsc: `BUILD/runsc --platform=P [FLAGS] --network=none do
#     CMD`, one column per entry of PLATFORMS,
#   - under gVisor's runsc if installed (Debian's package, /usr/bin/runsc;
#     the same flags as /work/shared/e2e/gvisor-runsc.sh:
#     `--platform=ptrace --network=none do CMD`; it needs root).
# Our binary is also called runsc, so it is always named by its path.
# Prints medians (microbenchmarks: of REPS runs, in microseconds per
# operation; whole commands: of RUNS runs, in milliseconds of wall time,
# with hyperfine when installed, else a shell loop over date +%s%N) and
# the ratios ours/native and gVisor/ours. A configuration that fails shows
# "fail", and its first error is printed under the table.
#
# Real programs, a separate section of the table: the median of RUNS_REAL
# wall times (date +%s%N around the run, sandbox start-up included) of
#   gcc_5k_lines     gcc -O2 -c of a generated 5,000-line C file (many
#                    small functions with loops and structs; ~1.5 s natively)
#   python3_json     json.dumps/loads of a nested document, 1000 times
#   sqlite3_50k      sqlite3 inserting 50,000 rows (one transaction, an
#                    index) into a new file database under /tmp, SQL on stdin
#   sh_200_forkexec  /bin/sh running /bin/true 200 times in a while loop
# Inputs are generated deterministically into the temporary directory.
#
# Idle CPU: `sleep IDLE_SECONDS` in each configuration; the CPU time
# (user+sys, from /proc/PID/task/TID/schedstat) of every thread of the whole
# process tree under the command (sentry and stubs; gVisor's sandbox and
# gofer) between one second after the start and one second before the end,
# divided by that wall time, in percent. Our target is under 1 %.
#
# The whole run takes under 2 minutes here with the defaults, two of our
# columns and gVisor's (each more of ours adds about 20 s).
#
# Usage: bench/run.sh            (from the repository; build first)
# Environment:
#   BUILD=dir         build directory (default: ../build next to this script)
#   OURS=path         our runsc (default: $BUILD/runsc)
#   PLATFORMS="..."   our configurations, one column each: a platform,
#                     optionally followed by runsc global flags, each after
#                     a colon (default: "ptrace seccomp-trap
#                     seccomp-trap:--systrap-rewrite=false"). A flagged
#                     column is named after its flags (--x-y=false gives
#                     "-noy", so the last one is seccomp-trap-norewrite)
#                     and is left out, with a note, if runsc rejects a flag.
#   GVISOR=path       gVisor's runsc (default: /usr/bin/runsc; GVISOR= skips)
#   REPS=n            runs of each microbenchmark per column (default 3)
#   RUNS=n            runs of each whole command per column (default 10)
#   SCALE=x           multiplies every iteration count (default 1)
#   PYTHON=path       python for the python3 row (default /usr/bin/python3;
#                     not a pyenv shim, which would time a shell script)
#   RUNS_REAL=n       runs of each real program per column (default 3)
#   IDLE_SECONDS=n    length of the idle measurement (default 10; under 3
#                     skips it)
#   TIMEOUT=s         time limit of each command (default 60)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../build}
BUILD=$(cd "$BUILD" && pwd)
OURS=${OURS:-$BUILD/runsc}
PLATFORMS=${PLATFORMS:-ptrace seccomp-trap seccomp-trap:--systrap-rewrite=false}
GVISOR=${GVISOR-/usr/bin/runsc}
REPS=${REPS:-3}
RUNS=${RUNS:-10}
SCALE=${SCALE:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
RUNS_REAL=${RUNS_REAL:-3}
IDLE_SECONDS=${IDLE_SECONDS:-10}
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
declare -A COL_PLATFORM=() # ours-NAME -> platform
declare -A COL_FLAGS=()    # ours-NAME -> extra global flags (space-separated)

# cmd_for COLUMN CMD...: sets CMD to the command line running CMD there.
cmd_for() {
	local col=$1
	shift
	case $col in
	native) CMD=("$@") ;;
	gvisor) CMD=("$GVISOR" --platform=ptrace --network=none "do" "$@") ;;
	ours-*)
		# shellcheck disable=SC2206 # the flags are space-separated words
		CMD=("$OURS" "--platform=${COL_PLATFORM[$col]}" ${COL_FLAGS[$col]} --network=none "do" "$@")
		;;
	esac
}

# run_logged COLUMN CMD...: runs it with the time limit; output in
# $tmp/out, errors in $tmp/err (files, not pipes: a sandbox may change
# the flags of the descriptions it is given). Records the first failure.
run_logged() {
	local col=$1 rc=0
	shift
	cmd_for "$col" "$@"
	timeout -k 5 "$TIMEOUT" "${CMD[@]}" <"${STDIN:-/dev/null}" >"$tmp/out" 2>"$tmp/err" || rc=$?
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

# flag_suffix FLAG -> the column-name part for a runsc flag:
# --systrap-rewrite=false -> norewrite, --x-y=true or --x-y -> y, --x-y=v -> y=v
flag_suffix() {
	local f=${1#--} value=
	if [[ $f == *=* ]]; then
		value=${f#*=}
		f=${f%%=*}
	fi
	f=${f##*-}
	case $value in
	false) echo "no$f" ;;
	true | "") echo "$f" ;;
	*) echo "$f=$value" ;;
	esac
}

# ---- which columns can run
COLUMNS=(native)
for spec in $PLATFORMS; do
	IFS=: read -r -a parts <<<"$spec"
	name=${parts[0]}
	flags=
	for f in "${parts[@]:1}"; do
		flags+="${flags:+ }$f"
		name+="-$(flag_suffix "$f")"
	done
	COLUMNS+=("ours-$name")
	COL_PLATFORM[ours-$name]=${parts[0]}
	COL_FLAGS[ours-$name]=$flags
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
DROPPED=()
for col in "${COLUMNS[@]}"; do
	if [ "$col" = native ]; then
		USABLE[$col]=1
	elif [[ $col == ours-* && ! -x $OURS ]]; then
		ERRORS[$col]="$OURS not built"
	elif run_logged "$col" /bin/true; then
		USABLE[$col]=1
	elif [ -n "${COL_FLAGS[$col]:-}" ] &&
		grep -qiE 'flag provided but not defined|unknown (flag|option)|unrecognized option' "$tmp/err"; then
		echo "note: $OURS rejects ${COL_FLAGS[$col]}; column $col is left out" >&2
		unset "ERRORS[$col]"
		DROPPED+=("$col")
	fi
done
if [ "${#DROPPED[@]}" -gt 0 ]; then
	kept=()
	for col in "${COLUMNS[@]}"; do
		[[ " ${DROPPED[*]} " == *" $col "* ]] || kept+=("$col")
	done
	COLUMNS=("${kept[@]}")
fi
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

# ---- real programs
real=$tmp/real
mkdir -p "$real"
# 5,000 lines of small functions: structs, loops, branches, no recursion
# (a chain of calls would make the inliner's work grow with the file).
awk -v lines=5000 '
	function p(s) { print s; n++ }
	BEGIN {
		p("/* generated by bench/run.sh: many small functions for gcc -O2 */")
		p("struct vec { double x, y, z; int tag; };")
		p("struct node { struct node *next; struct vec v; long key; char name[16]; };")
		for (i = 0; n < lines; i++) {
			p("struct s" i " { int a[" (i % 7 + 2) "]; struct vec v; long k; };")
			p("static long f" i "(struct s" i " *p, struct node *l, int n) {")
			p("\tlong acc = " i ";")
			p("\tfor (int j = 0; j < n; j++) {")
			p("\t\tacc += p->a[j % " (i % 7 + 2) "] * (j ^ " (i * 31 % 97) ");")
			p("\t\tp->v.x += acc * 0.5;")
			p("\t\tif (acc > " (i * 7919 % 10007) ") acc %= " (i % 13 + 3) ";")
			p("\t}")
			p("\tfor (; l; l = l->next) {")
			p("\t\tif (l->key == acc) break;")
			p("\t\tl->v.z = l->v.x * p->v.y + " i ".0;")
			p("\t\tif (l->key & 1) acc -= l->name[" (i % 16) "]; else acc ^= l->v.tag;")
			p("\t}")
			p("\tp->k = acc;")
			p(i % 4 ? "\treturn acc + (long)p->v.y;" : "\treturn acc;")
			p("}")
			p("long g" i "(struct node *l) { struct s" i " s = { .k = " i " }; return f" i "(&s, l, " (i % 50 + 10) "); }")
		}
	}' >"$real/big.c"
cat >"$real/json_work.py" <<'EOF_PY'
import json
doc = {"users": [{"id": i, "name": "user%d" % i, "tags": ["a", "b", "c%d" % (i % 7)],
                  "scores": [i * 0.5, i / 3.0, -i],
                  "addr": {"street": "s%d" % i, "zip": i * 13,
                           "geo": {"lat": i / 7.0, "lon": -i / 11.0}},
                  "active": i % 2 == 0} for i in range(200)],
       "meta": {"version": 3, "note": "x" * 100}}
total = 0
for _ in range(1000):
    s = json.dumps(doc)
    back = json.loads(s)
    total += len(s) + len(back["users"])
print(total)
EOF_PY
awk 'BEGIN {
	print "BEGIN;"
	print "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL, k INTEGER);"
	print "CREATE INDEX tk ON t(k);"
	for (i = 0; i < 50000; i++)
		printf "INSERT INTO t(name, v, k) VALUES (%cname-%d%c, %d.5, %d);\n", 39, i, 39, i, (i * 7919) % 50021
	print "COMMIT;"
	print "SELECT count(*), sum(k) FROM t;"
}' >"$real/insert.sql"
# real_cmd NAME OUT: sets ARGV and INPUT (its stdin) for a real program;
# OUT is a path prefix new for each run (outputs start from nothing).
real_cmd() {
	INPUT=/dev/null
	case $1 in
	gcc_5k_lines) ARGV=(gcc -O2 -c "$real/big.c" -o "$2.o") ;;
	python3_json) ARGV=("$PYTHON" "$real/json_work.py") ;;
	sqlite3_50k)
		ARGV=(sqlite3 "$2.db")
		INPUT=$real/insert.sql
		;;
	sh_200_forkexec)
		# shellcheck disable=SC2016 # expanded by the sandboxed sh
		ARGV=(/bin/sh -c 'i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done')
		;;
	esac
}
REAL=(gcc_5k_lines python3_json sqlite3_50k sh_200_forkexec)
# Repetitions go round the columns (r outermost): this VM has slow phases
# lasting seconds, which then fall on every column alike.
for name in "${REAL[@]}"; do
	for ((r = 0; r < RUNS_REAL; r++)); do
		for col in "${COLUMNS[@]}"; do
			[ -n "${USABLE[$col]:-}" ] || continue
			real_cmd "$name" "$real/out-$col-$r"
			start=$(date +%s%N)
			STDIN=$INPUT run_logged "$col" "${ARGV[@]}" || continue
			end=$(date +%s%N)
			VALUES[$col,$name]+="$(awk -v d=$((end - start)) 'BEGIN { printf "%.3f", d / 1e6 }') "
		done
	done
done

# ---- idle CPU: percent of one CPU used by the tree under `sleep`
# tree_sample PID: one "TASK NANOSECONDS" line per thread of PID and of
# all its descendants: the CPU time each has used (schedstat's first field,
# user+sys at nanosecond resolution, where stat's ticks are 10 ms).
tree_sample() {
	local p t ns rest
	# Processes come and go while cat reads: its failures are expected.
	for p in $({ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
		{
			pid = $1
			sub(/^.*\) /, "") # after "pid (comm) ": $1 is the state
			parent[pid] = $2
		}
		END {
			for (pid in parent) {
				for (p = pid; p != "" && p != root && p > 1; p = parent[p]) {}
				if (p == root) print pid
			}
		}'); do
		for t in /proc/"$p"/task/*/schedstat; do
			{ read -r ns rest <"$t" && echo "$t $ns"; } 2>/dev/null || true
		done
	done
}
# cpu_between SAMPLE1 SAMPLE2 -> nanoseconds used in between (a task seen
# only in the second sample counts from zero; one gone has left no trace).
cpu_between() {
	awk 'NR == FNR { before[$1] = $2; next } { sum += $2 - before[$1] } END { print sum + 0 }' "$1" "$2"
}
if [ "$IDLE_SECONDS" -gt 2 ]; then
	for col in "${COLUMNS[@]}"; do
		[ -n "${USABLE[$col]:-}" ] || continue
		cmd_for "$col" sleep "$IDLE_SECONDS"
		# timeout's own CPU use, part of the tree, is negligible.
		timeout -k 5 $((IDLE_SECONDS + TIMEOUT)) "${CMD[@]}" </dev/null >"$tmp/out" 2>"$tmp/err" &
		pid=$!
		sleep 1
		t0=$(date +%s%N)
		tree_sample "$pid" >"$tmp/idle0"
		sleep $((IDLE_SECONDS - 2))
		tree_sample "$pid" >"$tmp/idle1"
		t1=$(date +%s%N)
		rc=0
		wait "$pid" || rc=$?
		if [ "$rc" -ne 0 ]; then
			[ -n "${ERRORS[$col]:-}" ] ||
				ERRORS[$col]="sleep $IDLE_SECONDS (exit $rc): $(head -c 300 "$tmp/err" | tr '\n' ' ')"
			continue
		fi
		VALUES[$col,idle_cpu]=$(awk -v c="$(cpu_between "$tmp/idle0" "$tmp/idle1")" -v ns=$((t1 - t0)) \
			'BEGIN { printf "%.3f", c / ns * 100 }')
	done
fi

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

printf '%-24s' metric
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
	printf '%-24s' "$metric ($unit)"
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
printf -- '-- real programs\n'
for name in "${REAL[@]}"; do print_row "$name" ms; done
if [ "$IDLE_SECONDS" -gt 2 ]; then
	printf -- '-- idle\n'
	print_row idle_cpu %
fi
printf '\nmicrobenchmarks: median of %s runs, microseconds per operation; ' "$REPS"
printf 'true/python3: median wall time of %s runs (%s), milliseconds\n' "$RUNS" "$timer"
printf 'real programs: median wall time of %s runs, milliseconds; ' "$RUNS_REAL"
printf 'idle_cpu: CPU time of the process tree over %s s of sleep, %% of one CPU\n' \
	"$((IDLE_SECONDS - 2))"
for col in "${COLUMNS[@]}"; do
	if [ -n "${ERRORS[$col]:-}" ]; then
		printf '%s: first failure: %s\n' "$col" "${ERRORS[$col]}"
	fi
done
