/* Advisory locks; see fs/locks.h. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/file.h>
#include "fs/locks.h"
#include "sentry/task.h"

struct lock_rec {
	struct list_node link;
	void *owner;
	pid_t pid;
	short type; /* F_RDLCK / F_WRLCK (flock: LOCK_SH/LOCK_EX mapped to these) */
	off_t start, end;
};

static bool ranges_overlap(const struct lock_rec *l, off_t start, off_t end)
{
	return l->start <= end && start <= l->end;
}

static struct lock_rec *find_conflict(struct list_node *list, void *owner, short type,
				      off_t start, off_t end)
{
	list_for_each(n, list) {
		struct lock_rec *l = container_of(n, struct lock_rec, link);
		if (l->owner == owner || !ranges_overlap(l, start, end))
			continue;
		if (type == F_WRLCK || l->type == F_WRLCK)
			return l;
	}
	return NULL;
}

void vfs_posix_lock_test(struct vfs_inode *inode, void *owner, short type,
			 off_t start, off_t end, struct flock *fl)
{
	pthread_mutex_lock(&inode->lock);
	struct lock_rec *l = find_conflict(&inode->posix_locks, owner, type, start, end);
	if (l) {
		fl->l_type = l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = l->start;
		fl->l_len = l->end == VFS_LOCK_EOF ? 0 : l->end - l->start + 1;
		fl->l_pid = l->pid;
	} else {
		fl->l_type = F_UNLCK;
	}
	pthread_mutex_unlock(&inode->lock);
}

/* Removes owner's locks in [start, end], splitting partial overlaps. */
static int posix_unlock_range(struct vfs_inode *inode, void *owner, off_t start, off_t end)
{
	list_for_each_safe(n, &inode->posix_locks) {
		struct lock_rec *l = container_of(n, struct lock_rec, link);
		if (l->owner != owner || !ranges_overlap(l, start, end))
			continue;
		if (l->start < start && l->end > end) {
			struct lock_rec *tail = malloc(sizeof(*tail));
			if (!tail)
				return -ENOLCK;
			*tail = *l;
			tail->start = end + 1;
			l->end = start - 1;
			list_add_tail(&inode->posix_locks, &tail->link);
		} else if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			list_remove(&l->link);
			free(l);
		}
	}
	return 0;
}

struct posix_try {
	struct vfs_inode *inode;
	void *owner;
	pid_t pid;
	short type;
	off_t start, end;
};

static long posix_try_lock(void *arg)
{
	struct posix_try *p = arg;
	struct vfs_inode *inode = p->inode;
	pthread_mutex_lock(&inode->lock);
	long err = 0;
	if (p->type != F_UNLCK &&
	    find_conflict(&inode->posix_locks, p->owner, p->type, p->start, p->end)) {
		err = -EAGAIN;
		goto out;
	}
	struct lock_rec *nl = NULL;
	if (p->type != F_UNLCK) {
		nl = malloc(sizeof(*nl));
		if (!nl) {
			err = -ENOLCK;
			goto out;
		}
	}
	err = posix_unlock_range(inode, p->owner, p->start, p->end);
	if (err) {
		free(nl);
		goto out;
	}
	if (nl) {
		*nl = (struct lock_rec){ .owner = p->owner, .pid = p->pid, .type = p->type,
					 .start = p->start, .end = p->end };
		list_add_tail(&inode->posix_locks, &nl->link);
	}
out:
	pthread_mutex_unlock(&inode->lock);
	if (!err)
		waitq_notify(&inode->lock_waitq, POLLIN);
	return err;
}

int vfs_posix_lock_set(struct task *t, struct vfs_inode *inode, void *owner, pid_t pid,
		       short type, off_t start, off_t end, bool wait)
{
	struct posix_try p = { inode, owner, pid, type, start, end };
	long err = posix_try_lock(&p);
	if (err == -EAGAIN && wait && t)
		err = task_wait_until(t, &inode->lock_waitq, POLLIN, NULL, posix_try_lock, &p);
	return (int)err;
}

/* Drops every lock of owner in the list (one of inode's) and wakes the
 * waiters if any went. */
static void drop_owner_locks(struct vfs_inode *inode, struct list_node *locks, void *owner)
{
	bool changed = false;
	pthread_mutex_lock(&inode->lock);
	list_for_each_safe(n, locks) {
		struct lock_rec *l = container_of(n, struct lock_rec, link);
		if (l->owner == owner) {
			list_remove(&l->link);
			free(l);
			changed = true;
		}
	}
	pthread_mutex_unlock(&inode->lock);
	if (changed)
		waitq_notify(&inode->lock_waitq, POLLIN);
}

void vfs_posix_locks_release(struct vfs_file *f, void *owner)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!inode)
		return;
	drop_owner_locks(inode, &inode->posix_locks, owner);
}

struct flock_try {
	struct vfs_inode *inode;
	struct vfs_file *f;
	short type;
};

static long flock_try_lock(void *arg)
{
	struct flock_try *p = arg;
	struct vfs_inode *inode = p->inode;
	pthread_mutex_lock(&inode->lock);
	long err = 0;
	if (find_conflict(&inode->flock_locks, p->f, p->type, 0, VFS_LOCK_EOF)) {
		err = -EWOULDBLOCK;
		goto out;
	}
	struct lock_rec *mine = NULL;
	list_for_each(n, &inode->flock_locks) {
		struct lock_rec *l = container_of(n, struct lock_rec, link);
		if (l->owner == p->f)
			mine = l;
	}
	if (!mine) {
		mine = calloc(1, sizeof(*mine));
		if (!mine) {
			err = -ENOLCK;
			goto out;
		}
		mine->owner = p->f;
		mine->end = VFS_LOCK_EOF;
		list_add_tail(&inode->flock_locks, &mine->link);
	}
	mine->type = p->type;
out:
	pthread_mutex_unlock(&inode->lock);
	if (!err)
		waitq_notify(&inode->lock_waitq, POLLIN);
	return err;
}

static void flock_unlock(struct vfs_inode *inode, struct vfs_file *f)
{
	drop_owner_locks(inode, &inode->flock_locks, f);
}

int vfs_flock(struct task *t, struct vfs_file *f, int op)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!inode)
		return -EINVAL;
	bool nb = op & LOCK_NB;
	op &= ~LOCK_NB;
	short type;
	switch (op) {
	case LOCK_UN:
		flock_unlock(inode, f);
		return 0;
	case LOCK_SH:
		type = F_RDLCK;
		break;
	case LOCK_EX:
		type = F_WRLCK;
		break;
	default:
		return -EINVAL;
	}
	struct flock_try p = { inode, f, type };
	long err = flock_try_lock(&p);
	if (err == -EWOULDBLOCK && !nb && t) {
		/* Linux drops a held lock before waiting for a conversion. */
		flock_unlock(inode, f);
		err = task_wait_until(t, &inode->lock_waitq, POLLIN, NULL, flock_try_lock, &p);
		if (err == -EWOULDBLOCK)
			err = -EAGAIN;
	}
	return (int)err;
}

void vfs_locks_release_file(struct vfs_file *f)
{
	struct vfs_inode *inode = vfs_file_inode(f);
	if (!inode)
		return;
	pthread_mutex_lock(&inode->lock);
	bool any_flock = !list_empty(&inode->flock_locks);
	bool any_posix = !list_empty(&inode->posix_locks);
	pthread_mutex_unlock(&inode->lock);
	if (any_flock)
		flock_unlock(inode, f);
	if (any_posix)
		vfs_posix_locks_release(f, f); /* open file description locks */
}
