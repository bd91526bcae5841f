/* Required literals of a pattern, for the prefilter (ASCII lowercased;
 * punctuation outside ASCII such as U+2011 or U+2019 kept as bytes).
 *
 * Two guarantees are derived from the pattern's syntax:
 *  - prefix: every match STARTS with one of these strings.  Then the
 *    regex, compiled anchored, is tried only at the places where one of
 *    them occurs: one cheap attempt per occurrence.
 *  - contains: every match contains one of these strings somewhere.  Then
 *    the regex runs over the blocks where one of them occurs.
 * When neither can be proved the rule runs on every block (rule->always).
 * Character classes of a few characters, optional parts and alternations
 * are expanded into the sets, up to LITERAL_MAX_SET strings. */
#ifndef MSGAUDIT_LITERAL_H
#define MSGAUDIT_LITERAL_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/ruleset.h"

#define LITERAL_MAX_SET 256

/* Fill r->literals, r->prefix_mode and r->always from the rule's pattern
 * alternatives. */
void rule_literals_extract(char *const *patterns, size_t n, struct rule *r);

/* Is w[0, n) one of the commonest English words ("the", "your", ...)? */
bool literal_common_word(const char *w, size_t n);

/* Drop r->gates (rules that are not tried anchored need none). */
void rule_literals_free_gates(struct rule *r);
/* Free what rule_literals_extract gave r: literals, gates and
 * scan_literals. */
void rule_literals_free(struct rule *r);

/* For tests: the prefilter literals of one pattern, sorted and joined
 * with '|' into out, preceded by "prefix:" or "contains:" ("" when the
 * pattern has none). */
void rule_literals_of(const char *pattern, char *out, size_t outlen);

#endif
