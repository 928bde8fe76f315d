#!/bin/bash
# E2E: sqlite3 inserts and queries 10,000 rows inside the sandbox.
. "$(dirname "$0")/lib.sh"
if e2e_have sqlite3; then
	e2e_compare sqlite-10000-rows /bin/sh "$E2E_DIR/scripts/sqlite_rows.sh"
else
	e2e_skip sqlite-10000-rows "sqlite3 not installed"
fi
e2e_finish
