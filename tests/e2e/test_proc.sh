#!/bin/bash
# E2E: /proc as seen by real programs, and isolation from host processes.
. "$(dirname "$0")/lib.sh"
# The names in /proc/self/ must match Linux's (values differ, names don't).
# The entries programs rely on, compared by name (the full lists differ by
# kernel version: newer kernels add entries and status fields).
e2e_compare proc-self-names /bin/sh -c 'ls -1 /proc/self/ | grep -xE "cgroup|cmdline|comm|cwd|environ|exe|fd|fdinfo|limits|maps|mountinfo|mounts|oom_score_adj|root|stat|statm|status|task" | LC_ALL=C sort'
e2e_compare proc-status-fields /bin/sh -c 'cut -d: -f1 /proc/self/status | grep -xE "Name|Umask|State|Tgid|Ngid|Pid|PPid|TracerPid|Uid|Gid|FDSize|Groups|NStgid|NSpid|NSpgid|NSsid|VmPeak|VmSize|VmRSS|Threads|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Cpus_allowed|Cpus_allowed_list|voluntary_ctxt_switches|nonvoluntary_ctxt_switches" | LC_ALL=C sort'
e2e_sandbox proc-ls-la-self 'ls -la /proc/self/ > /tmp/ls.out && grep -q " exe -> " /tmp/ls.out && grep -q " fd$" /tmp/ls.out || { cat /tmp/ls.out; exit 1; }'
e2e_compare proc-self-stat-fields /bin/sh -c 'cat /proc/self/stat | wc -w'
e2e_sandbox proc-status-values '
s=$(cat /proc/self/status)
echo "$s" | grep -Eq "^Name:[[:space:]]+cat$" || { echo "bad Name"; echo "$s"; exit 1; }
echo "$s" | grep -Eq "^State:[[:space:]]+R" || { echo "bad State"; echo "$s"; exit 1; }
echo "$s" | grep -Eq "^Pid:[[:space:]]+[0-9]+$" || { echo "bad Pid"; echo "$s"; exit 1; }
'
# A ps-like listing inside shows only the sandbox's few processes.
e2e_sandbox ps-listing-only-sandbox '
n=0; shell=no
for d in /proc/[0-9]*; do
	c=$(cat "$d/comm" 2>/dev/null) || continue
	echo "$d $c"
	n=$((n + 1))
	[ "$c" = sh ] && shell=yes
done
echo "count=$n shell=$shell"
[ "$n" -ge 1 ] && [ "$n" -le 10 ] && [ "$shell" = yes ]
'
e2e_sandbox host-processes-invisible '
c=$(tr "\0" " " < /proc/1/cmdline)
case "$c" in
"/bin/sh -c "*) ;;
*) echo "pid 1 is not our command: $c"; exit 1 ;;
esac
n=$(ls -d /proc/[0-9]* | wc -l)
[ "$n" -le 10 ] || { echo "$n processes visible"; exit 1; }
kill -0 1 || exit 1
'
e2e_finish
