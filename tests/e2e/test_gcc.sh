#!/bin/bash
# E2E: gcc compiles and runs a program inside the sandbox.
. "$(dirname "$0")/lib.sh"
if e2e_have gcc; then
	e2e_compare gcc-hello /bin/sh "$E2E_DIR/scripts/gcc_hello.sh"
else
	e2e_skip gcc-hello "gcc not installed"
fi
e2e_finish
