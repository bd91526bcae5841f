/* .msgaudit.ini: found by walking up from the target (like
 * .editorconfig and .vale.ini) or named with --config.  Command-line
 * options win over the file. */
#ifndef MSGAUDIT_SETTINGS_H
#define MSGAUDIT_SETTINGS_H

#include "common/error.h"
#include "src/options.h"

/* The nearest .msgaudit.ini at or above start (a file or folder), or
 * NULL.  Caller frees. */
char *config_find(const char *start);
/* Read path and merge it under the options already parsed from the
 * command line.  Errors name the file and line (MA_ERR_USAGE). */
int config_load(struct options *o, const char *path, struct ma_error *err);

#endif
