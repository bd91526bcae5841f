/* A growable byte buffer, always NUL-terminated (git's strbuf). */
#ifndef MSGAUDIT_BUF_H
#define MSGAUDIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NULL until the first append; "" is returned by buf_str */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(const struct buf *b);
/* Ownership of the bytes moves to the caller; the buffer is left empty. */
char *buf_detach(struct buf *b, size_t *len);
/* Read a whole file; returns 0 or an errno value. */
int buf_read_file(struct buf *b, const char *path);

#endif
