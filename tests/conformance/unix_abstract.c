/* Conformance: abstract-namespace AF_UNIX sockets and autobind. */
#include "conf.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	conf_init();
	struct sockaddr_un a;
	socklen_t alen = unix_abstract_addr(&a, "conf-abstract");
	const char *name = a.sun_path + 1;
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_OK("bind abstract", bind(srv, (struct sockaddr *)&a, alen));
	listen(srv, 4);
	int dup_srv = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("bind same abstract name", bind(dup_srv, (struct sockaddr *)&a, alen), EADDRINUSE);
	struct sockaddr_un got;
	socklen_t glen = sizeof got;
	getsockname(srv, (struct sockaddr *)&got, &glen);
	printf("getsockname len matches: %s, leading NUL: %s\n", yesno(glen == alen), yesno(got.sun_path[0] == 0));
	int cli = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_OK("connect abstract", connect(cli, (struct sockaddr *)&a, alen));
	int acc = accept(srv, NULL, NULL);
	char buf[16];
	send(cli, "abs", 3, 0);
	EXPECT_EQ("recv", recv(acc, buf, sizeof buf, 0), 3);
	/* The name is exact-length: a longer address with trailing NULs differs. */
	int cli2 = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR("connect with trailing NUL", connect(cli2, (struct sockaddr *)&a, alen + 1), ECONNREFUSED);
	/* No filesystem entry appears. */
	struct stat st;
	printf("no file created: %s\n", yesno(stat(name, &st) != 0));
	/* Autobind: binding with only the family assigns an abstract name of 5 hex digits. */
	int ab = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un fam = { .sun_family = AF_UNIX };
	EXPECT_OK("autobind", bind(ab, (struct sockaddr *)&fam, sizeof(sa_family_t)));
	glen = sizeof got;
	getsockname(ab, (struct sockaddr *)&got, &glen);
	printf("autobind name length: %u, abstract: %s\n", glen - (socklen_t)offsetof(struct sockaddr_un, sun_path),
	       yesno(got.sun_path[0] == 0));
	/* Closing the listener frees the name. */
	close(acc);
	close(srv);
	close(cli);
	int again = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_OK("rebind after close", bind(again, (struct sockaddr *)&a, alen));
	/* Abstract DGRAM with sender address. */
	int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un da = a;
	da.sun_path[1] = 'D';
	bind(d1, (struct sockaddr *)&da, alen);
	bind(d2, (struct sockaddr *)&fam, sizeof(sa_family_t));
	EXPECT_EQ("sendto", sendto(d2, "dg", 2, 0, (struct sockaddr *)&da, alen), 2);
	struct sockaddr_un from;
	socklen_t flen = sizeof from;
	EXPECT_EQ("recvfrom", recvfrom(d1, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 2);
	printf("sender is autobound abstract: %s\n", yesno(flen == sizeof(sa_family_t) + 6 && from.sun_path[0] == 0));
	EXPECT_EQ("reply to sender", sendto(d1, "re", 2, 0, (struct sockaddr *)&from, flen), 2);
	EXPECT_EQ("sender gets reply", recv(d2, buf, sizeof buf, 0), 2);
	return conf_end();
}
