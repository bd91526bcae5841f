#include "rules/readability.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_vowel(char c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
	case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
		return true;
	default:
		return false;
	}
}

unsigned read_syllables(const char *w, size_t len)
{
	if (!len)
		return 0;
	if (isdigit((unsigned char)w[0]))
		return 1;
	unsigned n = 0;
	bool prev = false;
	for (size_t i = 0; i < len; i++) {
		bool v = is_vowel(w[i]);
		/* "y" starting a word is a consonant ("you", "year") */
		if (i == 0 && (w[i] == 'y' || w[i] == 'Y'))
			v = false;
		if (v && !prev)
			n++;
		prev = v;
	}
	if (len > 2 && n > 1) {
		char a = (char)tolower((unsigned char)w[len - 3]);
		char b = (char)tolower((unsigned char)w[len - 2]);
		char c = (char)tolower((unsigned char)w[len - 1]);
		if (c == 'e' && !(b == 'l' && !is_vowel(a)) && !is_vowel(b))
			n--;	/* "make", "share"; not "table" */
		else if ((c == 's' || c == 'd') && b == 'e' && !is_vowel(a) && a != 't' && a != 'd' &&
			 !(c == 's' && (a == 's' || a == 'x' || a == 'z' || a == 'c' || a == 'g' ||
					a == 'h')))
			n--;	/* "makes", "used"; not "wanted", "boxes" */
	}
	return n ? n : 1;
}

static bool word_char(unsigned char c)
{
	return isalnum(c) || c == '\'' || c >= 0x80;
}

static bool is_be(const char *w, size_t n);
static bool is_participle(const char *w, size_t n);

void read_add_sentence(struct readability *r, const char *s, size_t len)
{
	size_t words = 0, syl = 0;
	bool passive = false, prev_be = false;
	for (size_t i = 0; i < len;) {
		while (i < len && !word_char((unsigned char)s[i]))
			i++;
		size_t st = i;
		while (i < len && word_char((unsigned char)s[i]))
			i++;
		if (i == st)
			continue;
		words++;
		syl += read_syllables(s + st, i - st);
		if (!passive) {
			if (prev_be && is_participle(s + st, i - st))
				passive = true;
			prev_be = is_be(s + st, i - st);
		}
	}
	if (words < 3)
		return;
	r->sentences++;
	r->words += words;
	r->syllables += syl;
	if (words > READ_LONG_WORDS)
		r->long_sentences++;
	if (passive)
		r->passive++;
}

static bool is_be(const char *w, size_t n)
{
	char a[5];
	if (n < 2 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		a[i] = (char)(w[i] | 0x20);
	switch (n) {
	case 2:
		return !memcmp(a, "is", 2) || !memcmp(a, "be", 2);
	case 3:
		return !memcmp(a, "are", 3) || !memcmp(a, "was", 3);
	case 4:
		return !memcmp(a, "were", 4) || !memcmp(a, "been", 4);
	default:
		return !memcmp(a, "being", 5);
	}
}

static bool is_participle(const char *w, size_t n)
{
	static const char *const irregular[] = {
		"built", "made", "given", "taken", "written", "done", "known", "shown", "seen",
		"found", "kept", "held", "sold", "told", "run", "paid", "sent", "brought",
		"bought", "chosen", "driven", "grown", "set", "put", NULL,
	};
	if (n > 3 && !strncasecmp(w + n - 2, "ed", 2))
		return true;
	if (n < 3 || n > 7)
		return false;
	for (int i = 0; irregular[i]; i++)
		if (strlen(irregular[i]) == n && !strncasecmp(w, irregular[i], n))
			return true;
	return false;
}

bool read_is_passive(const char *s, size_t len)
{
	const char *pw = NULL;
	size_t pn = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && !isalpha((unsigned char)s[i]))
			i++;
		size_t st = i;
		while (i < len && isalpha((unsigned char)s[i]))
			i++;
		if (i == st)
			break;
		if (pw && is_be(pw, pn) && is_participle(s + st, i - st))
			return true;
		pw = s + st;
		pn = i - st;
	}
	return false;
}

double read_ease(const struct readability *r)
{
	if (!r->sentences || !r->words)
		return 0;
	return 206.835 - 1.015 * ((double)r->words / (double)r->sentences) -
	       84.6 * ((double)r->syllables / (double)r->words);
}

double read_grade(const struct readability *r)
{
	if (!r->sentences || !r->words)
		return 0;
	double g = 0.39 * ((double)r->words / (double)r->sentences) +
		   11.8 * ((double)r->syllables / (double)r->words) - 15.59;
	return g > 0 ? g : 0;
}
