#!/bin/bash
# Runs every end-to-end test (tests/e2e/test_*.sh) against one runsc.
# usage: tests/e2e/run.sh RUNSC [PLATFORM...]    (RUNSC=none: native twice)
# Prints each test's PASS/FAIL/SKIP lines and ends with "N passed, N failed";
# exits non-zero if anything failed.
set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 RUNSC [PLATFORM...]" >&2
	exit 2
fi
dir=$(cd "$(dirname "$0")" && pwd)
passed=0
failed=0
for t in "$dir"/test_*.sh; do
	[ -n "${E2E_FILTER:-}" ] && ! [[ $(basename "$t") =~ $E2E_FILTER ]] && continue
	echo "== $(basename "$t")"
	out=$(bash "$t" "$@" 2>&1)
	st=$?
	echo "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	p=$(echo "$out" | grep -c '^PASS: ')
	f=$(echo "$out" | grep -c '^FAIL: ')
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $(basename "$t") [script exited $st]"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
