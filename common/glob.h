/* Path globs for --exclude and config excludes, gitignore-flavoured:
 * `*` and `?` stop at '/', `**` crosses directories, `[...]` is a class.
 * A pattern without '/' matches the last component (or any component
 * when it names a directory); a pattern ending in '/' matches directories
 * only. */
#ifndef MSGAUDIT_GLOB_H
#define MSGAUDIT_GLOB_H

#include <stdbool.h>

/* path is relative to the audited folder, '/'-separated, no leading "./". */
bool glob_match_path(const char *pattern, const char *path, bool is_dir);
/* Plain glob match of a whole string (no special handling of '/'). */
bool glob_match(const char *pattern, const char *s);

#endif
