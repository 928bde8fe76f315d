/* Credentials syscalls (kernel/sys.c, kernel/groups.c): the uid/gid
 * families with Linux's permission rules, and capabilities as seen by a
 * sandbox whose root holds every capability inside the sandbox. */
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include "sentry/kernel.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(getuid) { return t->tg->cred.uid; }
SYSCALL_DEFINE(geteuid) { return t->tg->cred.euid; }
SYSCALL_DEFINE(getgid) { return t->tg->cred.gid; }
SYSCALL_DEFINE(getegid) { return t->tg->cred.egid; }

static long put_three(struct task *t, const struct syscall_args *args, uint32_t a, uint32_t b, uint32_t c)
{
	if (task_copy_out(t, args->a[0], &a, 4) < 0 || task_copy_out(t, args->a[1], &b, 4) < 0 ||
	    task_copy_out(t, args->a[2], &c, 4) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(getresuid)
{
	struct cred *c = &t->tg->cred;
	return put_three(t, args, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE(getresgid)
{
	struct cred *c = &t->tg->cred;
	return put_three(t, args, c->gid, c->egid, c->sgid);
}

/* setres[ug]id's rule: an unprivileged caller may set each id only to one
 * of its current real, effective or saved ids. -1 leaves an id alone. */
static bool id_allowed(uint32_t want, uint32_t r, uint32_t e, uint32_t s)
{
	return want == (uint32_t)-1 || want == r || want == e || want == s;
}

static long set_res(struct task *t, uint32_t r, uint32_t e, uint32_t s, bool gid)
{
	pthread_mutex_lock(&kernel.lock);
	struct cred *c = &t->tg->cred;
	uint32_t *R = gid ? &c->gid : &c->uid, *E = gid ? &c->egid : &c->euid;
	uint32_t *S = gid ? &c->sgid : &c->suid, *F = gid ? &c->fsgid : &c->fsuid;
	long ret = 0;
	if (!cred_is_privileged(c) &&
	    (!id_allowed(r, *R, *E, *S) || !id_allowed(e, *R, *E, *S) || !id_allowed(s, *R, *E, *S))) {
		ret = -EPERM;
	} else {
		if (r != (uint32_t)-1)
			*R = r;
		if (e != (uint32_t)-1)
			*E = e;
		if (s != (uint32_t)-1)
			*S = s;
		*F = *E;
	}
	pthread_mutex_unlock(&kernel.lock);
	return ret;
}

SYSCALL_DEFINE(setresuid)
{
	return set_res(t, (uint32_t)args->a[0], (uint32_t)args->a[1], (uint32_t)args->a[2], false);
}

SYSCALL_DEFINE(setresgid)
{
	return set_res(t, (uint32_t)args->a[0], (uint32_t)args->a[1], (uint32_t)args->a[2], true);
}

/* setreuid: the saved id follows the new effective id when the real id is
 * set or the effective id differs from the old real id. */
static long set_re(struct task *t, uint32_t r, uint32_t e, bool gid)
{
	struct cred *c = &t->tg->cred;
	uint32_t oldr = gid ? c->gid : c->uid;
	uint32_t olde = gid ? c->egid : c->euid;
	if (!cred_is_privileged(c)) {
		if (r != (uint32_t)-1 && r != oldr && r != olde)
			return -EPERM;
		uint32_t olds = gid ? c->sgid : c->suid;
		if (e != (uint32_t)-1 && e != oldr && e != olde && e != olds)
			return -EPERM;
	}
	uint32_t neweff = e != (uint32_t)-1 ? e : olde;
	uint32_t s = (r != (uint32_t)-1 || (e != (uint32_t)-1 && e != oldr)) ? neweff : (uint32_t)-1;
	return set_res(t, r, e, s, gid);
}

SYSCALL_DEFINE(setreuid) { return set_re(t, (uint32_t)args->a[0], (uint32_t)args->a[1], false); }
SYSCALL_DEFINE(setregid) { return set_re(t, (uint32_t)args->a[0], (uint32_t)args->a[1], true); }

/* setuid: privileged callers set all three, others only the effective. */
static long set_one(struct task *t, uint32_t id, bool gid)
{
	if (id == (uint32_t)-1)
		return -EINVAL;
	struct cred *c = &t->tg->cred;
	if (cred_is_privileged(c))
		return set_res(t, id, id, id, gid);
	uint32_t r = gid ? c->gid : c->uid, s = gid ? c->sgid : c->suid;
	if (id != r && id != s)
		return -EPERM;
	return set_res(t, (uint32_t)-1, id, (uint32_t)-1, gid);
}

SYSCALL_DEFINE(setuid) { return set_one(t, (uint32_t)args->a[0], false); }
SYSCALL_DEFINE(setgid) { return set_one(t, (uint32_t)args->a[0], true); }

static long set_fs(struct task *t, uint32_t id, bool gid)
{
	struct cred *c = &t->tg->cred;
	uint32_t *F = gid ? &c->fsgid : &c->fsuid;
	uint32_t old = *F;
	uint32_t r = gid ? c->gid : c->uid, e = gid ? c->egid : c->euid, s = gid ? c->sgid : c->suid;
	if (id != (uint32_t)-1 && (cred_is_privileged(c) || id == r || id == e || id == s || id == old))
		*F = id;
	return old;
}

SYSCALL_DEFINE(setfsuid) { return set_fs(t, (uint32_t)args->a[0], false); }
SYSCALL_DEFINE(setfsgid) { return set_fs(t, (uint32_t)args->a[0], true); }

SYSCALL_DEFINE(getgroups)
{
	int size = (int)args->a[0];
	struct cred *c = &t->tg->cred;
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (task_copy_out(t, args->a[1], c->groups, sizeof(gid_t) * (size_t)c->ngroups) < 0)
		return -EFAULT;
	return c->ngroups;
}

SYSCALL_DEFINE(setgroups)
{
	int size = (int)args->a[0];
	struct cred *c = &t->tg->cred;
	if (!cred_is_privileged(c))
		return -EPERM;
	if (size < 0 || size > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (size > CRED_NGROUPS_INLINE)
		return -ENOMEM; /* more than the sandbox keeps per process */
	gid_t g[CRED_NGROUPS_INLINE];
	if (task_copy_in(t, g, args->a[1], sizeof(gid_t) * (size_t)size) < 0)
		return -EFAULT;
	memcpy(c->groups, g, sizeof(gid_t) * (size_t)size);
	c->ngroups = size;
	return 0;
}

SYSCALL_DEFINE(capget)
{
	struct __user_cap_header_struct hdr;
	if (task_copy_in(t, &hdr, args->a[0], sizeof(hdr)) < 0)
		return -EFAULT;
	if (hdr.version != _LINUX_CAPABILITY_VERSION_3 && hdr.version != _LINUX_CAPABILITY_VERSION_2 &&
	    hdr.version != _LINUX_CAPABILITY_VERSION_1) {
		hdr.version = _LINUX_CAPABILITY_VERSION_3;
		task_copy_out(t, args->a[0], &hdr, sizeof(hdr));
		return args->a[1] ? -EINVAL : 0;
	}
	if (hdr.pid < 0)
		return -EINVAL;
	if (!args->a[1])
		return 0;
	int n = hdr.version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	if (cred_is_privileged(&t->tg->cred)) {
		d[0].effective = d[0].permitted = 0xffffffff;
		d[1].effective = d[1].permitted = (1u << (CAP_LAST_CAP - 31)) - 1;
	}
	if (task_copy_out(t, args->a[1], d, sizeof(d[0]) * (size_t)n) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(capset)
{
	/* Capabilities are derived from the euid; dropping them is not yet
	 * modelled, so an attempt to change them is refused honestly. */
	return -EPERM;
}
