/* Sentry debug messages (see debug.h). */
#include <stdarg.h>
#include "sentry/debug.h"
#include "sentry/kernel.h"

bool sentry_debug_enabled;

void sentry_debugf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pthread_mutex_lock(&kernel.log_lock);
	FILE *out = kernel.strace_out ? kernel.strace_out : stderr;
	fputs("D ", out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	fflush(out);
	pthread_mutex_unlock(&kernel.log_lock);
	va_end(ap);
}
