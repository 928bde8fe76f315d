/* fcntl F_GETOWN, F_SETOWN, F_GETOWN_EX, F_SETOWN_EX: the owner an open
 * file would send SIGIO/SIGURG to (Linux's fs/fcntl.c f_setown/f_getown).
 * The owner is recorded and validated as Linux does; signal-driven I/O
 * itself is not delivered yet.
 *
 * Note: glibc implements fcntl(F_GETOWN) with F_GETOWN_EX (so that a
 * process group owner is not mistaken for an error), so F_GETOWN_EX is
 * what every program actually reaches. */
#define _GNU_SOURCE
#include <fcntl.h>
#include "sentry/kernel.h"
#include "syscalls/fcntl_owner.h"
#include "syscalls/vfs_util.h"

static uint64_t owner_pack(int type, pid_t id)
{
	return ((uint64_t)(uint32_t)type << 32) | (uint32_t)id;
}

/* Whether a task, process or process group with this id exists: Linux's
 * pid_task(pid, type) != NULL. kernel.lock held. */
static bool owner_alive(int type, pid_t id)
{
	if (type == F_OWNER_TID)
		return kernel_find_task(id) != NULL;
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->state == TG_DEAD || tg->state == TG_ZOMBIE)
			continue;
		if (type == F_OWNER_PID ? tg->tgid == id : tg->pgid == id)
			return true;
	}
	return false;
}

/* Whether any live object uses id as a pid, tgid, pgid or sid: Linux's
 * find_vpid(id) != NULL. kernel.lock held. */
static bool pid_exists(pid_t id)
{
	if (kernel_find_task(id))
		return true;
	list_for_each(pos, &kernel.thread_groups) {
		struct thread_group *tg = container_of(pos, struct thread_group, all_link);
		if (tg->state != TG_DEAD && (tg->tgid == id || tg->pgid == id || tg->sid == id))
			return true;
	}
	return false;
}

static long set_owner(struct vfs_file *f, int type, pid_t id)
{
	long r = 0;
	pthread_mutex_lock(&kernel.lock);
	if (id && !pid_exists(id))
		r = -ESRCH;
	else
		atomic_store(&f->owner, owner_pack(type, id));
	pthread_mutex_unlock(&kernel.lock);
	return r;
}

/* The recorded owner; the id reads 0 once its target is gone (Linux's
 * pid_vnr of a pid with no task). */
static void get_owner(struct vfs_file *f, int *type, pid_t *id)
{
	uint64_t o = atomic_load(&f->owner);
	*type = (int)(o >> 32);
	*id = (pid_t)(uint32_t)o;
	pthread_mutex_lock(&kernel.lock);
	if (*id && !owner_alive(*type, *id))
		*id = 0;
	pthread_mutex_unlock(&kernel.lock);
}

long fcntl_owner(struct task *t, struct vfs_file *f, int cmd, uint64_t arg)
{
	int type;
	pid_t id;
	switch (cmd) {
	case F_GETOWN:
		get_owner(f, &type, &id);
		return type == F_OWNER_PGRP ? -(long)id : id;
	case F_SETOWN: {
		int who = (int)arg;
		if (who == INT_MIN)
			return -EINVAL;
		return who < 0 ? set_owner(f, F_OWNER_PGRP, -who) : set_owner(f, F_OWNER_PID, who);
	}
	case F_GETOWN_EX: {
		get_owner(f, &type, &id);
		struct f_owner_ex ex = { .type = type, .pid = id };
		return task_copy_out(t, arg, &ex, sizeof(ex));
	}
	case F_SETOWN_EX: {
		struct f_owner_ex ex;
		if (task_copy_in(t, &ex, arg, sizeof(ex)))
			return -EFAULT;
		if (ex.type != F_OWNER_TID && ex.type != F_OWNER_PID && ex.type != F_OWNER_PGRP)
			return -EINVAL;
		return set_owner(f, ex.type, ex.pid);
	}
	default:
		return -EINVAL;
	}
}
