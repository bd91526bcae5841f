#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>

int ma_error_set(struct ma_error *err, enum ma_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return (int)code;
}

void ma_error_clear(struct ma_error *err)
{
	if (err) {
		err->code = MA_OK;
		err->msg[0] = '\0';
	}
}
