/* The task loop: one per task, on its own sentry thread (task_loop.c). */
#pragma once
#include "sentry/task.h"

/* Runs t until it exits; frees t. */
void task_run(struct task *t);
