/* Credentials of a thread group (Linux's struct cred, simplified: the sandbox
 * keeps one set per thread group, as glibc's setxid broadcast makes it). */
#pragma once
#include <sys/types.h>
#include <stdbool.h>

#define CRED_NGROUPS_MAX 65536
#define CRED_NGROUPS_INLINE 32

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	int ngroups;
	gid_t groups[CRED_NGROUPS_INLINE];
};

/* root inside the sandbox: what a container's init starts as. */
void cred_init_root(struct cred *c);
/* Capability checks: the sandbox's root (euid 0) holds every capability
 * inside the sandbox, nobody else holds any. */
static inline bool cred_is_privileged(const struct cred *c) { return c->euid == 0; }
static inline bool cred_fs_privileged(const struct cred *c) { return c->fsuid == 0; }
bool cred_in_group(const struct cred *c, gid_t gid);
