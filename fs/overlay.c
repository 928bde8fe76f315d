/* overlay; see fs/overlay.h. Every operation here runs under vfs_lock
 * (directory ops by contract; open, setattr and readdir take it in the
 * generic layer), which also serialises copy-up. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include "fs/overlay.h"
#include "fs/tmpfs.h"

struct ovl_inode {
	struct vfs_inode vi;
	struct vfs_inode *upper; /* references, either may be NULL */
	struct vfs_inode *lower;
	/* Where a lower-only object would be copied up to. Only needed
	 * until there is an upper; kept current across renames. */
	struct ovl_inode *parent;
	char *name;
};

static const struct inode_operations ovl_iops;
static const struct file_operations ovl_dir_fops;

static struct ovl_inode *OI(struct vfs_inode *i)
{
	return container_of(i, struct ovl_inode, vi);
}

static struct vfs_inode *real_inode(struct ovl_inode *oi)
{
	return oi->upper ? oi->upper : oi->lower;
}

#define UPPER_INO_BIT (1ull << 48)

/* Mirrors the real inode's attributes into the overlay inode (permission
 * checks and stat read these). */
static void sync_attrs(struct ovl_inode *oi)
{
	struct vfs_inode *r = real_inode(oi);
	struct stat st;
	if (vfs_inode_getattr(r, &st))
		return;
	pthread_mutex_lock(&oi->vi.lock);
	oi->vi.mode = st.st_mode;
	oi->vi.nlink = st.st_nlink;
	oi->vi.uid = st.st_uid;
	oi->vi.gid = st.st_gid;
	oi->vi.size = st.st_size;
	oi->vi.blocks = st.st_blocks;
	oi->vi.rdev = st.st_rdev;
	oi->vi.atime = st.st_atim;
	oi->vi.mtime = st.st_mtim;
	oi->vi.ctime = st.st_ctim;
	pthread_mutex_unlock(&oi->vi.lock);
}

/* Takes over the references to upper and lower. */
static struct ovl_inode *ovl_new(struct vfs_super *sb, struct ovl_inode *parent,
				 const char *name, struct vfs_inode *upper,
				 struct vfs_inode *lower)
{
	struct ovl_inode *oi = calloc(1, sizeof(*oi));
	if (!oi || !(oi->name = strdup(name))) {
		free(oi);
		vfs_inode_put(upper);
		vfs_inode_put(lower);
		return NULL;
	}
	struct vfs_inode *r = upper ? upper : lower;
	uint64_t ino = lower ? lower->ino : (upper->ino | UPPER_INO_BIT);
	vfs_inode_init(&oi->vi, sb, &ovl_iops, r->mode, ino);
	oi->upper = upper;
	oi->lower = lower;
	oi->parent = parent;
	if (parent)
		vfs_inode_get(&parent->vi);
	sync_attrs(oi);
	return oi;
}

static void ovl_evict(struct vfs_inode *vi)
{
	struct ovl_inode *oi = OI(vi);
	vfs_inode_put(oi->upper);
	vfs_inode_put(oi->lower);
	if (oi->parent)
		vfs_inode_put(&oi->parent->vi);
	free(oi->name);
	free(oi);
}

static bool upper_opaque(struct ovl_inode *dir)
{
	return dir->upper && (dir->upper->flags & VFS_I_OPAQUE);
}

/* The lower layer has name in dir (so removing it needs a whiteout). */
static bool lower_has(struct ovl_inode *dir, const char *name)
{
	if (!dir->lower || upper_opaque(dir))
		return false;
	struct vfs_inode *li;
	if (dir->lower->iops->lookup(dir->lower, name, &li))
		return false;
	vfs_inode_put(li);
	return true;
}

