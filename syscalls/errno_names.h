/* Errno names and messages as strace prints them: "ENOENT" and
 * "No such file or directory", including the kernel-internal restart codes
 * (ERESTARTSYS ...) that strace shows but the app never sees. */
#pragma once

/* "ENOENT", or NULL for a number with no name. */
const char *errno_name(int err);
/* strace's text for err: strerror's for ordinary codes, strace's own for the
 * restart codes; "Unknown error N" style text never returns NULL. The result
 * for unnamed codes is in a thread-local buffer. */
const char *errno_text(int err);
/* True for the kernel-internal restart codes strace prints as "= ? NAME". */
int errno_is_restart(int err);
