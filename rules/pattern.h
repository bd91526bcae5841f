/* Private to rules/: the compiled form of a pattern. */
#ifndef MSGAUDIT_PATTERN_H
#define MSGAUDIT_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct rule_pattern {
	pcre2_code *code;
	char *src;
	bool jit;	/* JIT-compiled: pcre2_jit_match skips the interpreter's checks */
	/* exceptions: what every match contains (lowercase); the prefilter
	 * marks the blocks holding one, and other blocks are not scanned.
	 * nneed 0: scanned everywhere */
	char **need;
	size_t nneed;
};

/* Match p against s[0, len) from start; the result as pcre2_match's. */
static inline int rule_pattern_exec(const struct rule_pattern *p, const char *s, size_t len,
				    size_t start, pcre2_match_data *md)
{
	if (p->jit)
		return pcre2_jit_match(p->code, (PCRE2_SPTR)s, len, start, 0, md, NULL);
	return pcre2_match(p->code, (PCRE2_SPTR)s, len, start, 0, md, NULL);
}

#endif