static int ovl_lookup(struct vfs_inode *vdir, const char *name, struct vfs_inode **out)
{
	struct ovl_inode *dir = OI(vdir);
	struct vfs_inode *uc = NULL, *lc = NULL;
	int err;
	if (dir->upper) {
		err = dir->upper->iops->lookup(dir->upper, name, &uc);
		if (err && err != -ENOENT)
			return err;
		if (uc && vfs_inode_is_whiteout(uc)) {
			vfs_inode_put(uc);
			return -ENOENT;
		}
	}
	if (dir->lower && !upper_opaque(dir) && (!uc || S_ISDIR(uc->mode))) {
		err = dir->lower->iops->lookup(dir->lower, name, &lc);
		if (err && err != -ENOENT) {
			vfs_inode_put(uc);
			return err;
		}
		/* Only directories merge; an upper directory hides a lower
		 * non-directory. */
		if (uc && lc && !S_ISDIR(lc->mode)) {
			vfs_inode_put(lc);
			lc = NULL;
		}
	}
	if (!uc && !lc)
		return -ENOENT;
	struct ovl_inode *oi = ovl_new(vdir->sb, dir, name, uc, lc);
	if (!oi)
		return -ENOMEM;
	*out = &oi->vi;
	return 0;
}

/* ---- copy-up */
static int copy_data(struct vfs_inode *lower, struct vfs_inode *upper)
{
	struct vfs_file *in, *out;
	int err = vfs_open_inode(lower, O_RDONLY, &in);
	if (err)
		return err;
	err = vfs_open_inode(upper, O_WRONLY, &out);
	if (err) {
		vfs_file_put(in);
		return err;
	}
	size_t bufsize = 1 << 16;
	char *buf = malloc(bufsize);
	off_t ipos = 0, opos = 0;
	err = buf ? 0 : -ENOMEM;
	while (!err) {
		ssize_t n = in->ops->read(in, NULL, buf, bufsize, &ipos);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t w = out->ops->write(out, NULL, buf + done, (size_t)(n - done), &opos);
			if (w < 0) {
				err = (int)w;
				break;
			}
			done += w;
		}
	}
	free(buf);
	vfs_file_put(in);
	vfs_file_put(out);
	return err;
}

static int copy_up(struct ovl_inode *oi)
{
	if (oi->upper)
		return 0;
	struct ovl_inode *parent = oi->parent;
	if (!parent)
		return -EINVAL; /* the root always has an upper */
	int err = copy_up(parent);
	if (err)
		return err;
	struct vfs_inode *lower = oi->lower, *pu = parent->upper, *up = NULL;
	struct stat st;
	err = vfs_inode_getattr(lower, &st);
	if (err)
		return err;
	const struct inode_operations *uops = pu->iops;
	mode_t perm = st.st_mode & 07777;
	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		err = uops->mkdir(pu, oi->name, perm, NULL, &up);
		break;
	case S_IFREG:
		err = uops->create(pu, oi->name, perm, NULL, &up);
		if (!err) {
			err = copy_data(lower, up);
			if (err) {
				uops->unlink(pu, oi->name, up);
				vfs_inode_put(up);
				up = NULL;
			}
		}
		break;
	case S_IFLNK: {
		char target[4096];
		ssize_t n = lower->iops->readlink(lower, target, sizeof(target) - 1);
		if (n < 0)
			return (int)n;
		target[n] = '\0';
		err = uops->symlink(pu, oi->name, target, NULL, &up);
		break;
	}
	default:
		err = uops->mknod(pu, oi->name, st.st_mode, st.st_rdev, NULL, &up);
		break;
	}
	if (err)
		return err;
	struct vfs_iattr ia = { .valid = VFS_ATTR_UID | VFS_ATTR_GID | VFS_ATTR_ATIME |
					 VFS_ATTR_MTIME | VFS_ATTR_CTIME,
				.uid = st.st_uid, .gid = st.st_gid, .atime = st.st_atim,
				.mtime = st.st_mtim, .ctime = st.st_ctim };
	if (!S_ISLNK(st.st_mode)) {
		ia.valid |= VFS_ATTR_MODE;
		ia.mode = perm;
	}
	up->iops->setattr(up, &ia);
	oi->upper = up;
	return 0;
}

/* ---- merged directory listing */
struct ovl_dirent {
	char *name;
	uint64_t ino;
	unsigned char type;
	bool hidden; /* a whiteout: hides the lower name, not listed */
};

struct ovl_dirlist {
	struct ovl_dirent *e;
	size_t n, cap;
	/* Open-addressing index of names for de-duplication. */
	size_t *slots;
	size_t nslots;
};

