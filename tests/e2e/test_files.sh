#!/bin/bash
# E2E: reading the host file tree through the sandbox, and writes staying inside.
. "$(dirname "$0")/lib.sh"
e2e_compare find-usr-include /bin/sh -c "find /usr/include -name '*.h' | LC_ALL=C sort | md5sum"
e2e_compare tar-usr-share-doc /bin/sh -c 'tar -C / -cf - usr/share/doc | tar -tvf - | wc -l'
e2e_compare cat-md5-libc /bin/sh -c 'cat /usr/lib/x86_64-linux-gnu/libc.so.6 | md5sum; md5sum < /etc/passwd'
e2e_compare coreutils-mix /bin/sh -c 'd=$(mktemp -d /tmp/e2e-cu.XXXXXX); cd "$d"; seq 1 1000 > n; sort -rn n | head -3; cp n m; cmp n m && echo same; mv m k; ln -s k l; readlink l; wc -c < l; du -b n | cut -f1; cd /; rm -rf "$d"'
token=$(date +%s%N)-$$
if [ "$E2E_RUNSC" = none ]; then
	e2e_skip files-stay-inside "sandbox-only check"
else
	e2e_sandbox files-written-inside "
echo inside > /tmp/e2e-marker-$token && echo inside > /e2e-marker-$token &&
test \"\$(cat /tmp/e2e-marker-$token)\" = inside && test -f /e2e-marker-$token"
	e2e_host files-not-on-host "test ! -e /tmp/e2e-marker-$token && test ! -e /e2e-marker-$token"
	rm -f "/tmp/e2e-marker-$token" "/e2e-marker-$token"
fi
e2e_finish
