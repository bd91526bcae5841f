/* Readability measures over sentences: Flesch reading ease and the
 * Flesch-Kincaid grade level, with syllables counted by a documented
 * heuristic (doc/scoring.md), plus long-sentence and passive-voice counts. */
#ifndef MSGAUDIT_READABILITY_H
#define MSGAUDIT_READABILITY_H

#include <stdbool.h>
#include <stddef.h>

/* Sentences longer than this many words count as long. */
#define READ_LONG_WORDS 30

struct readability {
	size_t sentences;	/* prose sentences measured (3 words or more) */
	size_t words;
	size_t syllables;
	size_t long_sentences;
	size_t passive;		/* sentences with a passive construction */
};

/* Syllables of one word of ASCII letters: vowel groups (a e i o u y),
 * minus a silent final "e" (not "le" after a consonant) and "es"/"ed"
 * endings that add no vowel sound; at least 1.  Digits count 1 per word. */
unsigned read_syllables(const char *w, size_t len);

/* Add one sentence of text [s, s+len) to r. */
void read_add_sentence(struct readability *r, const char *s, size_t len);

/* Is there a passive construction ("is used", "were given", "been
 * written") in the sentence? */
bool read_is_passive(const char *s, size_t len);

/* 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words) */
double read_ease(const struct readability *r);
/* 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59, floored at 0 */
double read_grade(const struct readability *r);

#endif
