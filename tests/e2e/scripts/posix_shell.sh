#!/bin/sh
# POSIX shell workload for busybox sh (and any POSIX sh): pipelines,
# redirections, subshells, here-documents, background jobs, wait, trap,
# kill. Output is deterministic; run by tests/e2e/test_shells.sh.
set -u
tmp=$(mktemp -d /tmp/e2e-sh.XXXXXX)
trap 'rm -rf "$tmp"; echo "EXIT trap ran"' EXIT

echo "pipeline: $(printf 'pear\napple\nfig\n' | sort | tr '\n' ' ')"
echo "count: $(seq 1 100 | grep -c 5)"
echo "sum: $(seq 1 100 | awk '{s+=$1} END {print s}')"

echo one > "$tmp/f"
echo two >> "$tmp/f"
while read -r line; do echo "read: $line"; done < "$tmp/f"
exec 3> "$tmp/g"
echo via-fd3 >&3
exec 3>&-
cat "$tmp/g"
ls /nonexistent-e2e-path 2>/dev/null || echo "stderr redirected, status nonzero"
{ echo grouped-1; echo grouped-2; } | wc -l | tr -d ' '

x=outer
( x=inner; echo "in subshell: $x" )
echo "after subshell: $x"
echo "subshell exit: $( (exit 7); echo $? )"
echo "nested: $(echo "a$(echo "b$(echo c)")")"

name=world
cat <<END
here-doc hello $name
  indented line
END
cat <<'END'
quoted here-doc keeps $name
END

sleep 0.2 &
bg=$!
wait "$bg"
echo "background job status: $?"
(exit 5) &
wait $!
echo "background exit 5: $?"
i=0
for n in 1 2 3 4; do
	( sleep 0.0$n; echo "job $n" > "$tmp/job$n" ) &
done
wait
echo "jobs finished: $(cat "$tmp"/job* | wc -l | tr -d ' ')"

got=""
trap 'got=USR1' USR1
kill -USR1 $$
echo "trap handler: $got"
trap - USR1
sleep 10 &
victim=$!
sleep 0.1 # let the job exec sleep before it is killed
kill "$victim"
wait "$victim"
echo "killed job status: $?"
sleep 10 &
victim=$!
sleep 0.1 # let the job exec sleep before it is killed
kill -9 "$victim"
wait "$victim"
echo "kill -9 status: $?"

case "abc.tar.gz" in
*.tar.gz) echo "case: tarball" ;;
*) echo "case: other" ;;
esac
f() { echo "function args: $# first=$1"; return 3; }
f a b c
echo "function status: $?"
echo "arith: $((6 * 7)) $((17 % 5)) $(( (1 << 10) - 1 ))"
v="path/to/file.txt"
echo "params: ${v##*/} ${v%.*} ${#v}"
set -- x y z
echo "positional: $# $2"
echo "test: $([ -d /tmp ] && echo dir) $([ -e /nonexistent ] || echo missing)"
echo "done"
