#!/bin/sh
# sqlite3: create a database under /tmp, insert 10,000 rows in one
# transaction, then query it from a second process.
set -e
db=$(mktemp -u /tmp/e2e-sqlite.XXXXXX).db
trap 'rm -f "$db" "$db-journal" "$db-wal" "$db-shm"' EXIT
{
	echo "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT);"
	echo "BEGIN;"
	seq 1 10000 | awk '{ printf "INSERT INTO t(v, s) VALUES(%d, %crow%d%c);\n", $1, 39, $1, 39 }'
	echo "COMMIT;"
} | sqlite3 "$db"
sqlite3 "$db" "SELECT count(*), sum(v), max(length(s)) FROM t;"
sqlite3 "$db" "PRAGMA integrity_check;"
sqlite3 "$db" "CREATE INDEX iv ON t(v); SELECT s FROM t WHERE v = 4242;"
sqlite3 "$db" "BEGIN; DELETE FROM t WHERE v % 2 = 0; ROLLBACK; SELECT count(*) FROM t;"
