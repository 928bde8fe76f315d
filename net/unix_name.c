/* AF_UNIX names (Linux's unix_bind, unix_autobind, unix_find_other,
 * unix_getname): path bindings as S_IFSOCK inodes of our VFS, abstract
 * names in a sandbox-global table separate per socket type, autobind, and
 * the lookup connect and sendto use. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/namei.h"
#include "fs/vfs_ops.h"
#include "net/unix.h"
#include "sentry/task.h"

/* Every bound socket (path or abstract), searched linearly: a sandbox has
 * few of them. Guarded by unix_lock. */
static struct list_node unix_bound = LIST_INIT(unix_bound);
static unsigned int unix_autobind_next;

/* Removes u's name from the table (release). Lock held. */
void unix_unbind_locked(struct unix_sock *u)
{
	if (u->addr && !list_empty(&u->bound_link))
		list_remove(&u->bound_link);
}

/* ---- Names. */

int unix_validate_addr(const struct sockaddr_storage *addr, socklen_t len)
{
	if (len <= offsetof(struct sockaddr_un, sun_path) || len > sizeof(struct sockaddr_un))
		return -EINVAL;
	if (addr->ss_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

void unix_copy_name(const struct unix_sock *u, struct sockaddr_storage *addr,
		    socklen_t *len)
{
	memset(addr, 0, sizeof(*addr));
	if (u->addr) {
		memcpy(addr, &u->addr->sun, u->addr->len);
		*len = u->addr->len;
	} else {
		addr->ss_family = AF_UNIX;
		*len = sizeof(sa_family_t);
	}
}

/* A path name as Linux's unix_mkname_bsd: the name ends at the first NUL
 * or at len; the stored length counts one terminating NUL. */
static struct unix_address *unix_mkname_path(const struct sockaddr_storage *addr,
					     socklen_t len)
{
	struct unix_address *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	size_t max = len - offsetof(struct sockaddr_un, sun_path);
	const struct sockaddr_un *sun = (const struct sockaddr_un *)addr;
	size_t n = strnlen(sun->sun_path, max);
	a->sun.sun_family = AF_UNIX;
	memcpy(a->sun.sun_path, sun->sun_path, n);
	/* sun_path[108] does not exist: a 108-byte name keeps its NUL in the
	 * length but not in the struct, exactly as Linux reports it. */
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return a;
}

static struct unix_address *unix_mkname_abstract(const struct sockaddr_storage *addr,
						 socklen_t len)
{
	struct unix_address *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	memcpy(&a->sun, addr, len);
	a->len = len;
	return a;
}

static struct unix_sock *unix_find_abstract_locked(const struct unix_address *a, int type)
{
	list_for_each(pos, &unix_bound) {
		struct unix_sock *u = container_of(pos, struct unix_sock, bound_link);
		if (!u->inode && u->sk.type == type && u->addr->len == a->len &&
		    memcmp(&u->addr->sun, &a->sun, a->len) == 0)
			return u;
	}
	return NULL;
}

static struct unix_sock *unix_find_inode_locked(const struct vfs_inode *inode)
{
	list_for_each(pos, &unix_bound) {
		struct unix_sock *u = container_of(pos, struct unix_sock, bound_link);
		if (u->inode == inode)
			return u;
	}
	return NULL;
}

int unix_autobind_locked(struct unix_sock *u)
{
	if (u->addr)
		return 0;
	struct unix_address *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->sun.sun_family = AF_UNIX;
	a->len = offsetof(struct sockaddr_un, sun_path) + 1 + 5;
	/* Linux tries the 2^20 names of 5 hex digits from a random start. */
	for (unsigned int tries = 0; tries < 0x100000; tries++) {
		unsigned int n = (unix_autobind_next++) & 0xfffff;
		char name[8];
		snprintf(name, sizeof(name), "%05x", n);
		memcpy(a->sun.sun_path + 1, name, 5);
		if (!unix_find_abstract_locked(a, u->sk.type)) {
			u->addr = a;
			list_add_tail(&unix_bound, &u->bound_link);
			return 0;
		}
	}
	free(a);
	return -ENOSPC;
}

static int unix_bind_path(struct unix_sock *u, struct task *t, struct unix_address *a)
{
	const char *path = a->sun.sun_path;
	char buf[sizeof(a->sun.sun_path) + 1];
	if (a->len - offsetof(struct sockaddr_un, sun_path) > sizeof(a->sun.sun_path)) {
		/* A 108-byte name without its NUL: terminate a copy. */
		memcpy(buf, a->sun.sun_path, sizeof(a->sun.sun_path));
		buf[sizeof(a->sun.sun_path)] = 0;
		path = buf;
	}
	vfs_lock();
	/* The socket inode's mode is 0777 before the umask, as Linux's. */
	int err = vfs_mknodat(t, AT_FDCWD, path, S_IFSOCK | 0777, 0);
	if (err) {
		vfs_unlock();
		return err == -EEXIST ? -EADDRINUSE : err;
	}
	struct vfs_path p;
	err = t ? vfs_lookup(t, AT_FDCWD, path, 0, &p)
		: vfs_lookup_from(NULL, NULL, NULL, path, 0, &p);
	if (err) {
		vfs_unlock();
		return err;
	}
	struct vfs_inode *inode = p.dentry->inode;
	vfs_inode_get(inode);
	vfs_path_put(&p);
	pthread_mutex_lock(&unix_lock);
	if (u->addr || u->sk.listening) {
		pthread_mutex_unlock(&unix_lock);
		/* Linux removes the node it just made when the socket turns out
		 * to be bound already. */
		vfs_unlinkat(t, AT_FDCWD, path, 0);
		vfs_unlock();
		vfs_inode_put(inode);
		return -EINVAL;
	}
	u->addr = a;
	u->inode = inode;
	list_add_tail(&unix_bound, &u->bound_link);
	pthread_mutex_unlock(&unix_lock);
	vfs_unlock();
	return 0;
}

int unix_bind(struct net_socket *s, struct task *t, const struct sockaddr_storage *addr,
		     socklen_t len)
{
	struct unix_sock *u = unix_sk(s);
	if (len == offsetof(struct sockaddr_un, sun_path) && addr->ss_family == AF_UNIX) {
		pthread_mutex_lock(&unix_lock);
		int err = unix_autobind_locked(u);
		pthread_mutex_unlock(&unix_lock);
		return err;
	}
	int err = unix_validate_addr(addr, len);
	if (err)
		return err;
	const struct sockaddr_un *sun = (const struct sockaddr_un *)addr;
	struct unix_address *a;
	if (sun->sun_path[0]) {
		a = unix_mkname_path(addr, len);
		if (!a)
			return -ENOMEM;
		err = unix_bind_path(u, t, a);
		if (err)
			free(a);
		return err;
	}
	a = unix_mkname_abstract(addr, len);
	if (!a)
		return -ENOMEM;
	pthread_mutex_lock(&unix_lock);
	if (u->addr)
		err = -EINVAL;
	else if (unix_find_abstract_locked(a, s->type))
		err = -EADDRINUSE;
	if (!err) {
		u->addr = a;
		list_add_tail(&unix_bound, &u->bound_link);
	}
	pthread_mutex_unlock(&unix_lock);
	if (err)
		free(a);
	return err;
}

int unix_find_other(struct task *t, const struct sockaddr_storage *addr, socklen_t len,
		    int type, struct unix_sock **out)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)addr;
	struct unix_sock *other;
	int err = 0;
	if (!sun->sun_path[0]) {
		struct unix_address a = { .len = len };
		memcpy(&a.sun, addr, len);
		pthread_mutex_lock(&unix_lock);
		other = unix_find_abstract_locked(&a, type);
		if (other)
			unix_sock_get(other);
		pthread_mutex_unlock(&unix_lock);
		if (!other)
			return -ECONNREFUSED;
		*out = other;
		return 0;
	}
	char path[sizeof(sun->sun_path) + 1];
	size_t max = len - offsetof(struct sockaddr_un, sun_path);
	size_t n = strnlen(sun->sun_path, max);
	memcpy(path, sun->sun_path, n);
	path[n] = 0;
	struct vfs_path p;
	vfs_lock();
	err = t ? vfs_lookup(t, AT_FDCWD, path, VFS_LOOKUP_FOLLOW, &p)
		: vfs_lookup_from(NULL, NULL, NULL, path, VFS_LOOKUP_FOLLOW, &p);
	if (err) {
		vfs_unlock();
		return err;
	}
	struct vfs_inode *inode = p.dentry->inode;
	if (t)
		err = vfs_inode_permission(inode, vfs_task_cred(t), VFS_MAY_WRITE);
	if (!err && !S_ISSOCK(inode->mode))
		err = -ECONNREFUSED;
	if (!err) {
		pthread_mutex_lock(&unix_lock);
		other = unix_find_inode_locked(inode);
		if (!other)
			err = -ECONNREFUSED;
		else if (other->sk.type != type)
			err = -EPROTOTYPE;
		else
			unix_sock_get(other);
		pthread_mutex_unlock(&unix_lock);
	}
	vfs_path_put(&p);
	vfs_unlock();
	if (!err)
		*out = other;
	return err;
}

int unix_getname(struct net_socket *s, struct sockaddr_storage *addr, socklen_t *len,
			bool peer)
{
	struct unix_sock *u = unix_sk(s);
	int err = 0;
	pthread_mutex_lock(&unix_lock);
	if (peer) {
		if (!u->peer)
			err = -ENOTCONN;
		else
			unix_copy_name(u->peer, addr, len);
	} else {
		unix_copy_name(u, addr, len);
	}
	pthread_mutex_unlock(&unix_lock);
	return err;
}

