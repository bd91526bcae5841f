#include "src/options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

void strlist_add(struct strlist *l, const char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

void strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->fail_on = SEV_ERROR;
	o->min_score = -1;
	o->max_pages = 500;
	o->max_depth = -1;
	o->delay = 1.0;
	o->concurrency = 1;
	o->timeout = 30;
	o->max_body = 5L * 1024 * 1024;
	o->max_redirects = 10;
	o->retries = 3;
}

void options_release(struct options *o)
{
	strlist_release(&o->targets);
	free(o->format);
	free(o->output);
	for (size_t i = 0; i < o->nreports; i++) {
		free(o->reports[i].format);
		free(o->reports[i].path);
	}
	free(o->reports);
	strlist_release(&o->rules);
	strlist_release(&o->toggles);
	strlist_release(&o->excludes);
	strlist_release(&o->skip);
	strlist_release(&o->keep);
	strlist_release(&o->page_types);
	free(o->config);
	free(o->baseline);
	free(o->company);
	free(o->config_used);
	strlist_release(&o->include_urls);
	strlist_release(&o->exclude_urls);
	free(o->user_agent);
}

/* The option list here, the man page and the README must agree:
 * tests/docs.sh checks them against each other. */
static const char usage[] =
	"usage: msgaudit [OPTIONS] TARGET...\n"
	"       msgaudit diff [-f FORMAT] [-o FILE] OLD.json NEW.json\n"
	"\n"
	"Audit the messaging of website copy: generic buzzwords, unsupported\n"
	"superlatives and vague claims, per page and for the whole site.\n"
	"TARGET is a file or folder of .html/.htm/.md/.markdown/.mdx pages,\n"
	"or - for HTML on standard input, or an http:// or https:// URL to crawl.\n"
	"\n"
	"Output:\n"
	"  -f, --format FORMAT     report format on stdout or -o: text (default), json,\n"
	"                          jsonl, html, md, csv, sarif, junit, github\n"
	"  -o, --output FILE       write the report to FILE instead of stdout\n"
	"      --report FMT:FILE   write another report as well (repeatable)\n"
	"      --color WHEN        colour text output: auto (default), always, never\n"
	"  -q, --quiet             print nothing but errors (reports are still written)\n"
	"  -v, --verbose           list clean pages too\n"
	"\n"
	"Exit status:\n"
	"      --fail-on LEVEL     exit 1 on findings at or above LEVEL:\n"
	"                          error (default), warning, info, none\n"
	"      --min-score N       exit 1 when the site score is below N (0-100)\n"
	"      --baseline FILE     report and fail only on findings not in FILE,\n"
	"                          the JSON report of an earlier run\n"
	"\n"
	"Rules:\n"
	"  -r, --rules FILE        add a rule pack (repeatable)\n"
	"      --no-default-rules  do not load the bundled packs\n"
	"      --enable ID         enable a rule; ID may end in * (repeatable)\n"
	"      --disable ID        disable a rule; ID may end in * (repeatable)\n"
	"      --list-rules        list the rules that would run, then exit\n"
	"\n"
	"Sources:\n"
	"      --exclude GLOB      skip paths matching GLOB (repeatable)\n"
	"      --skip SELECTOR     leave out an element, .class or #id (repeatable)\n"
	"      --keep ELEMENT      keep an element skipped by default, e.g. footer\n"
	"      --page-type TYPE=GLOB  classify paths matching GLOB as TYPE (repeatable)\n"
	"      --company NAME      the company's name, counted with we/our/us\n"
	"                          (default: guessed from each page title)\n"
	"      --repeat-boilerplate  report findings in copy repeated across the\n"
	"                          site on every page (default: on the first only)\n"
	"  -j, --jobs N            pages processed in parallel (default: cores)\n"
	"\n"
	"Crawling (URL targets; each URL is a site of its own):\n"
	"      --max-pages N       pages fetched per site (default 500)\n"
	"      --max-depth N       links followed from the start URL (default: no limit)\n"
	"      --delay SECONDS     pause between requests to one host (default 1;\n"
	"                          robots.txt Crawl-delay raises it, capped at 30)\n"
	"      --concurrency N     requests in flight per host (default 1)\n"
	"      --include-url REGEX only follow URLs matching REGEX (repeatable)\n"
	"      --exclude-url REGEX never follow URLs matching REGEX (repeatable)\n"
	"      --include-subdomains  crawl subdomains of the start host too\n"
	"      --ignore-robots     do not obey robots.txt (logged; be sure you may)\n"
	"      --include-noindex   audit pages marked noindex too\n"
	"      --no-sitemaps       do not seed the crawl from sitemaps\n"
	"      --user-agent STRING the User-Agent header\n"
	"                          (default msgaudit/VERSION (+project URL))\n"
	"      --timeout SECONDS   time limit per request (default 30)\n"
	"      --max-body BYTES    larger pages are aborted (default 5M; k, M suffixes)\n"
	"      --max-redirects N   redirects followed per page (default 10)\n"
	"      --retries N         retries after a connection error, 408, 429 or 5xx,\n"
	"                          with exponential backoff (default 3)\n"
	"\n"
	"Configuration:\n"
	"  -c, --config FILE       read FILE instead of the nearest .msgaudit.ini\n"
	"      --no-config         read no configuration file\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n"
	"\n"
	"Exit status: 0 nothing at or above the fail level, 1 findings at or above\n"
	"it (or score below --min-score), 2 usage, config or rule-file error,\n"
	"3 nothing could be audited, 4 a report could not be written.\n";

