#!/bin/bash
# E2E: python3 with threads, subprocess, fork, signals, select, tempfile, multiprocessing.
. "$(dirname "$0")/lib.sh"
# Debian's interpreter, not a version-manager shim that depends on $HOME.
py=/usr/bin/python3
if [ -x "$py" ]; then
	e2e_compare python-workload "$py" "$E2E_DIR/python_workload.py"
	e2e_compare python-imports "$py" -c 'import json, sqlite3, hashlib, zlib, ssl, socket, ctypes; print(hashlib.sha256(b"x").hexdigest()[:16], zlib.crc32(b"abc"))'
else
	e2e_skip python-workload "python3 not installed"
fi
e2e_finish
