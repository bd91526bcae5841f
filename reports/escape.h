/* Text hygiene shared by the report writers: page text is hostile input
 * (any bytes a web page or file held), and every format has its own
 * escaping rules. */
#ifndef MSGAUDIT_ESCAPE_H
#define MSGAUDIT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* A copy of s (NULL: "") that is valid UTF-8 with no control characters
 * but tab, line feed and carriage return (what XML 1.0 allows): invalid sequences (overlong, surrogates, truncated,
 * stray continuation bytes) become U+FFFD, other C0 controls and DEL a
 * space.  Caller frees. */
char *report_utf8_clean(const char *s);
/* Write s cleaned and escaped for HTML text and quoted attribute values:
 * & < > " ' become character references. */
void report_html_puts(FILE *out, const char *s);
/* Write the first n bytes of s, cleaned and escaped as above. */
void report_html_putn(FILE *out, const char *s, size_t n);

#endif
