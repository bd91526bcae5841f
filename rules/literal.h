/* Required literals of a pattern, for the prefilter: a set of strings
 * such that every match of the pattern contains at least one of them
 * (ASCII, lowercased).  When none can be proved the rule runs on every
 * block (rule->always). */
#ifndef MSGAUDIT_LITERAL_H
#define MSGAUDIT_LITERAL_H

#include <stddef.h>

#include "rules/ruleset.h"

/* Fill r->literals / r->always from the rule's pattern alternatives. */
void rule_literals_extract(char *const *patterns, size_t n, struct rule *r);

/* For tests: the literal set of one pattern, joined with '|' into out
 * ("" when the pattern has none). */
void rule_literals_of(const char *pattern, char *out, size_t outlen);

#endif
