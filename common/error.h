/* Errors travel up as a code plus a complete human message in a
 * caller-owned struct; library code never prints (STYLE.md). */
#ifndef MSGAUDIT_ERROR_H
#define MSGAUDIT_ERROR_H

enum ma_status {
	MA_OK = 0,
	MA_ERR_USAGE,	/* bad option, config or rule file */
	MA_ERR_IO,	/* a file could not be read or written */
	MA_ERR_PARSE,	/* input that could not be understood */
	MA_ERR_NET,	/* a network failure */
};

struct ma_error {
	enum ma_status code;
	char msg[1024];
};

/* Fill err (which may be NULL) and return code. */
int ma_error_set(struct ma_error *err, enum ma_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ma_error_clear(struct ma_error *err);

#endif