static size_t name_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct ovl_dirent *dirlist_find(struct ovl_dirlist *l, const char *name)
{
	if (!l->nslots)
		return NULL;
	for (size_t i = name_hash(name) & (l->nslots - 1);; i = (i + 1) & (l->nslots - 1)) {
		if (l->slots[i] == 0)
			return NULL;
		struct ovl_dirent *e = &l->e[l->slots[i] - 1];
		if (strcmp(e->name, name) == 0)
			return e;
	}
}

static int dirlist_rehash(struct ovl_dirlist *l, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	free(l->slots);
	l->slots = slots;
	l->nslots = nslots;
	for (size_t k = 0; k < l->n; k++) {
		size_t i = name_hash(l->e[k].name) & (nslots - 1);
		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = k + 1;
	}
	return 0;
}

static int dirlist_add(struct ovl_dirlist *l, const char *name, size_t len, uint64_t ino,
		       unsigned type, bool hidden)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct ovl_dirent *e = realloc(l->e, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		l->e = e;
		l->cap = cap;
	}
	struct ovl_dirent *e = &l->e[l->n];
	e->name = strndup(name, len);
	if (!e->name)
		return -ENOMEM;
	e->ino = ino;
	e->type = (unsigned char)type;
	e->hidden = hidden;
	l->n++;
	if (l->n * 2 > l->nslots)
		return dirlist_rehash(l, l->nslots ? l->nslots * 2 : 64);
	size_t i = name_hash(e->name) & (l->nslots - 1);
	while (l->slots[i])
		i = (i + 1) & (l->nslots - 1);
	l->slots[i] = l->n;
	return 0;
}

static void dirlist_free(struct ovl_dirlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->e[i].name);
	free(l->e);
	free(l->slots);
	memset(l, 0, sizeof(*l));
}

struct collect_ctx {
	struct dir_context ctx;
	struct ovl_dirlist *list;
	struct vfs_inode *dir; /* upper: to tell whiteouts */
	bool upper;
	int err;
};

static bool collect_actor(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
			  unsigned dtype, int64_t next_pos)
{
	struct collect_ctx *c = container_of(ctx, struct collect_ctx, ctx);
	char buf[256];
	if (len > 255)
		return true;
	memcpy(buf, name, len);
	buf[len] = '\0';
	bool hidden = false;
	if (c->upper) {
		if (dtype == DT_CHR) {
			struct vfs_inode *i;
			if (c->dir->iops->lookup(c->dir, buf, &i) == 0) {
				hidden = vfs_inode_is_whiteout(i);
				vfs_inode_put(i);
			}
		}
		ino |= UPPER_INO_BIT;
	} else if (dirlist_find(c->list, buf)) {
		return true; /* shadowed or whited out by the upper layer */
	}
	c->err = dirlist_add(c->list, buf, len, ino, dtype, hidden);
	return c->err == 0;
}

static int collect_layer(struct vfs_inode *dir, bool upper, struct ovl_dirlist *list)
{
	struct vfs_file *f;
	int err = vfs_open_inode(dir, O_RDONLY | O_DIRECTORY, &f);
	if (err)
		return err;
	struct collect_ctx c = { .ctx = { collect_actor, 2 }, .list = list, .dir = dir,
				 .upper = upper };
	err = f->ops->iterate(f, &c.ctx);
	vfs_file_put(f);
	return err ? err : c.err;
}

static int merged_list(struct ovl_inode *dir, struct ovl_dirlist *list)
{
	memset(list, 0, sizeof(*list));
	int err = 0;
	if (dir->upper)
		err = collect_layer(dir->upper, true, list);
	if (!err && dir->lower && !upper_opaque(dir))
		err = collect_layer(dir->lower, false, list);
	if (err)
		dirlist_free(list);
	return err;
}

/* A directory is empty if its merged listing shows nothing. */
static int check_empty(struct ovl_inode *dir)
{
	struct ovl_dirlist l;
	int err = merged_list(dir, &l);
	if (err)
		return err;
	for (size_t i = 0; i < l.n; i++)
		if (!l.e[i].hidden)
			err = -ENOTEMPTY;
	dirlist_free(&l);
	return err;
}

