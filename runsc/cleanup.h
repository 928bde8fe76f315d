/* Scope-bound cleanup for the CLI (crun's style): a variable declared with
 * one of these macros is released when it goes out of scope, so error paths
 * need no goto ladders. Hand ownership on by setting the variable to NULL
 * (or -1 for fds) before the scope ends. */
#pragma once
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void runsc_cleanup_free(void *p)
{
	free(*(void **)p);
}

static inline void runsc_cleanup_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void runsc_cleanup_fclose(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void runsc_cleanup_json(json_t **j)
{
	json_decref(*j);
}

#define cleanup_free __attribute__((cleanup(runsc_cleanup_free)))
#define cleanup_close __attribute__((cleanup(runsc_cleanup_close)))
#define cleanup_file __attribute__((cleanup(runsc_cleanup_fclose)))
#define cleanup_json __attribute__((cleanup(runsc_cleanup_json)))
