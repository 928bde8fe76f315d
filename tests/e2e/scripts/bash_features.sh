#!/bin/bash
# Bash workload: pipelines, redirections, subshells, here-documents,
# here-strings, process substitution, background jobs, wait, trap, kill,
# arrays. Output is deterministic; run by tests/e2e/test_shells.sh.
set -u
tmp=$(mktemp -d /tmp/e2e-bash.XXXXXX)
# Only the main shell runs the EXIT trap (a forked job killed before it
# execs would otherwise run it too).
trap '[ "$BASHPID" = "$$" ] && { rm -rf "$tmp"; echo "EXIT trap ran"; }' EXIT

echo "pipeline: $(printf '%s\n' c a b | sort -r | paste -sd,)"
set -o pipefail
false | true
echo "pipefail status: $?"
set +o pipefail
echo "PIPESTATUS: $(true | false | true; echo "${PIPESTATUS[@]}")"

printf 'l1\nl2\nl3\n' > "$tmp/f"
mapfile -t lines < "$tmp/f"
echo "mapfile: ${#lines[@]} ${lines[1]}"
echo "here-string: $(tr a-z A-Z <<< "shout")"
echo "process substitution: $(diff <(printf 'a\nb\n') <(printf 'a\nc\n') | grep -c '^[<>]')"
exec {fd}> "$tmp/g"
echo dyn-fd >&$fd
exec {fd}>&-
cat "$tmp/g"
echo "both streams" > "$tmp/h" 2>&1
ls /nonexistent-e2e 2> "$tmp/err" || echo "stderr captured: $(wc -l < "$tmp/err" | tr -d ' ') line"
{ echo out; echo err >&2; } 2>&1 | sort | paste -sd' '

declare -A map=([one]=1 [two]=2 [three]=3)
keys=$(printf '%s\n' "${!map[@]}" | sort | paste -sd' ')
echo "assoc keys: $keys sum: $(( map[one] + map[two] + map[three] ))"
arr=(zero one two three)
echo "array: ${#arr[@]} ${arr[*]:1:2} ${arr[-1]}"
s="Hello, World"
echo "string ops: ${s,,} ${s^^} ${s/World/There} ${s:7:5}"
[[ "abc123" =~ ^[a-z]+([0-9]+)$ ]] && echo "regex capture: ${BASH_REMATCH[1]}"
printf -v padded '%05d' 42
echo "printf -v: $padded"

count=0
( count=99 )
echo "subshell isolation: $count"
result=$( { echo inner; exit 4; } )
echo "command substitution exit: $? ($result)"

cat <<-EOF
	tab-stripped here-doc $count
	EOF

sleep 0.2 &
wait $!
echo "bg wait: $?"
for i in 1 2 3; do (sleep 0.0$i; exit $i) & pids+=($!); done
codes=()
for p in "${pids[@]}"; do wait "$p"; codes+=($?); done
echo "bg exit codes: ${codes[*]}"
coproc upper { tr a-z A-Z; }
echo "coproc data" >&"${upper[1]}"
exec {upper[1]}>&-
read -r reply <&"${upper[0]}"
wait
echo "coproc: $reply"

caught=()
trap 'caught+=(USR1)' USR1
trap 'caught+=(USR2)' USR2
kill -USR1 $$
kill -USR2 $$
echo "traps: ${caught[*]}"
sleep 10 &
victim=$!
sleep 0.1 # let the job exec sleep before it is killed
kill -TERM $victim
wait $victim
echo "TERM status: $?"
(trap 'echo "child got TERM"; exit 9' TERM; kill -TERM $BASHPID; sleep 1) 
echo "child trap exit: $?"
trap 'echo "ERR trap"' ERR
false
trap - ERR

fn() { local v=local; echo "fn: $v $#"; return 2; }
fn a b || echo "fn status: $?"
echo "brace expansion: $(echo {1..5} {a,b}x)"
echo "arith: $(( 2**10 )) $(( 7 / 2 )) $(( -7 % 3 ))"
shopt -s nullglob
files=("$tmp"/nomatch*)
echo "nullglob: ${#files[@]}"
echo "done"
