#include "reports/escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
static size_t utf8_valid_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (avail < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

static void clean_into(struct buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t n = utf8_valid_len(u + i, len - i);
		if (n == 0) {
			buf_puts(b, "\xef\xbf\xbd");
			i++;
		} else if (n == 1 && ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r') ||
				   u[i] == 0x7f)) {
			buf_putc(b, ' ');
			i++;
		} else {
			buf_append(b, u + i, n);
			i += n;
		}
	}
}

char *report_utf8_clean(const char *s)
{
	struct buf b = BUF_INIT;
	if (!s)
		s = "";
	clean_into(&b, s, strlen(s));
	return buf_detach(&b, NULL);
}

void report_html_putn(FILE *out, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	clean_into(&b, s ? s : "", s ? n : 0);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(c, out);
		}
	}
	buf_release(&b);
}

void report_html_puts(FILE *out, const char *s)
{
	report_html_putn(out, s, s ? strlen(s) : 0);
}
