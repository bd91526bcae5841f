/* The prefilter: one Aho-Corasick pass over a page's copy finds the
 * required literals of every rule at once, so each rule's regex runs only
 * on the few blocks where it could match.  This is what makes the engine
 * scan at hundreds of MB/s instead of one pass per rule. */
#ifndef MSGAUDIT_PREFILTER_H
#define MSGAUDIT_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

struct ruleset;
struct prefilter;

/* Build over the enabled flag and require rules of rs. */
struct prefilter *prefilter_build(const struct ruleset *rs);

/* For tests: the table layout prefilter_build picks.  The layouts must
 * find the same; big rule sets need the ones small sets never get. */
enum prefilter_layout {
	PREFILTER_AUTO,		/* the fastest that fits */
	PREFILTER_DENSE16,	/* 16-bit states, outputs numbered last */
	PREFILTER_WIDE32,	/* 32-bit states */
};
extern enum prefilter_layout prefilter_force_layout;
void prefilter_free(struct prefilter *pf);

/* Scan text; for each literal found, call hit(arg, rule_index, end, len)
 * for every rule needing that literal: the literal starts at end - len,
 * and its piece the automaton matched ends at end (a long literal goes on
 * past it; the whole literal has been checked).  Calls come in order of
 * end.  A gate literal of a
 * rule (rule->gates) comes as rule_index | PREFILTER_GATE. */
#define PREFILTER_GATE 0x80000000u
/* A literal of exception pattern i (ruleset.excs[i]->need) comes as
 * i | PREFILTER_EXC. */
#define PREFILTER_EXC 0x40000000u
/* A literal of rule i's scan_literals comes as i | PREFILTER_SCAN. */
#define PREFILTER_SCAN 0x20000000u
typedef void (*prefilter_hit_fn)(void *arg, uint32_t rule, size_t end, uint32_t len);
void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    prefilter_hit_fn hit, void *arg);
/* Number of automaton states (for --list-rules -v and tests). */
size_t prefilter_states(const struct prefilter *pf);

#endif
