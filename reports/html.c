/* The HTML report (in progress). */
#include "reports/escape.h"
#include "reports/report.h"

int report_html_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err)
{
	(void)o;
	(void)err;
	fputs("<!doctype html><meta charset=\"utf-8\"><title>msgaudit report</title>\n", out);
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i]) {
			fputs("<p>", out);
			report_html_puts(out, a->pages[i]->display);
			fputs("</p>\n", out);
		}
	return MA_OK;
}
