/* Errno names and messages for --strace, the audit log and the docs. The
 * names of ordinary codes come from glibc (strerrorname_np, the same names
 * Linux's headers use); the kernel-internal codes above 511 are ours. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "syscalls/errno_names.h"

#include <stdio.h>
#include <string.h>
#include "syscalls/syscall.h"

struct internal_errno {
	int nr;
	const char *name;
	const char *text;
};

/* include/linux/errno.h; texts as strace prints them. */
static const struct internal_errno internal[] = {
	{ ERESTARTSYS, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ ERESTARTNOINTR, "ERESTARTNOINTR", "To be restarted" },
	{ ERESTARTNOHAND, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ ERESTART_RESTARTBLOCK, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
	{ 517, "EPROBE_DEFER", "Requested probe deferral" },
	{ 518, "EOPENSTALE", "Open found a stale dentry" },
	{ 519, "ENOPARAM", "Parameter not supported" },
	{ 521, "EBADHANDLE", "Illegal NFS file handle" },
	{ 522, "ENOTSYNC", "Update synchronization mismatch" },
	{ 523, "EBADCOOKIE", "Cookie is stale" },
	{ 524, "ENOTSUPP", "Operation is not supported" },
	{ 525, "ETOOSMALL", "Buffer or request is too small" },
	{ 526, "ESERVERFAULT", "An untranslatable error occurred" },
	{ 527, "EBADTYPE", "Type not supported by server" },
	{ 528, "EJUKEBOX", "Request initiated, but will not complete before timeout" },
	{ 529, "EIOCBQUEUED", "iocb queued, will get completion event" },
	{ 530, "ERECALLCONFLICT", "Conflict with recalled state" },
};

static const struct internal_errno *find_internal(int err)
{
	for (size_t i = 0; i < sizeof(internal) / sizeof(internal[0]); i++)
		if (internal[i].nr == err)
			return &internal[i];
	return NULL;
}

const char *errno_name(int err)
{
	const struct internal_errno *e = find_internal(err);
	if (e)
		return e->name;
	if (err <= 0 || err >= 512)
		return NULL;
	return strerrorname_np(err);
}

const char *errno_text(int err)
{
	static _Thread_local char unknown[32];
	const struct internal_errno *e = find_internal(err);
	if (e)
		return e->text;
	const char *s = err > 0 && err < 512 ? strerrordesc_np(err) : NULL;
	if (s)
		return s;
	snprintf(unknown, sizeof(unknown), "Unknown error %d", err);
	return unknown;
}

int errno_is_restart(int err)
{
	return err == ERESTARTSYS || err == ERESTARTNOINTR || err == ERESTARTNOHAND ||
	       err == ERESTART_RESTARTBLOCK;
}