/* Removes the whiteouts left in an upper directory about to be removed. */
static int clear_whiteouts(struct ovl_inode *dir)
{
	if (!dir->upper)
		return 0;
	struct ovl_dirlist l;
	memset(&l, 0, sizeof(l));
	int err = collect_layer(dir->upper, true, &l);
	for (size_t i = 0; !err && i < l.n; i++)
		if (l.e[i].hidden)
			err = dir->upper->iops->unlink(dir->upper, l.e[i].name, NULL);
	dirlist_free(&l);
	return err;
}

/* ---- directory operations */
static int make_whiteout(struct ovl_inode *dir, const char *name)
{
	struct vfs_inode *w;
	int err = dir->upper->iops->mknod(dir->upper, name, S_IFCHR, 0, NULL, &w);
	if (!err)
		vfs_inode_put(w);
	return err;
}

/* Prepares dir's upper for a new name: copies dir up and removes a
 * whiteout at name; *was_whiteout tells whether there was one. */
static int prepare_create(struct ovl_inode *dir, const char *name, bool *was_whiteout)
{
	*was_whiteout = false;
	int err = copy_up(dir);
	if (err)
		return err;
	struct vfs_inode *i;
	if (dir->upper->iops->lookup(dir->upper, name, &i) == 0) {
		bool wh = vfs_inode_is_whiteout(i);
		vfs_inode_put(i);
		if (!wh)
			return -EEXIST;
		err = dir->upper->iops->unlink(dir->upper, name, NULL);
		if (err)
			return err;
		*was_whiteout = true;
	}
	return 0;
}

static int finish_create(struct ovl_inode *dir, const char *name, int err,
			 struct vfs_inode *up, bool was_whiteout, struct vfs_inode **out)
{
	if (err) {
		if (was_whiteout)
			make_whiteout(dir, name);
		return err;
	}
	if (was_whiteout && S_ISDIR(up->mode))
		up->flags |= VFS_I_OPAQUE;
	struct ovl_inode *oi = ovl_new(dir->vi.sb, dir, name, up, NULL);
	if (!oi)
		return -ENOMEM;
	*out = &oi->vi;
	return 0;
}

/* What a create-type operation makes in the upper directory. */
struct upper_create {
	enum { UPPER_CREATE, UPPER_MKDIR, UPPER_MKNOD, UPPER_SYMLINK } op;
	mode_t mode;
	dev_t rdev;          /* UPPER_MKNOD */
	const char *target;  /* UPPER_SYMLINK */
};

/* The common frame of create, mkdir, mknod and symlink: the name is made
 * in the upper layer, between prepare_create and finish_create. */
static int create_in_upper(struct vfs_inode *vdir, const char *name,
			   const struct upper_create *uc, const struct cred *c,
			   struct vfs_inode **out)
{
	struct ovl_inode *dir = OI(vdir);
	bool wh;
	int err = prepare_create(dir, name, &wh);
	if (err)
		return err;
	struct vfs_inode *up = NULL, *u = dir->upper;
	switch (uc->op) {
	case UPPER_CREATE:
		err = u->iops->create(u, name, uc->mode, c, &up);
		break;
	case UPPER_MKDIR:
		err = u->iops->mkdir(u, name, uc->mode, c, &up);
		break;
	case UPPER_MKNOD:
		err = u->iops->mknod(u, name, uc->mode, uc->rdev, c, &up);
		break;
	case UPPER_SYMLINK:
		err = u->iops->symlink(u, name, uc->target, c, &up);
		break;
	}
	return finish_create(dir, name, err, up, wh, out);
}

static int ovl_create(struct vfs_inode *vdir, const char *name, mode_t mode,
		      const struct cred *c, struct vfs_inode **out)
{
	const struct upper_create uc = { .op = UPPER_CREATE, .mode = mode };
	return create_in_upper(vdir, name, &uc, c, out);
}

static int ovl_mkdir(struct vfs_inode *vdir, const char *name, mode_t mode,
		     const struct cred *c, struct vfs_inode **out)
{
	const struct upper_create uc = { .op = UPPER_MKDIR, .mode = mode };
	return create_in_upper(vdir, name, &uc, c, out);
}

