# Sourced by the test runners: the runsc flags that select a platform name
# of $PLATFORMS. "ptrace-strict" is the ptrace platform with PTRACE_SYSEMU.
platform_flags() {
	case "$1" in
	ptrace-strict) echo "--platform=ptrace --ptrace-strict" ;;
	*) echo "--platform=$1" ;;
	esac
}
