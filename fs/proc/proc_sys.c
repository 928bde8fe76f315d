/* /proc/sys (Linux's sysctl tree, fs/proc/proc_sysctl.c): the settings
 * programs read to size themselves. Values are the sandbox's own (its
 * hostname, its pid limit) or Linux's defaults where the sandbox enforces
 * the same limit. Only the UTS names are writable: other knobs would need
 * the subsystem behind them to honour a new value, so they are read-only
 * (0444) rather than accepting writes that change nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include "fs/proc/proc_internal.h"
#include "sentry/cred.h"
#include "sentry/kernel.h"

/* ---- kernel/ */
static int show_hostname(struct proc_node *n, struct proc_buf *b)
{
	pthread_mutex_lock(&kernel.lock);
	pb_printf(b, "%s\n", kernel.hostname);
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

static int show_domainname(struct proc_node *n, struct proc_buf *b)
{
	pthread_mutex_lock(&kernel.lock);
	pb_printf(b, "%s\n", kernel.domainname);
	pthread_mutex_unlock(&kernel.lock);
	return 0;
}

/* Linux's proc_dostring: the value is the text up to the first newline,
 * truncated to the field; sethostname's privilege is needed. */
static ssize_t write_uts(char *dst, size_t dstsize, struct task *t, const char *buf,
			 size_t len)
{
	struct task *cur = t ? t : task_current();
	if (cur && !cred_is_privileged(&cur->tg->cred))
		return -EPERM;
	size_t n = 0;
	while (n < len && buf[n] != '\n' && buf[n] != '\0')
		n++;
	if (n > dstsize - 1)
		n = dstsize - 1;
	pthread_mutex_lock(&kernel.lock);
	memcpy(dst, buf, n);
	dst[n] = '\0';
	pthread_mutex_unlock(&kernel.lock);
	return (ssize_t)len;
}

static ssize_t write_hostname(struct proc_node *n, struct task *t, const char *buf, size_t len)
{
	return write_uts(kernel.hostname, sizeof(kernel.hostname), t, buf, len);
}

static ssize_t write_domainname(struct proc_node *n, struct task *t, const char *buf,
				size_t len)
{
	return write_uts(kernel.domainname, sizeof(kernel.domainname), t, buf, len);
}

static int show_osrelease(struct proc_node *n, struct proc_buf *b)
{
	struct utsname u;
	uname(&u);
	pb_printf(b, "%s\n", u.release); /* as the sandbox's uname(2) */
	return 0;
}

static int show_pid_max(struct proc_node *n, struct proc_buf *b)
{
	pb_printf(b, "%d\n", KERNEL_PID_MAX);
	return 0;
}

static int show_ngroups_max(struct proc_node *n, struct proc_buf *b)
{
	pb_printf(b, "%d\n", CRED_NGROUPS_MAX);
	return 0;
}

static void put_uuid(struct proc_buf *b, const unsigned char u[16])
{
	pb_printf(b, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
		  u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		  u[12], u[13], u[14], u[15]);
}

/* A version 4 (random) UUID, as Linux's generate_random_uuid. */
static int random_uuid(unsigned char u[16])
{
	size_t got = 0;
	while (got < 16) {
		ssize_t r = getrandom(u + got, 16 - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)r;
	}
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	return 0;
}

static pthread_mutex_t boot_id_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char boot_id[16];
static bool boot_id_set;

static int show_boot_id(struct proc_node *n, struct proc_buf *b)
{
	pthread_mutex_lock(&boot_id_lock);
	int err = boot_id_set ? 0 : random_uuid(boot_id);
	if (!err) {
		boot_id_set = true;
		put_uuid(b, boot_id);
	}
	pthread_mutex_unlock(&boot_id_lock);
	return err;
}

static int show_uuid(struct proc_node *n, struct proc_buf *b)
{
	unsigned char u[16];
	int err = random_uuid(u);
	if (!err)
		put_uuid(b, u);
	return err;
}

static int show_threads_max(struct proc_node *n, struct proc_buf *b)
{
	/* Bounded by the pid space: every thread needs a virtual id. */
	pb_printf(b, "%d\n", KERNEL_PID_MAX - 1);
	return 0;
}

#define TXT(n, t) { .name = n, .mode = S_IFREG | 0444, .show = proc_show_text, .text = t }
#define VAL(n, s) { .name = n, .mode = S_IFREG | 0444, .show = s }
#define SUBDIR(n, c) { .name = n, .mode = S_IFDIR | 0555, .children = c }

static const struct proc_entry random_entries[] = {
	VAL("boot_id", show_boot_id),
	VAL("uuid", show_uuid),
	TXT("entropy_avail", "256\n"),
	TXT("poolsize", "256\n"),
	{ 0 },
};

static const struct proc_entry kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = show_hostname,
	  .write = write_hostname },
	{ .name = "domainname", .mode = S_IFREG | 0644, .show = show_domainname,
	  .write = write_domainname },
	TXT("ostype", "Linux\n"),
	VAL("osrelease", show_osrelease),
	TXT("version", "#1 SMP runsc\n"), /* as the sandbox's uname(2) */
	VAL("pid_max", show_pid_max),
	VAL("threads-max", show_threads_max),
	VAL("ngroups_max", show_ngroups_max),
	TXT("cap_last_cap", "40\n"),
	TXT("overflowuid", "65534\n"),
	TXT("overflowgid", "65534\n"),
	TXT("randomize_va_space", "2\n"),
	TXT("core_pattern", "core\n"),
	TXT("shmmax", "18446744073692774399\n"),
	TXT("shmall", "18446744073692774399\n"),
	TXT("shmmni", "4096\n"),
	TXT("msgmax", "8192\n"),
	TXT("msgmnb", "16384\n"),
	TXT("msgmni", "32000\n"),
	TXT("sem", "32000\t1024000000\t500\t32000\n"),
	SUBDIR("random", random_entries),
	{ 0 },
};

/* ---- fs/ */
static const struct proc_entry inotify_entries[] = {
	TXT("max_user_watches", "8192\n"),
	TXT("max_user_instances", "128\n"),
	TXT("max_queued_events", "16384\n"),
	{ 0 },
};

static const struct proc_entry fs_entries[] = {
	TXT("pipe-max-size", "1048576\n"),
	TXT("nr_open", "1048576\n"),
	TXT("file-max", "9223372036854775807\n"),
	TXT("file-nr", "0\t0\t9223372036854775807\n"),
	SUBDIR("inotify", inotify_entries),
	{ 0 },
};

/* ---- vm/ */
static const struct proc_entry vm_entries[] = {
	TXT("overcommit_memory", "0\n"),
	TXT("overcommit_ratio", "50\n"),
	TXT("max_map_count", "65530\n"),
	TXT("mmap_min_addr", "65536\n"),
	{ 0 },
};

/* ---- net/ */
static const struct proc_entry net_core_entries[] = {
	TXT("somaxconn", "4096\n"),
	{ 0 },
};

static const struct proc_entry net_entries[] = {
	SUBDIR("core", net_core_entries),
	{ 0 },
};

const struct proc_entry proc_sys_children[] = {
	SUBDIR("fs", fs_entries),
	SUBDIR("kernel", kernel_entries),
	SUBDIR("net", net_entries),
	SUBDIR("vm", vm_entries),
	{ 0 },
};
