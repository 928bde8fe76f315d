/* Conformance: writes of at most PIPE_BUF bytes are never interleaved. */
#include "conf.h"

#define WRITERS 4
#define RECORDS 64

int main(void)
{
	conf_init();
	printf("PIPE_BUF: %d\n", PIPE_BUF);
	int p[2];
	pipe(p);
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		if (pids[w] == 0) {
			close(p[0]);
			char rec[PIPE_BUF];
			memset(rec, 'A' + w, sizeof rec);
			for (int i = 0; i < RECORDS; i++)
				if (write(p[1], rec, sizeof rec) != (ssize_t)sizeof rec)
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	static char all[WRITERS * RECORDS * PIPE_BUF];
	size_t got = 0;
	ssize_t r;
	while ((r = read(p[0], all + got, sizeof all - got)) > 0)
		got += r;
	EXPECT_EQ("total bytes", got, sizeof all);
	int torn = 0, counts[WRITERS] = { 0 };
	for (size_t rec = 0; rec < got / PIPE_BUF; rec++) {
		char c = all[rec * PIPE_BUF];
		for (size_t i = 1; i < PIPE_BUF; i++)
			if (all[rec * PIPE_BUF + i] != c)
				torn++;
		if (c >= 'A' && c < 'A' + WRITERS)
			counts[c - 'A']++;
	}
	EXPECT_EQ("torn bytes", torn, 0);
	for (int w = 0; w < WRITERS; w++) {
		char label[32];
		snprintf(label, sizeof label, "records from %c", 'A' + w);
		EXPECT_EQ(label, counts[w], RECORDS);
	}
	for (int w = 0; w < WRITERS; w++)
		printf("writer %d: %s\n", w, wait_child(pids[w]));
	return conf_end();
}
