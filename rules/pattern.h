/* Private to rules/: the compiled form of a pattern. */
#ifndef MSGAUDIT_PATTERN_H
#define MSGAUDIT_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

struct rule_pattern {
	pcre2_code *code;
	char *src;
};

#endif
