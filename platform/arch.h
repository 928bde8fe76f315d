/* Architecture selection: the register set and syscall ABI of the app. Only
 * x86_64 exists today; arm64 adds arch_arm64.h behind the same names. */
#pragma once
#if defined(__x86_64__)
#include "platform/arch_x86_64.h"
#else
#error "unsupported architecture"
#endif
