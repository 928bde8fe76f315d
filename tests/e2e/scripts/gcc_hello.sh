#!/bin/sh
# Compile and run a C program with gcc in a scratch dir under /tmp.
set -e
d=$(mktemp -d /tmp/e2e-gcc.XXXXXX)
trap 'rm -rf "$d"' EXIT
cd "$d"
cat > hello.c <<'SRC'
#include <stdio.h>
#include <stdlib.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(int argc, char **argv)
{
	printf("hello from gcc, fib(25)=%d, argc=%d\n", fib(25), argc);
	return 3;
}
SRC
gcc -O2 -Wall -o hello hello.c
set +e
./hello a b
echo "hello exit: $?"
gcc -c -o obj.o hello.c && echo "object file: $(test -s obj.o && echo yes)"