static int ovl_mknod(struct vfs_inode *vdir, const char *name, mode_t mode, dev_t rdev,
		     const struct cred *c, struct vfs_inode **out)
{
	if (S_ISCHR(mode) && rdev == 0)
		return -EPERM; /* would read as a whiteout */
	const struct upper_create uc = { .op = UPPER_MKNOD, .mode = mode, .rdev = rdev };
	return create_in_upper(vdir, name, &uc, c, out);
}

static int ovl_symlink(struct vfs_inode *vdir, const char *name, const char *target,
		       const struct cred *c, struct vfs_inode **out)
{
	const struct upper_create uc = { .op = UPPER_SYMLINK, .target = target };
	return create_in_upper(vdir, name, &uc, c, out);
}

static int ovl_link(struct vfs_inode *vdir, const char *name, struct vfs_inode *vtarget,
		    struct vfs_inode **out)
{
	struct ovl_inode *dir = OI(vdir), *target = OI(vtarget);
	if (vtarget->iops != &ovl_iops)
		return -EXDEV;
	int err = copy_up(target);
	if (err)
		return err;
	bool wh;
	err = prepare_create(dir, name, &wh);
	if (err)
		return err;
	struct vfs_inode *up = NULL;
	err = dir->upper->iops->link(dir->upper, name, target->upper, &up);
	if (err) {
		if (wh)
			make_whiteout(dir, name);
		return err;
	}
	vfs_inode_put(up);
	sync_attrs(target);
	if (!target->name[0]) { /* a tmpfile's first name */
		char *nn = strdup(name);
		if (nn) {
			free(target->name);
			target->name = nn;
			vfs_inode_get(vdir);
			vfs_inode_put(&target->parent->vi);
			target->parent = dir;
		}
	}
	vfs_inode_get(vtarget);
	*out = vtarget;
	return 0;
}

/* O_TMPFILE: an unnamed file in the upper copy of dir. Its copy-up
 * coordinates are never needed (it has an upper from the start). */
static int ovl_tmpfile(struct vfs_inode *vdir, mode_t mode, const struct cred *c,
		       struct vfs_inode **out)
{
	struct ovl_inode *dir = OI(vdir);
	int err = copy_up(dir);
	if (err)
		return err;
	if (!dir->upper->iops->tmpfile)
		return -EOPNOTSUPP;
	struct vfs_inode *up = NULL;
	err = dir->upper->iops->tmpfile(dir->upper, mode, c, &up);
	if (err)
		return err;
	struct ovl_inode *oi = ovl_new(vdir->sb, dir, "", up, NULL);
	if (!oi)
		return -ENOMEM;
	*out = &oi->vi;
	return 0;
}

static int remove_name(struct ovl_inode *dir, const char *name, struct ovl_inode *victim,
		       bool isdir)
{
	int err = copy_up(dir);
	if (err)
		return err;
	bool need_whiteout = lower_has(dir, name);
	if (victim->upper) {
		if (isdir) {
			err = clear_whiteouts(victim);
			if (!err)
				err = dir->upper->iops->rmdir(dir->upper, name, victim->upper);
		} else {
			err = dir->upper->iops->unlink(dir->upper, name, victim->upper);
		}
		if (err)
			return err;
	}
	if (need_whiteout)
		err = make_whiteout(dir, name);
	if (!err) {
		pthread_mutex_lock(&victim->vi.lock);
		victim->vi.nlink = isdir || victim->vi.nlink == 0 ? 0 : victim->vi.nlink - 1;
		pthread_mutex_unlock(&victim->vi.lock);
		sync_attrs(dir);
	}
	return err;
}

static int ovl_unlink(struct vfs_inode *vdir, const char *name, struct vfs_inode *victim)
{
	return remove_name(OI(vdir), name, OI(victim), false);
}

static int ovl_rmdir(struct vfs_inode *vdir, const char *name, struct vfs_inode *victim)
{
	int err = check_empty(OI(victim));
	if (err)
		return err;
	return remove_name(OI(vdir), name, OI(victim), true);
}

