#!/bin/bash
# E2E: `runsc run --bundle DIR ID` runs an OCI bundle's config.json in the
# foreground on every platform: the process's args, env, cwd, hostname and
# user come from the config, writes stay inside, and runsc exits with the
# container's status (128+N for a signal).
. "$(dirname "$0")/lib.sh"
if [ "$E2E_RUNSC" = none ]; then
	e2e_skip oci-run "runsc-only"
	e2e_finish
	exit
fi
bundle=$E2E_WORK/bundle
mkdir -p "$bundle"
write_config() { # ARGS_JSON
	cat >"$bundle/config.json" <<JSON
{"ociVersion": "1.0.2",
 "process": {"terminal": false, "user": {"uid": 0, "gid": 0},
             "args": $1, "env": ["PATH=/usr/bin:/bin", "GREETING=hi"], "cwd": "/tmp"},
 "root": {"path": "/", "readonly": true},
 "hostname": "oci-box"}
JSON
}
n=0
for p in "${E2E_PLATFORMS[@]}"; do
	n=$((n + 1))
	out=$E2E_WORK/oci.$p
	write_config '["/bin/sh", "-c", "echo $GREETING $(hostname) $(pwd) $(id -u) pid=$$; echo x > /tmp/oci-written-'$n'; exit 7"]'
	timeout -k 5 "$E2E_TIMEOUT" "$E2E_RUNSC" $(platform_flags "$p") run --bundle "$bundle" "e2e-oci-$n" \
		</dev/null >"$out.out" 2>"$out.err"
	st=$?
	if [ $st -eq 7 ] && [ "$(cat "$out.out")" = "hi oci-box /tmp 0 pid=1" ] &&
		[ ! -e /tmp/oci-written-$n ]; then
		_e2e_result PASS oci-run-config-and-status "$p"
	else
		echo "exit=$st" >>"$out.out"
		_e2e_result FAIL oci-run-config-and-status "$p" "$out.out" "$out.err"
	fi
	rm -f /tmp/oci-written-$n
	write_config '["/bin/sh", "-c", "kill -TERM $$"]'
	timeout -k 5 "$E2E_TIMEOUT" "$E2E_RUNSC" $(platform_flags "$p") run --bundle "$bundle" "e2e-oci-sig-$n" \
		</dev/null >"$out.sig.out" 2>"$out.sig.err"
	st=$?
	if [ $st -eq 143 ]; then
		_e2e_result PASS oci-run-signal-status "$p"
	else
		echo "exit=$st" >>"$out.sig.out"
		_e2e_result FAIL oci-run-signal-status "$p" "$out.sig.out" "$out.sig.err"
	fi
	timeout -k 5 "$E2E_TIMEOUT" "$E2E_RUNSC" $(platform_flags "$p") run --bundle "$E2E_WORK/missing" x \
		</dev/null >"$out.miss.out" 2>"$out.miss.err"
	st=$?
	if [ $st -ne 0 ] && [ -s "$out.miss.err" ]; then
		_e2e_result PASS oci-run-missing-bundle "$p"
	else
		echo "exit=$st" >>"$out.miss.out"
		_e2e_result FAIL oci-run-missing-bundle "$p" "$out.miss.out" "$out.miss.err"
	fi
done
e2e_finish
