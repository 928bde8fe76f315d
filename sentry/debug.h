/* Sentry debug messages (runsc --debug): one line each, to the debug log. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

extern bool sentry_debug_enabled;
void sentry_debugf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define SENTRY_DEBUG(...)                       \
	do {                                    \
		if (sentry_debug_enabled)       \
			sentry_debugf(__VA_ARGS__); \
	} while (0)
