/* The JSON-lines audit log of syscalls (see audit.h), built from the table
 * row and the --strace formatting of the call. */
#include "syscalls/audit.h"

#include <stdlib.h>
#include <time.h>
#include "syscalls/errno_names.h"

/* Appends s[0..n) as the body of a JSON string. */
static void json_escape(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			/* strace text is ASCII; anything else is escaped so the
			 * line is valid JSON whatever a formatter produced. */
			if (ch < 0x20 || ch >= 0x7f)
				fprintf(f, "\\u%04x", ch);
			else
				fputc(ch, f);
		}
	}
}

void audit_record(FILE *out, pid_t pid, pid_t tid, const struct syscall_desc *d,
		  const uint64_t args[6], long ret, const struct strace_call *c)
{
	char *line = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&line, &size);
	if (f == NULL)
		return;

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	fprintf(f, "{\"ts\":%lld.%06ld,\"pid\":%d,\"tid\":%d,\"nr\":", (long long)now.tv_sec,
		now.tv_nsec / 1000, (int)pid, (int)tid);
	if (d)
		fprintf(f, "%d", d->nr);
	else if (c)
		fprintf(f, "%ld", c->nr);
	else
		fputs("null", f);
	fputs(",\"name\":", f);
	if (d)
		fprintf(f, "\"%s\"", d->name);
	else
		fputs("null", f);

	fputs(",\"args\":[", f);
	int nargs = c ? c->nshown : d ? d->nargs : 6;
	bool first = true;
	for (int i = 0; i < nargs; i++) {
		size_t len;
		const char *text = c ? strace_arg_text(c, i, &len) : NULL;
		if (c && len == 0)
			continue; /* not shown (skipped or absent) */
		fputs(first ? "\"" : ",\"", f);
		first = false;
		if (text)
			json_escape(f, text, len);
		else
			fprintf(f, "%#llx", (unsigned long long)args[i]);
		fputc('"', f);
	}
	fputc(']', f);

	if (ret == STRACE_NO_RETURN) {
		fputs(",\"ret\":null,\"errno\":null", f);
	} else if (ret < 0 && ret >= -4095) {
		const char *name = errno_name((int)-ret);
		if (name)
			fprintf(f, ",\"ret\":-1,\"errno\":\"%s\"", name);
		else
			fprintf(f, ",\"ret\":-1,\"errno\":%ld", -ret);
	} else {
		fprintf(f, ",\"ret\":%ld,\"errno\":null", ret);
	}
	fputs("}\n", f);
	fclose(f);
	fwrite(line, 1, size, out);
	free(line);
}
