#!/bin/bash
# E2E: busybox sh and bash running the shell workloads in scripts/.
. "$(dirname "$0")/lib.sh"
if e2e_have busybox; then
	e2e_compare busybox-sh busybox sh "$E2E_DIR/scripts/posix_shell.sh"
else
	e2e_skip busybox-sh "busybox not installed"
fi
e2e_compare bash-script bash "$E2E_DIR/scripts/bash_features.sh"
e2e_compare dash-posix-script /bin/sh "$E2E_DIR/scripts/posix_shell.sh"
# More execs than a zygote serves (16, platform/seccomp_trap.c): each
# generation's children must start and exit as the first did.
e2e_compare exec-loop-across-zygotes /bin/sh -c 'i=0; while [ $i -lt 40 ]; do /bin/true || exit 1; /bin/echo "run $i"; i=$((i+1)); done | md5sum; exit 3'
# Programs taking turns, ld.so run as a program among them: every exec's
# images differ from the last one's (seccomp-trap's premapped images,
# platform/systrap_premap.c, must be dropped or replaced each time).
e2e_compare mixed-exec-loop /bin/sh -c 'i=0; while [ $i -lt 80 ]; do case $((i % 5)) in
	0) /bin/true ;; 1) /bin/echo "e $i" ;; 2) ls /usr/bin/true ;;
	3) /lib64/ld-linux-x86-64.so.2 /bin/echo "ld $i" ;; 4) /bin/sh -c "echo sub $i" ;;
	esac; i=$((i+1)); done | md5sum'
e2e_compare shell-one-liner /bin/sh -c 'echo $((1 + 2)); ls / >/dev/null && echo listed; exit 4'
e2e_finish
