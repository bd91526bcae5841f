#include "common/glob.h"

#include <string.h>

static bool class_match(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = false, ok = false;
	if (*p == '!' || *p == '^')
		neg = true, p++;
	const char *start = p;
	while (*p && (*p != ']' || p == start)) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			if (c >= p[0] && c <= p[2])
				ok = true;
			p += 3;
		} else {
			if (*p == c)
				ok = true;
			p++;
		}
	}
	if (*p != ']')	/* unterminated: treat '[' as a literal */
		return false;
	*pp = p + 1;
	return ok != neg;
}

/* Match with `slash_special`: '*' does not cross '/', "**" does. */
static bool match(const char *p, const char *s, bool slash_special)
{
	while (*p) {
		if (*p == '*') {
			bool dbl = p[1] == '*';
			while (*p == '*')
				p++;
			bool cross = dbl || !slash_special;
			/* "**" followed by a slash also matches zero directories */
			if (dbl && *p == '/' && match(p + 1, s, slash_special))
				return true;
			for (const char *t = s;; t++) {
				if (match(p, t, slash_special))
					return true;
				if (!*t || (!cross && *t == '/'))
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (slash_special && *s == '/')
				return false;
			p++, s++;
		} else if (*p == '[') {
			const char *q = p;
			if (class_match(&q, *s)) {
				p = q;
				s++;
			} else if (q == p && *p == *s) {
				p++, s++;
			} else {
				return false;
			}
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return false;
			p++, s++;
		}
	}
	return *s == '\0';
}

bool glob_match(const char *pattern, const char *s)
{
	return match(pattern, s, false);
}

bool glob_match_path(const char *pattern, const char *path, bool is_dir)
{
	char pat[1024];
	size_t n = strlen(pattern);
	if (n == 0 || n >= sizeof pat)
		return false;
	memcpy(pat, pattern, n + 1);
	if (pat[0] == '.' && pat[1] == '/')
		memmove(pat, pat + 2, (n -= 2) + 1);
	bool dir_only = n > 1 && pat[n - 1] == '/';
	if (dir_only) {
		pat[--n] = '\0';
		if (!is_dir)
			return false;
	}
	if (pat[0] == '/')
		return match(pat + 1, path, true);
	if (!strchr(pat, '/')) {
		const char *base = strrchr(path, '/');
		return match(pat, base ? base + 1 : path, true);
	}
	return match(pat, path, true);
}