static int ovl_rename(struct vfs_inode *vodir, const char *oname, struct vfs_inode *vsrc,
		      struct vfs_inode *vndir, const char *nname, struct vfs_inode *vtgt,
		      unsigned flags)
{
	struct ovl_inode *odir = OI(vodir), *ndir = OI(vndir), *src = OI(vsrc);
	struct ovl_inode *tgt = vtgt ? OI(vtgt) : NULL;
	if (vndir->iops != &ovl_iops)
		return -EXDEV;
	/* Without redirect_dir a lower directory cannot move: EXDEV makes
	 * mv(1) copy it instead, as on Linux. */
	if (S_ISDIR(vsrc->mode) && src->lower)
		return -EXDEV;
	if ((flags & RENAME_EXCHANGE) && tgt && S_ISDIR(vtgt->mode) && tgt->lower)
		return -EXDEV;
	int err;
	if (tgt && !(flags & RENAME_EXCHANGE) && S_ISDIR(vtgt->mode)) {
		err = check_empty(tgt);
		if (err)
			return err;
	}
	err = copy_up(src);
	if (!err)
		err = copy_up(odir);
	if (!err)
		err = copy_up(ndir);
	if (!err && tgt && (flags & RENAME_EXCHANGE))
		err = copy_up(tgt);
	if (err)
		return err;
	if (flags & RENAME_EXCHANGE) {
		err = odir->upper->iops->rename(odir->upper, oname, src->upper, ndir->upper,
						nname, tgt->upper, flags);
		if (err)
			return err;
	} else {
		bool src_lower = lower_has(odir, oname);
		bool dst_lower = lower_has(ndir, nname);
		if (tgt && S_ISDIR(vtgt->mode) && tgt->upper) {
			err = clear_whiteouts(tgt);
			if (err)
				return err;
		}
		struct vfs_inode *cur = NULL;
		bool dst_whiteout = false;
		if (ndir->upper->iops->lookup(ndir->upper, nname, &cur) == 0) {
			dst_whiteout = vfs_inode_is_whiteout(cur);
			vfs_inode_put(cur);
		}
		unsigned uflags = flags;
		if (dst_whiteout)
			uflags &= ~RENAME_NOREPLACE;
		err = odir->upper->iops->rename(odir->upper, oname, src->upper, ndir->upper,
						nname, NULL, uflags);
		if (err)
			return err;
		/* A directory landing where the lower layer has a name must
		 * not show the lower contents. */
		if (dst_lower && S_ISDIR(vsrc->mode))
			src->upper->flags |= VFS_I_OPAQUE;
		if (src_lower)
			make_whiteout(odir, oname);
		if (tgt) {
			pthread_mutex_lock(&tgt->vi.lock);
			tgt->vi.nlink = 0;
			pthread_mutex_unlock(&tgt->vi.lock);
		}
	}
	/* Keep the copy-up coordinates current. */
	char *nn = strdup(nname), *on = strdup(oname);
	if (nn) {
		free(src->name);
		src->name = nn;
		vfs_inode_get(&ndir->vi);
		vfs_inode_put(&src->parent->vi);
		src->parent = ndir;
	} else {
		free(nn);
	}
	if (tgt && (flags & RENAME_EXCHANGE) && on) {
		free(tgt->name);
		tgt->name = on;
		vfs_inode_get(&odir->vi);
		vfs_inode_put(&tgt->parent->vi);
		tgt->parent = odir;
	} else {
		free(on);
	}
	sync_attrs(odir);
	sync_attrs(ndir);
	return 0;
}

static ssize_t ovl_readlink(struct vfs_inode *vi, char *buf, size_t size)
{
	struct vfs_inode *r = real_inode(OI(vi));
	return r->iops->readlink ? r->iops->readlink(r, buf, size) : -EINVAL;
}

static int ovl_setattr(struct vfs_inode *vi, const struct vfs_iattr *ia)
{
	struct ovl_inode *oi = OI(vi);
	int err = copy_up(oi);
	if (err)
		return err;
	err = oi->upper->iops->setattr(oi->upper, ia);
	sync_attrs(oi);
	return err;
}

static int ovl_getattr(struct vfs_inode *vi, struct stat *st)
{
	struct ovl_inode *oi = OI(vi);
	int err = vfs_inode_getattr(real_inode(oi), st);
	if (err)
		return err;
	sync_attrs(oi);
	st->st_dev = vi->sb->dev;
	st->st_ino = vi->ino;
	return 0;
}

