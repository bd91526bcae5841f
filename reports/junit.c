/* JUnit XML, the test-report dialect of Ant that Jenkins, GitLab and most
 * CI services read: one <testsuite> per target (site or folder), one
 * <testcase> per page, a <failure> for a page with findings at or above
 * the fail level (listing them all), an <error> for a page that could not
 * be audited.  Follows the Ant schema (tests/junit/JUnit.xsd), written
 * with libxml2's xmlTextWriter so that escaping is libxml2's business. */
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"

static const char *page_site(const struct page *p)
{
	return p->site ? p->site : "-";
}

/* Attribute and text values: valid UTF-8 without control characters
 * (XML 1.0 forbids most of them even as references). */
static void attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *v = report_utf8_clean(value);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
	free(v);
}

static void attrf(xmlTextWriterPtr w, const char *name, size_t n)
{
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%zu", n);
}

static void text(xmlTextWriterPtr w, const char *s)
{
	char *v = report_utf8_clean(s);
	xmlTextWriterWriteString(w, BAD_CAST v);
	free(v);
}

static bool fails(const struct audit *a, const struct finding *f)
{
	return a->fail_on != SEV_NONE && f->severity >= a->fail_on;
}

static void finding_line(struct buf *b, const struct page *p, const struct finding *f)
{
	buf_printf(b, "%s:%u:%u: %s: %s [%s]\n", page_label(p),
		   f->line, f->col, severity_name(f->severity), f->message ? f->message : "",
		   f->rule);
	if (f->context && *f->context)
		buf_printf(b, "    | %s\n", f->context);
	if (f->suggestion)
		buf_printf(b, "    = suggestion: %s\n", f->suggestion);
}

static void testcase(xmlTextWriterPtr w, const struct audit *a, const struct page *p)
{
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	attr(w, "name", report_page_id(p));
	attr(w, "classname", page_site(p));
	attr(w, "time", "0");
	if (p->failed) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < p->nwarnings; i++)
			buf_printf(&b, "%s\n", p->warnings[i]);
		xmlTextWriterStartElement(w, BAD_CAST "error");
		attr(w, "message", p->nwarnings ? p->warnings[0] : "the page could not be audited");
		attr(w, "type", "msgaudit.unreadable");
		text(w, buf_str(&b));
		xmlTextWriterEndElement(w);
		buf_release(&b);
	} else {
		size_t nfail = 0;
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < p->nfindings; i++)
			if (fails(a, &p->findings[i])) {
				nfail++;
				finding_line(&b, p, &p->findings[i]);
			}
		if (nfail) {
			char *msg = xasprintf("%zu finding%s at or above %s (page score %d)", nfail,
					      nfail == 1 ? "" : "s", severity_name(a->fail_on), p->score);
			xmlTextWriterStartElement(w, BAD_CAST "failure");
			attr(w, "message", msg);
			attr(w, "type", "msgaudit.findings");
			text(w, buf_str(&b));
			xmlTextWriterEndElement(w);
			free(msg);
		}
		buf_release(&b);
	}
	xmlTextWriterEndElement(w);
}

/* The report time: SOURCE_DATE_EPOCH when set (reproducible builds),
 * else now; the Ant schema wants it without a zone. */
static void timestamp(char *out, size_t len)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
}

static void testsuite(xmlTextWriterPtr w, const struct audit *a, const char *site, int id,
		      const char *ts)
{
	size_t tests = 0, failures = 0, errors = 0, findings = 0;
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p || strcmp(page_site(p), site))
			continue;
		tests++;
		if (p->failed) {
			errors++;
			continue;
		}
		findings += p->nfindings;
		for (size_t j = 0; j < p->nfindings; j++)
			if (fails(a, &p->findings[j])) {
				failures++;
				break;
			}
	}
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	attr(w, "name", site);
	attr(w, "package", "msgaudit");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "id", "%d", id);
	attr(w, "timestamp", ts);
	attr(w, "hostname", "localhost");
	attrf(w, "tests", tests);
	attrf(w, "failures", failures);
	attrf(w, "errors", errors);
	attrf(w, "skipped", 0);
	attr(w, "time", "0");
	xmlTextWriterStartElement(w, BAD_CAST "properties");
	struct {
		const char *name;
		char value[64];
	} props[3] = {{"fail_on", ""}, {"findings", ""}, {"site_score", ""}};
	snprintf(props[0].value, sizeof props[0].value, "%s", severity_name(a->fail_on));
	snprintf(props[1].value, sizeof props[1].value, "%zu", findings);
	snprintf(props[2].value, sizeof props[2].value, "%d", a->score);
	for (size_t i = 0; i < 3; i++) {
		xmlTextWriterStartElement(w, BAD_CAST "property");
		attr(w, "name", props[i].name);
		attr(w, "value", props[i].value);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (p && !strcmp(page_site(p), site))
			testcase(w, a, p);
	}
	xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST "");
	xmlTextWriterWriteElement(w, BAD_CAST "system-err", BAD_CAST "");
	xmlTextWriterEndElement(w);
}

/* The sites in report order: targets first, then any other site a page
 * names, each once. */
static size_t collect_sites(const struct audit *a, const char ***out)
{
	const char **v = xcalloc(a->ntargets + a->npages + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < a->ntargets + a->npages; i++) {
		const char *s;
		if (i < a->ntargets)
			s = a->targets[i];
		else if (a->pages[i - a->ntargets])
			s = page_site(a->pages[i - a->ntargets]);
		else
			continue;
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(v[j], s);
		if (!seen)
			v[n++] = s;
	}
	*out = v;
	return n;
}

static bool site_has_pages(const struct audit *a, const char *site)
{
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i] && !strcmp(page_site(a->pages[i]), site))
			return true;
	return false;
}

int report_junit_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err)
{
	(void)o;
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(out, NULL);
	if (!ob)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JUnit report");
	xmlTextWriterPtr w = xmlNewTextWriter(ob);
	if (!w) {
		xmlOutputBufferClose(ob);
		return ma_error_set(err, MA_ERR_IO, "cannot write the JUnit report");
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	char ts[32];
	timestamp(ts, sizeof ts);
	int rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	const char **sites;
	size_t nsites = collect_sites(a, &sites);
	int id = 0;
	for (size_t i = 0; i < nsites; i++)
		if (site_has_pages(a, sites[i]))
			testsuite(w, a, sites[i], id++, ts);
	free(sites);
	xmlTextWriterEndElement(w);
	if (xmlTextWriterEndDocument(w) < 0 || rc < 0)
		rc = -1;
	xmlFreeTextWriter(w);	/* closes ob, flushing into out; out stays open */
	if (rc < 0)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JUnit report");
	return MA_OK;
}
