/* The CLI's error object: formatting, context prepending and the single
 * place errors are printed (stderr plus the --log file). */
#include "runsc/error.h"
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

static FILE *error_log;
static int error_log_json;

int runsc_error_set(struct runsc_error *err, int status, int errnum,
		    const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	if (errnum != 0 && len < sizeof(err->msg))
		snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
	err->status = status != 0 ? status : RUNSC_EXIT_FAILURE;
	return -1;
}

int runsc_error_prepend(struct runsc_error *err, const char *fmt, ...)
{
	char context[RUNSC_ERROR_MSG_MAX + 2]; /* room for ": " */
	size_t clen, mlen = strnlen(err->msg, sizeof(err->msg) - 1);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(context, RUNSC_ERROR_MSG_MAX, fmt, ap);
	va_end(ap);
	strcat(context, ": ");
	clen = strlen(context);
	/* The message keeps its head; a too-long result loses its tail. */
	if (clen > sizeof(err->msg) - 1)
		clen = sizeof(err->msg) - 1;
	if (clen + mlen > sizeof(err->msg) - 1)
		mlen = sizeof(err->msg) - 1 - clen;
	memmove(err->msg + clen, err->msg, mlen);
	memcpy(err->msg, context, clen);
	err->msg[clen + mlen] = '\0';
	if (err->status == 0)
		err->status = RUNSC_EXIT_FAILURE;
	return -1;
}

void runsc_error_clear(struct runsc_error *err)
{
	err->status = 0;
	err->msg[0] = '\0';
}

void runsc_error_set_log(FILE *log, int json)
{
	error_log = log;
	error_log_json = json;
}

static void log_line(const char *level, const char *msg)
{
	char stamp[64];
	struct timespec now;
	struct tm tm;

	if (!error_log)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, now.tv_nsec);
	if (error_log_json) {
		json_t *line = json_pack("{s:s,s:s,s:s}", "level", level, "msg", msg,
					 "time", stamp);
		if (line) {
			json_dumpf(line, error_log, JSON_COMPACT);
			fputc('\n', error_log);
			json_decref(line);
		}
	} else {
		fprintf(error_log, "%s %s: %s\n", stamp, level, msg);
	}
	fflush(error_log);
}

void runsc_error_print(const struct runsc_error *err)
{
	fprintf(stderr, "runsc: %s\n", err->msg);
	log_line("error", err->msg);
}

void runsc_warn(const char *fmt, ...)
{
	char msg[RUNSC_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "runsc: warning: %s\n", msg);
	log_line("warning", msg);
}