static int ovl_open(struct vfs_inode *vi, struct vfs_file *f)
{
	struct ovl_inode *oi = OI(vi);
	unsigned flags = atomic_load(&f->flags);
	if (S_ISDIR(vi->mode)) {
		f->ops = &ovl_dir_fops;
		return 0;
	}
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if (write && S_ISREG(vi->mode)) {
		int err = copy_up(oi);
		if (err)
			return err;
		sync_attrs(oi);
	}
	struct vfs_inode *r = real_inode(oi);
	if (!r->iops->open)
		return -ENXIO;
	vfs_inode_get(r);
	vfs_inode_put(f->inode);
	f->inode = r;
	return r->iops->open(r, f);
}

static int ovl_statfs(struct vfs_inode *vi, struct statfs *sfs)
{
	struct vfs_inode *r = vi->sb->root;
	struct ovl_inode *root = OI(r);
	struct vfs_inode *layer = root->lower ? root->lower : root->upper;
	int err = layer->iops->statfs ? layer->iops->statfs(layer, sfs) : 0;
	if (!layer->iops->statfs)
		vfs_simple_statfs(layer, sfs);
	sfs->f_type = OVERLAYFS_MAGIC_NUMBER;
	return err;
}

static const struct inode_operations ovl_iops = {
	.lookup = ovl_lookup,
	.create = ovl_create,
	.mkdir = ovl_mkdir,
	.mknod = ovl_mknod,
	.symlink = ovl_symlink,
	.link = ovl_link,
	.unlink = ovl_unlink,
	.rmdir = ovl_rmdir,
	.rename = ovl_rename,
	.readlink = ovl_readlink,
	.setattr = ovl_setattr,
	.getattr = ovl_getattr,
	.open = ovl_open,
	.tmpfile = ovl_tmpfile,
	.statfs = ovl_statfs,
	.evict = ovl_evict,
};

/* ---- merged directory files: a snapshot taken at position 2 (opendir
 * or rewinddir); positions are indices into it. */
static int ovl_iterate(struct vfs_file *f, struct dir_context *ctx)
{
	struct ovl_dirlist *l = f->private;
	if (!l || ctx->pos == 2) {
		if (l) {
			dirlist_free(l);
		} else {
			l = calloc(1, sizeof(*l));
			if (!l)
				return -ENOMEM;
			f->private = l;
		}
		int err = merged_list(OI(f->inode), l);
		if (err)
			return err;
	}
	for (int64_t i = ctx->pos - 2; i >= 0 && (size_t)i < l->n; i++) {
		struct ovl_dirent *e = &l->e[i];
		if (!e->hidden &&
		    !ctx->actor(ctx, e->name, strlen(e->name), e->ino, e->type, i + 3))
			return 0;
		ctx->pos = i + 3;
	}
	return 0;
}

static void ovl_dir_release(struct vfs_file *f)
{
	struct ovl_dirlist *l = f->private;
	if (l) {
		dirlist_free(l);
		free(l);
	}
}

static int ovl_dir_fsync(struct vfs_file *f, bool datasync)
{
	return 0;
}

static const struct file_operations ovl_dir_fops = {
	.read = vfs_dir_read,
	.llseek = vfs_dir_llseek,
	.iterate = ovl_iterate,
	.fsync = ovl_dir_fsync,
	.release = ovl_dir_release,
};

struct vfs_super *overlay_new_super(struct vfs_super *lower, struct vfs_super *upper,
				    int *err)
{
	struct vfs_super *sb = vfs_super_new("overlay", OVERLAYFS_MAGIC_NUMBER);
	if (!sb) {
		*err = -ENOMEM;
		return NULL;
	}
	vfs_inode_get(upper->root);
	vfs_inode_get(lower->root);
	struct ovl_inode *root = ovl_new(sb, NULL, "/", upper->root, lower->root);
	if (!root) {
		*err = -ENOMEM;
		return NULL;
	}
	/* The root directory shows the lower root's attributes. */
	struct vfs_iattr ia = { .valid = VFS_ATTR_MODE | VFS_ATTR_UID | VFS_ATTR_GID,
				.mode = lower->root->mode & 07777, .uid = lower->root->uid,
				.gid = lower->root->gid };
	upper->root->iops->setattr(upper->root, &ia);
	sync_attrs(root);
	sb->root = &root->vi;
	return sb;
}
