/* Credentials: defaults and group membership (see cred.h). */
#include <string.h>
#include "sentry/cred.h"

void cred_init_root(struct cred *c)
{
	memset(c, 0, sizeof(*c));
}

bool cred_in_group(const struct cred *c, gid_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}
