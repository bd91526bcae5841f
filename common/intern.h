/* Interned strings: one shared copy of a string many pages carry (the
 * site a page belongs to, why it got its type, the company name).  The
 * copies live until str_intern_release; callers never free them.
 * Thread-safe. */
#ifndef MSGAUDIT_INTERN_H
#define MSGAUDIT_INTERN_H

/* The shared copy of s (NULL stays NULL). */
const char *str_intern(const char *s);
/* The same for a string the caller allocated: s is freed (or kept as the
 * shared copy) and must not be used again. */
const char *str_intern_take(char *s);
/* Free every shared copy (at the end of a run, after the pages). */
void str_intern_release(void);

#endif
