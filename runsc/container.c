/* Container bookkeeping shared by the lifecycle verbs: ID syntax, the
 * state directory lookup, pid files. */
#define _GNU_SOURCE /* asprintf */
#include "runsc/launch.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "runsc/cleanup.h"

int runsc_check_id(const char *id, struct runsc_error *err)
{
	if (id[0] == '\0' || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		goto bad;
	for (const char *p = id; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' || c == '.'))
			goto bad;
	}
	return 0;
bad:
	return runsc_error_set(err, RUNSC_EXIT_USAGE, 0,
			       "invalid container id \"%s\" (want letters, digits, _ + - .)", id);
}

bool runsc_container_exists(const char *root, const char *id)
{
	cleanup_free char *path = NULL;
	struct stat st;

	if (asprintf(&path, "%s/%s", root, id) < 0)
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int runsc_error_no_container(struct runsc_error *err, const char *id)
{
	return runsc_error_set(err, RUNSC_EXIT_FAILURE, 0, "container \"%s\" does not exist", id);
}

int runsc_write_pid_file(const char *path, pid_t pid, struct runsc_error *err)
{
	cleanup_free char *tmp = NULL;
	cleanup_close int fd = -1;
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (asprintf(&tmp, "%s.tmp%d", path, (int)getpid()) < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, ENOMEM, "--pid-file %s", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, errno, "--pid-file: open %s", tmp);
	if (write(fd, buf, (size_t)len) != len) {
		int saved = errno ? errno : EIO;

		unlink(tmp);
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, saved, "--pid-file: write %s", tmp);
	}
	if (rename(tmp, path) < 0) {
		int saved = errno;

		unlink(tmp);
		return runsc_error_set(err, RUNSC_EXIT_FAILURE, saved, "--pid-file: rename to %s", path);
	}
	return 0;
}