const char *options_usage(void)
{
	return usage;
}

enum {
	OPT_REPORT = 256, OPT_COLOR, OPT_FAIL_ON, OPT_MIN_SCORE, OPT_NO_DEFAULT_RULES, OPT_ENABLE,
	OPT_DISABLE, OPT_LIST_RULES, OPT_EXCLUDE, OPT_SKIP, OPT_KEEP, OPT_NO_CONFIG, OPT_PAGE_TYPE,
	OPT_COMPANY, OPT_REPEAT_BOILERPLATE,
};

/* crawling options (issue 3) */
enum {
	OPT_MAX_PAGES = 512, OPT_MAX_DEPTH, OPT_DELAY, OPT_CONCURRENCY, OPT_INCLUDE_URL,
	OPT_EXCLUDE_URL, OPT_INCLUDE_SUBDOMAINS, OPT_IGNORE_ROBOTS, OPT_INCLUDE_NOINDEX,
	OPT_NO_SITEMAPS, OPT_USER_AGENT, OPT_TIMEOUT, OPT_MAX_BODY, OPT_MAX_REDIRECTS, OPT_RETRIES,
};

/* report options (issue 5) */
enum { OPT_BASELINE = 768 };

static const struct option longopts[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"report", required_argument, NULL, OPT_REPORT},
	{"color", required_argument, NULL, OPT_COLOR},
	{"colour", required_argument, NULL, OPT_COLOR},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"min-score", required_argument, NULL, OPT_MIN_SCORE},
	{"rules", required_argument, NULL, 'r'},
	{"no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES},
	{"enable", required_argument, NULL, OPT_ENABLE},
	{"disable", required_argument, NULL, OPT_DISABLE},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"skip", required_argument, NULL, OPT_SKIP},
	{"keep", required_argument, NULL, OPT_KEEP},
	{"page-type", required_argument, NULL, OPT_PAGE_TYPE},
	{"company", required_argument, NULL, OPT_COMPANY},
	{"repeat-boilerplate", no_argument, NULL, OPT_REPEAT_BOILERPLATE},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"max-pages", required_argument, NULL, OPT_MAX_PAGES},
	{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	{"delay", required_argument, NULL, OPT_DELAY},
	{"concurrency", required_argument, NULL, OPT_CONCURRENCY},
	{"include-url", required_argument, NULL, OPT_INCLUDE_URL},
	{"exclude-url", required_argument, NULL, OPT_EXCLUDE_URL},
	{"include-subdomains", no_argument, NULL, OPT_INCLUDE_SUBDOMAINS},
	{"ignore-robots", no_argument, NULL, OPT_IGNORE_ROBOTS},
	{"include-noindex", no_argument, NULL, OPT_INCLUDE_NOINDEX},
	{"no-sitemaps", no_argument, NULL, OPT_NO_SITEMAPS},
	{"user-agent", required_argument, NULL, OPT_USER_AGENT},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"max-body", required_argument, NULL, OPT_MAX_BODY},
	{"max-redirects", required_argument, NULL, OPT_MAX_REDIRECTS},
	{"retries", required_argument, NULL, OPT_RETRIES},
	{"jobs", required_argument, NULL, 'j'},
	{"config", required_argument, NULL, 'c'},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static bool parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool parse_secs(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/* A byte count with an optional k, M or G suffix (powers of 1024). */
static bool parse_size(const char *s, long *out)
{
	char *end;
	double v = strtod(s, &end);
	double mult = 1;
	if (*end == 'k' || *end == 'K')
		mult = 1024, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024.0 * 1024, end++;
	else if (*end == 'g' || *end == 'G')
		mult = 1024.0 * 1024 * 1024, end++;
	if (end == s || *end || !(v >= 1) || v * mult > 1e12)
		return false;
	*out = (long)(v * mult);
	return true;
}

/* The crawling options; returns -1 when c is not one of them. */
static int parse_crawl_option(struct options *o, int c, const char *arg, struct ma_error *err)
{
	long v;
	switch (c) {
	case OPT_MAX_PAGES:
		if (!parse_int(arg, 1, 100000000, &v))
			return ma_error_set(err, MA_ERR_USAGE, "--max-pages takes a positive number, not '%s'", arg);
		o->max_pages = v;
		return MA_OK;
	case OPT_MAX_DEPTH:
		if (!parse_int(arg, 0, 100000, &v))
			return ma_error_set(err, MA_ERR_USAGE, "--max-depth takes a number >= 0, not '%s'", arg);
		o->max_depth = v;
		return MA_OK;
	case OPT_DELAY:
		if (!parse_secs(arg, 0, 3600, &o->delay))
			return ma_error_set(err, MA_ERR_USAGE, "--delay takes seconds from 0 to 3600, not '%s'", arg);
		return MA_OK;
	case OPT_CONCURRENCY:
		if (!parse_int(arg, 1, 64, &v))
			return ma_error_set(err, MA_ERR_USAGE, "--concurrency takes a number from 1 to 64, not '%s'", arg);
		o->concurrency = (unsigned)v;
		return MA_OK;
	case OPT_INCLUDE_URL:
		strlist_add(&o->include_urls, arg);
		return MA_OK;
	case OPT_EXCLUDE_URL:
		strlist_add(&o->exclude_urls, arg);
		return MA_OK;
	case OPT_INCLUDE_SUBDOMAINS:
		o->include_subdomains = true;
		return MA_OK;
	case OPT_IGNORE_ROBOTS:
		o->ignore_robots = true;
		return MA_OK;
	case OPT_INCLUDE_NOINDEX:
		o->include_noindex = true;
		return MA_OK;
	case OPT_NO_SITEMAPS:
		o->no_sitemaps = true;
		return MA_OK;
	case OPT_USER_AGENT:
		free(o->user_agent);
		o->user_agent = xstrdup(arg);
		return MA_OK;
	case OPT_TIMEOUT:
		if (!parse_secs(arg, 0.001, 86400, &o->timeout))
			return ma_error_set(err, MA_ERR_USAGE, "--timeout takes seconds above 0, not '%s'", arg);
		return MA_OK;
	case OPT_MAX_BODY:
		if (!parse_size(arg, &o->max_body))
			return ma_error_set(err, MA_ERR_USAGE, "--max-body takes a size like 5M or 500k, not '%s'", arg);
		return MA_OK;
	case OPT_MAX_REDIRECTS:
		if (!parse_int(arg, 0, 100, &v))
			return ma_error_set(err, MA_ERR_USAGE, "--max-redirects takes a number from 0 to 100, not '%s'", arg);
		o->max_redirects = v;
		return MA_OK;
	case OPT_RETRIES:
		if (!parse_int(arg, 0, 20, &v))
			return ma_error_set(err, MA_ERR_USAGE, "--retries takes a number from 0 to 20, not '%s'", arg);
		o->retries = v;
		return MA_OK;
	default:
		return -1;
	}
}

int options_parse(struct options *o, int argc, char **argv, struct ma_error *err)
{
	int c;
	long v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:qvr:j:c:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			free(o->format);
			o->format = xstrdup(optarg);
			o->format_set = true;
			break;
		case 'o':
			free(o->output);
			o->output = xstrdup(optarg);
			o->output_set = true;
			break;
		case OPT_REPORT: {
			const char *colon = strchr(optarg, ':');
			o->reports = xgrow(o->reports, &o->reports_cap, o->nreports + 1, sizeof *o->reports);
			struct report_req *r = &o->reports[o->nreports++];
			if (colon) {
				r->format = xstrndup(optarg, (size_t)(colon - optarg));
				r->path = xstrdup(colon + 1);
			} else {
				r->format = NULL;	/* from the extension */
				r->path = xstrdup(optarg);
			}
			break;
		}
		case OPT_COLOR:
			if (!strcmp(optarg, "auto"))
				o->color = COLOR_AUTO;
			else if (!strcmp(optarg, "always"))
				o->color = COLOR_ALWAYS;
			else if (!strcmp(optarg, "never"))
				o->color = COLOR_NEVER;
			else
				return ma_error_set(err, MA_ERR_USAGE,
						    "--color takes auto, always or never, not '%s'", optarg);
			o->color_set = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_FAIL_ON: {
			int s = severity_from_name(optarg);
			if (s < 0)
				return ma_error_set(err, MA_ERR_USAGE,
						    "--fail-on takes error, warning, info or none, not '%s'",
						    optarg);
			o->fail_on = (enum severity)s;
			o->fail_on_set = true;
			break;
		}
		case OPT_MIN_SCORE:
			if (!parse_int(optarg, 0, 100, &v))
				return ma_error_set(err, MA_ERR_USAGE,
						    "--min-score takes a number from 0 to 100, not '%s'", optarg);
			o->min_score = (int)v;
			o->min_score_set = true;
			break;
		case 'r':
			strlist_add(&o->rules, optarg);
			break;
		case OPT_NO_DEFAULT_RULES:
			o->no_default_rules = true;
			o->ndr_set = true;
			break;
		case OPT_ENABLE:
		case OPT_DISABLE: {
			char *t = xasprintf("%c%s", c == OPT_ENABLE ? '+' : '-', optarg);
			strlist_add(&o->toggles, t);
			free(t);
			break;
		}
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case OPT_EXCLUDE:
			strlist_add(&o->excludes, optarg);
			break;
		case OPT_SKIP:
			strlist_add(&o->skip, optarg);
			break;
		case OPT_KEEP:
			strlist_add(&o->keep, optarg);
			break;
		case OPT_BASELINE:
			free(o->baseline);
			o->baseline = xstrdup(optarg);
			break;
		case OPT_COMPANY:
			free(o->company);
			o->company = xstrdup(optarg);
			break;
		case OPT_REPEAT_BOILERPLATE:
			o->repeat_boilerplate = true;
			break;
		case OPT_PAGE_TYPE:
			if (!strchr(optarg, '='))
				return ma_error_set(err, MA_ERR_USAGE,
						    "--page-type takes TYPE=GLOB, not '%s'", optarg);
			strlist_add(&o->page_types, optarg);
			break;
		case OPT_MAX_PAGES:
		case OPT_MAX_DEPTH:
		case OPT_DELAY:
		case OPT_CONCURRENCY:
		case OPT_INCLUDE_URL:
		case OPT_EXCLUDE_URL:
		case OPT_INCLUDE_SUBDOMAINS:
		case OPT_IGNORE_ROBOTS:
		case OPT_INCLUDE_NOINDEX:
		case OPT_NO_SITEMAPS:
		case OPT_USER_AGENT:
		case OPT_TIMEOUT:
		case OPT_MAX_BODY:
		case OPT_MAX_REDIRECTS:
		case OPT_RETRIES: {
			int rc = parse_crawl_option(o, c, optarg, err);
			if (rc)
				return rc;
			break;
		}
		case 'j':
			if (!parse_int(optarg, 1, 256, &v))
				return ma_error_set(err, MA_ERR_USAGE,
						    "--jobs takes a number from 1 to 256, not '%s'", optarg);
			o->jobs = (unsigned)v;
			o->jobs_set = true;
			break;
		case 'c':
			free(o->config);
			o->config = xstrdup(optarg);
			break;
		case OPT_NO_CONFIG:
			o->no_config = true;
			break;
		case 'h':
			o->help = true;
			break;
		case 'V':
			o->version = true;
			break;
		case ':':
			return ma_error_set(err, MA_ERR_USAGE, "option '%s' needs an argument",
					    argv[optind - 1]);
		default:
			return ma_error_set(err, MA_ERR_USAGE, "unknown option '%s' (see --help)",
					    argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		strlist_add(&o->targets, argv[i]);
	return MA_OK;
}
