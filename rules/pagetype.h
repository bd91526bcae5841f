/* Page types from URL/path patterns (configurable) and content cues. */
#ifndef MSGAUDIT_PAGETYPE_H
#define MSGAUDIT_PAGETYPE_H

#include "common/error.h"
#include "common/model.h"

struct pagetype_rules;

/* The defaults; user patterns (added with pagetype_rules_add) are tried
 * first, in the order given. */
struct pagetype_rules *pagetype_rules_new(void);
void pagetype_rules_free(struct pagetype_rules *r);
/* glob is matched against the page's path ("/pricing/index.html") or URL
 * path; '*' crosses '/'.  Returns MA_ERR_USAGE for an unknown type. */
int pagetype_rules_add(struct pagetype_rules *r, const char *type, const char *globs,
		       struct ma_error *err);

/* Set p->type and p->type_reason. */
void pagetype_classify(const struct pagetype_rules *r, struct page *p);

#endif
