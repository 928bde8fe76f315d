/* The CLI's error object (crun's style). The function that fails fills it
 * with a message in plain words naming the file, field or flag; each caller
 * on the way up may prepend its context ("bundle /b: " + "open config.json:
 * No such file or directory"); main prints it once as "runsc: <msg>" and
 * exits with its status. Functions that take a struct runsc_error * return
 * 0 on success and a negative value on failure. */
#pragma once
#include <stdio.h>

#define RUNSC_ERROR_MSG_MAX 1024

/* Exit statuses of runsc itself (the app's own status is passed through). */
enum {
	RUNSC_EXIT_FAILURE = 1,   /* the command failed */
	RUNSC_EXIT_USAGE = 2,     /* bad flags or arguments (Go's flag package) */
	RUNSC_EXIT_START = 125,   /* do/run: the sandbox could not be started */
	RUNSC_EXIT_NOEXEC = 126,  /* do/run: the program cannot be executed */
	RUNSC_EXIT_NOTFOUND = 127 /* do/run: the program was not found */
};

struct runsc_error {
	int status; /* exit status; 0 while no error is set */
	char msg[RUNSC_ERROR_MSG_MAX];
};

/* Sets err (replacing any earlier error) to the formatted message with
 * status. If errnum is nonzero, ": <strerror(errnum)>" is appended. Returns
 * -1 so that callers can write `return runsc_error_set(...)`. */
int runsc_error_set(struct runsc_error *err, int status, int errnum,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Prepends formatted context and ": " to the message. Returns -1. */
int runsc_error_prepend(struct runsc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Clears err. */
void runsc_error_clear(struct runsc_error *err);

/* Where errors are reported besides stderr: the --log file, in
 * --log-format text or json (one {"level":"error","msg":...} line: what
 * containerd's shim reads back). Set once by main. */
void runsc_error_set_log(FILE *log, int json);
/* Prints "runsc: <msg>" to stderr (and the log). */
void runsc_error_print(const struct runsc_error *err);
/* Prints "runsc: warning: <msg>" to stderr (and the log). */
void runsc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
