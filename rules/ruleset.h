/* Rule packs: INI files (inih), one section per rule, compiled once with
 * PCRE2 JIT.  See doc/msgaudit-rules.5 for the format. */
#ifndef MSGAUDIT_RULESET_H
#define MSGAUDIT_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/model.h"

enum rule_kind { RULE_FLAG, RULE_REQUIRE, RULE_LIMIT };

struct rule_pattern;	/* compiled PCRE2 code, private to rules/ */

struct rule {
	char *id;
	enum rule_kind kind;
	enum severity severity;
	char *message;
	char *suggestion;
	char *category;
	char *description;	/* the pack's description, for SARIF */
	char *pack;		/* pack name */
	char *file;		/* where it was defined */
	unsigned line;
	char *pattern_src;	/* the alternatives joined, for --list-rules */
	struct rule_pattern *re;
	struct rule_pattern **exceptions;	/* shared: ruleset.excs */
	uint32_t *exc_ids;		/* their indexes in ruleset.excs */
	size_t nexceptions;
	uint32_t scopes;	/* bit per enum scope */
	uint32_t page_types;	/* bit per enum page_type */
	bool caseless;
	bool enabled;
	bool counts_buzzword;	/* category buzzword, superlative or vague */
	/* limit rules */
	char *metric;
	double min, max;
	bool has_min, has_max;
	size_t min_words;
	/* prefilter: at least one of these (lowercase) occurs in any match */
	char **literals;
	size_t nliterals;
	bool always;		/* no usable literal: run on every block */
	bool prefix_mode;	/* every match starts with a literal: anchored tries */
	/* prefix mode only: every match also contains one of these further on
	 * ("innovation" in "drive ... innovation"); a block without one is
	 * not tried at all, however often the common prefix occurs in it */
	char **gates;
	size_t ngates;
	/* prefix mode only: the literals of the pattern lines that cannot be
	 * tried anchored ("your ... journey to the cloud" starts with a
	 * common word); a block holding one is scanned whole with the
	 * unanchored regex, and its anchored tries are dropped */
	char **scan_literals;
	size_t nscan;
	struct rule_pattern *anchored;	/* the pattern compiled anchored, for prefix mode */
	/* analysis cues (category cue.*): what one match adds to a sentence's
	 * score; `weight = N` in the pack, 1 when not given */
	double weight;
};

struct prefilter;
struct site_blocks;
struct cue_set;

struct ruleset {
	struct rule *rules;
	size_t n, cap;
	struct prefilter *pf;	/* built by rule_set_prepare */
	/* every distinct exception pattern, once: rules of a pack share its
	 * pack-level exceptions, and the prefilter marks each once */
	struct rule_pattern **excs;
	size_t nexcs;
	/* the short copy blocks of the pages audited with this set, counted
	 * for site-level boilerplate (rules/site.h); made by rule_set_prepare */
	struct site_blocks *site_blocks;
	/* the analysis' compiled cues (rules/analysis.c), built by
	 * rule_set_prepare and shared by all matchers */
	struct cue_set *cue_set;
	/* some enabled limit rule checks site_conflicting_figures: pages
	 * keep their figures (rules/consistency.h); set by rule_set_prepare */
	bool wants_figures;
	char **files;		/* packs loaded, in order */
	size_t nfiles, files_cap;
};

void rule_set_init(struct ruleset *rs);
void rule_set_release(struct ruleset *rs);
/* Load one pack; errors name file, line and (for patterns) the PCRE2
 * message and offset.  Returns MA_OK or MA_ERR_USAGE / MA_ERR_IO. */
int rule_set_load_file(struct ruleset *rs, const char *path, struct ma_error *err);
/* Load every *.rules file of a folder, in name order. */
int rule_set_load_dir(struct ruleset *rs, const char *dir, struct ma_error *err);
/* Load from a string (tests); name stands in for the file name. */
int rule_set_load_string(struct ruleset *rs, const char *name, const char *text,
			 struct ma_error *err);
/* Enable or disable rules by id; a trailing '*' matches a prefix.
 * Returns MA_ERR_USAGE when nothing matches. */
int rule_set_enable(struct ruleset *rs, const char *id, bool on, struct ma_error *err);
/* Build the prefilter over the enabled rules; call after loading and
 * enabling, before matching. */
void rule_set_prepare(struct ruleset *rs);
const struct rule *rule_set_find(const struct ruleset *rs, const char *id);

/* Compile a pattern the way rules are compiled; for other modules of
 * rules/ (analysis cues). */
struct rule_pattern *rule_pattern_compile(const char *src, bool caseless, char *errbuf,
					  size_t errlen, size_t *erroff);
void rule_pattern_free(struct rule_pattern *p);

#endif
