/* Issue 4: sentences, readability, cue weighing, problem/impact,
 * unsupported superlatives, customer focus, scores and the site level. */
#include "tests/unit/testutil.h"

#include <stdio.h>

#include "common/xalloc.h"
#include "crawler/extract.h"
#include "rules/analysis.h"
#include "rules/match.h"
#include "rules/pagetype.h"
#include "rules/readability.h"
#include "rules/ruleset.h"
#include "rules/score.h"
#include "rules/sentences.h"
#include "rules/consistency.h"
#include "rules/site.h"

static struct page *page_of(const char *html, enum page_type type)
{
	struct extract_opts o;
	extract_opts_init(&o);
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_html(p, html, strlen(html), NULL, &o, &err), MA_OK);
	extract_opts_release(&o);
	p->src = NULL;
	p->type = type;
	return p;
}

/* The teaching pack of the source tree, or skip. */
static void load_teaching(struct ruleset *rs)
{
	const char *dir = getenv("top_srcdir");
	if (!dir)
		skip();
	char *path = xasprintf("%s/rules/packs/teaching.rules", dir);
	struct ma_error err;
	ma_error_clear(&err);
	rule_set_init(rs);
	if (rule_set_load_file(rs, path, &err))
		fail_msg("%s", err.msg);
	free(path);
	rule_set_prepare(rs);
}

static char *sentence_text(const char *t, const struct sentences *s, size_t i)
{
	return xstrndup(t + s->v[i].off, s->v[i].len);
}

static void test_sentences(void **state)
{
	(void)state;
	const char *t = "We cut costs by 3.5% in the U.S. last year, e.g. for Acme Inc. and others. "
			"Dr. Smith agreed! Did J. Doe? Yes\xE2\x80\xA6 Then version 2.0 shipped.";
	struct sentences s = {0};
	sentences_split(t, strlen(t), 0, 0, &s);
	const char *want[] = {
		"We cut costs by 3.5% in the U.S. last year, e.g. for Acme Inc. and others.",
		"Dr. Smith agreed!",
		"Did J. Doe?",
		"Yes\xE2\x80\xA6",
		"Then version 2.0 shipped.",
	};
	assert_int_equal(s.n, 5);
	for (size_t i = 0; i < 5; i++) {
		char *got = sentence_text(t, &s, i);
		assert_string_equal(got, want[i]);
		free(got);
	}
	assert_int_equal(sentences_find(&s, 0), 0);
	assert_int_equal(sentences_find(&s, s.v[2].off + 1), 2);
	sentences_release(&s);

	/* every block ends a sentence: headings and list items without stops */
	struct page *p = page_of("<h1>Patch without reboots</h1><ul><li>Fewer outages</li>"
				 "<li>Less toil</li></ul><p>One. Two.</p>",
				 PT_PRODUCT);
	sentences_of_page(p, &s);
	assert_int_equal(s.n, 5);
	char *h = sentence_text(p->text.data, &s, 0);
	assert_string_equal(h, "Patch without reboots");
	free(h);
	sentences_release(&s);
	page_free(p);
}

static void test_readability(void **state)
{
	(void)state;
	assert_int_equal(read_syllables("cat", 3), 1);
	assert_int_equal(read_syllables("make", 4), 1);
	assert_int_equal(read_syllables("table", 5), 2);
	assert_int_equal(read_syllables("wanted", 6), 2);
	assert_int_equal(read_syllables("used", 4), 1);
	assert_int_equal(read_syllables("infrastructure", 14), 4);
	assert_int_equal(read_syllables("2024", 4), 1);
	struct readability r;
	memset(&r, 0, sizeof r);
	read_add_sentence(&r, "The cat sat on the mat.", 23);
	read_add_sentence(&r, "We ran.", 7);	/* under 3 words: not measured */
	assert_int_equal(r.sentences, 1);
	assert_int_equal(r.words, 6);
	assert_int_equal(r.syllables, 6);
	/* 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45, floored at 0 */
	assert_true(read_grade(&r) == 0);
	/* 206.835 - 1.015 * 6 - 84.6 = 116.145 */
	assert_true(read_ease(&r) > 116.1 && read_ease(&r) < 116.2);
	assert_true(read_is_passive("Patches are applied automatically.", 34));
	assert_true(read_is_passive("The kernel was written by volunteers", 36));
	assert_false(read_is_passive("Livepatch applies patches.", 26));
}

static const char *const teaching_page =
	"<title>Livepatch | Acme</title>"
	"<h1>Patch the kernel while it runs</h1>"
	"<p>Downtime is one of the major pains of every service provider, and rebooting a "
	"fleet is hard to schedule.</p>"
	"<p>Each reboot window costs a 40-server team about 6 hours of downtime a month.</p>"
	"<p>Acme Livepatch applies kernel fixes without a reboot, so you keep your services "
	"up and your users happy while you plan upgrades on your own schedule.</p>"
	"<p>It is the fastest way to patch.</p><p>It works on any cloud.</p>"
	"<p>Setup is the simplest of any tool: it took Globex 4 minutes.</p>"
	"<p>Livepatch reads the fix list from a signed feed, checks each patch against the running "
	"kernel and loads it in place; the next scheduled reboot picks up the full kernel package "
	"as usual, so nothing changes in how you upgrade.</p>"
	"<blockquote>We were the best at rebooting, now we never do.</blockquote>";

static void test_problem_impact(void **state)
{
	(void)state;
	struct ruleset rs;
	load_teaching(&rs);
	struct matcher *m = matcher_new(&rs);
	struct page *p = page_of(teaching_page, PT_PRODUCT);
	rule_run_page(&rs, m, p);
	const struct analysis *a = analysis_of(p);
	assert_non_null(a);
	assert_true(p->metrics.has_analysis);
	assert_true(p->metrics.problem);
	assert_true(p->metrics.impact);
	assert_true(a->nproblems >= 1);
	bool found = false;
	for (size_t i = 0; i < a->nproblems && i < ANALYSIS_KEEP; i++)
		found |= strstr(a->problems[i].text, "major pains") != NULL;
	assert_true(found);
	found = false;
	for (size_t i = 0; i < a->nimpacts && i < ANALYSIS_KEEP; i++)
		found |= strstr(a->impacts[i].text, "6 hours") != NULL;
	assert_true(found);
	/* "fastest" has no evidence in its sentence or the next; "simplest"
	 * has a number in the same sentence; "best" in a quote is theirs */
	size_t unsupported = 0;
	for (size_t i = 0; i < p->nfindings; i++)
		if (!strcmp(p->findings[i].rule, "evidence.unsupported-superlative")) {
			unsupported++;
			assert_string_equal(p->findings[i].match, "fastest");
			assert_string_equal(p->findings[i].context, "It is the fastest way to patch.");
		}
	assert_int_equal(unsupported, 1);
	assert_int_equal(a->unsupported, 1);
	assert_true(p->metrics.evidence >= 2);	/* the quantities and the quote */
	/* customer focus: the quote's "we" is the customer's */
	assert_string_equal(a->company, "Acme");
	assert_int_equal(a->we, 0);
	assert_true(a->you >= 4);
	assert_int_equal(a->company_mentions, 1);
	/* nothing to complain about on this page */
	for (size_t i = 0; i < p->nfindings; i++)
		assert_true(strncmp(p->findings[i].rule, "teaching.", 9));
	score_page(p);
	assert_int_equal(a->category[CAT_TEACHING], 100);
	assert_true(p->score > 0 && p->score <= 100);
	page_free(p);

	/* quotation marks with an attribution are a customer's words too */
	p = page_of("<p>\xE2\x80\x9CWe cut our patching time by 80% and we sleep at night.\xE2\x80\x9D</p>"
		    "<p>\xE2\x80\x94 Jane Doe, CIO, Globex</p><p>You can do the same.</p>",
		    PT_PRODUCT);
	rule_run_page(&rs, m, p);
	a = analysis_of(p);
	assert_int_equal(a->quotes, 1);
	assert_int_equal(a->we, 0);	/* the customer's "we" */
	assert_int_equal(a->you, 1);
	assert_true(a->nimpacts >= 1 && a->impacts[0].quote);
	page_free(p);

	/* a benefit verb alone is not a problem statement, and a page that
	 * should teach says so */
	p = page_of("<h1>Minimize reboots</h1>"
		    "<p>Drive down costs with our platform. Our platform is built for modern "
		    "enterprises and offers a rich set of features for every workload. We "
		    "support every major cloud, we integrate with the tools we love, and we "
		    "ship new releases regularly. Our engineers build our platform with care "
		    "and our partners resell our platform worldwide. We offer training, we "
		    "offer consulting, and we offer a certification programme for our "
		    "partners and their staff in every region where we operate today.</p>"
		    "<p>Our company was founded by engineers, and our team has grown every year "
		    "since. We are proud of our platform and of our people, and we thank our "
		    "partners for their trust in our work. We look forward to what comes next "
		    "for our community.</p>",
		    PT_PRODUCT);
	rule_run_page(&rs, m, p);
	assert_false(p->metrics.problem);
	bool no_problem = false, vendor = false;
	for (size_t i = 0; i < p->nfindings; i++) {
		no_problem |= !strcmp(p->findings[i].rule, "teaching.no-problem");
		vendor |= !strcmp(p->findings[i].rule, "focus.vendor");
	}
	assert_true(no_problem);
	assert_true(vendor);
	page_free(p);

	/* a legal page is not expected to teach */
	p = page_of("<h1>Terms</h1><p>These terms apply to every use of the website and the "
		    "services. You agree to them by using the website. The terms may change and "
		    "the version on this page applies. Nothing here limits rights you have under "
		    "the law of the country where you live, and nothing here gives a third party "
		    "any right to enforce these terms. If a court finds a clause invalid, the "
		    "other clauses still apply. We may transfer the agreement. The laws of "
		    "England govern these terms and its courts hear any dispute about them.</p>",
		    PT_LEGAL);
	rule_run_page(&rs, m, p);
	for (size_t i = 0; i < p->nfindings; i++)
		assert_true(strncmp(p->findings[i].rule, "teaching.", 9));
	page_free(p);
	matcher_free(m);
	rule_set_release(&rs);
}

static void test_cue_pack_format(void **state)
{
	(void)state;
	struct ruleset rs;
	rule_set_init(&rs);
	struct ma_error err;
	ma_error_clear(&err);
	const char *pack = "[cue.problem.chargeback]\ncategory = cue.problem\nweight = 3\n"
			   "pattern = \\bchargebacks?\\b\nmessage = a pain of shops\n"
			   "[cue.impact.loss]\ncategory = cue.impact\nweight = 2.5\n"
			   "pattern = \\blost \\w+ orders\\b\nmessage = lost orders\n";
	assert_int_equal(rule_set_load_string(&rs, "cue.rules", pack, &err), MA_OK);
	rule_set_prepare(&rs);
	const struct rule *r = rule_set_find(&rs, "cue.impact.loss");
	assert_non_null(r);
	assert_true(r->weight == 2.5);
	assert_int_equal(analysis_cue_kind(r), CUE_IMPACT);
	assert_int_equal(analysis_cue_kind(rule_set_find(&rs, "cue.problem.chargeback")), CUE_PROBLEM);
	struct matcher *m = matcher_new(&rs);
	struct page *p = page_of("<p>Chargebacks eat your margin.</p><p>Shops lost 300 orders.</p>",
				 PT_HOME);
	rule_run_page(&rs, m, p);
	assert_true(p->metrics.problem);
	assert_true(p->metrics.impact);
	/* cues are weighed, never reported as findings */
	assert_int_equal(p->nfindings, 0);
	page_free(p);
	matcher_free(m);
	rule_set_release(&rs);

	rule_set_init(&rs);
	assert_int_equal(rule_set_load_string(&rs, "bad.rules",
					      "[cue.x]\ncategory = cue.problem\nweight = lots\n"
					      "pattern = x\nmessage = m\n",
					      &err),
			 MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "weight must be a number"));
	rule_set_release(&rs);
}

static void test_site(void **state)
{
	(void)state;
	struct ruleset rs;
	load_teaching(&rs);
	struct ma_error err;
	ma_error_clear(&err);
	assert_int_equal(rule_set_load_string(&rs, "t.rules",
					      "[t.best]\npattern = best-in-class\nmessage = m\n", &err),
			 MA_OK);
	rule_set_prepare(&rs);
	struct matcher *m = matcher_new(&rs);
	struct page *pages[4];
	const char *footer = "<p>Subscribe to our newsletter for monthly product news, best-in-class.</p>";
	for (int i = 0; i < 4; i++) {
		char *html = xasprintf("<title>%s</title><h1>%s %d</h1><p>Page %d talks about invoices.</p>%s",
				       i == 0 ? "Acme invoicing for small agencies" : "Other page",
				       i == 0 ? "Get paid for every invoice" : "Invoices paid on time, part",
				       i, i, footer);
		pages[i] = page_of(html, i == 0 ? PT_HOME : i == 1 ? PT_PRODUCT : PT_BLOG);
		free(html);
		pages[i]->site = "site";
		rule_run_page(&rs, m, pages[i]);
		score_page(pages[i]);
		page_compact(pages[i]);
	}
	/* a finding inside the shared footer is marked on every page */
	site_mark_boilerplate(pages, 4);
	struct site_report *r = site_analyze(pages, 4);
	assert_int_equal(r->n, 1);
	const struct site_summary *s = &r->v[0];
	assert_int_equal(s->pages, 4);
	assert_ptr_equal(s->home, pages[0]);
	assert_int_equal(s->nboiler, 1);
	assert_int_equal(s->boiler[0].pages, 4);
	assert_string_equal(s->boiler[0].text,
			    "Subscribe to our newsletter for monthly product news, best-in-class.");
	assert_int_equal(s->boiler[0].findings, 4);
	assert_int_equal(s->boiler_findings, 4);
	for (int i = 0; i < 4; i++) {
		size_t marked = 0;
		for (size_t f = 0; f < pages[i]->nfindings; f++)
			marked += analysis_finding_in_boilerplate(pages[i], f);
		assert_int_equal(marked, 1);
	}
	assert_int_equal(s->necho, 1);	/* the product page */
	assert_int_equal(s->echoing, 1);	/* it repeats "invoice" and "paid" */
	/* the site score weighs the home page 5, a product page 3, a blog post 0.5 */
	double want = (5.0 * pages[0]->score + 3.0 * pages[1]->score + 0.5 * pages[2]->score +
		       0.5 * pages[3]->score) / 9.0;
	assert_true(s->score >= (int)want - 1 && s->score <= (int)want + 1);
	site_report_free(r);
	/* the footer's finding stays on the first page only */
	size_t before[4];
	for (int i = 0; i < 4; i++)
		before[i] = pages[i]->nfindings;
	site_drop_repeated_boilerplate(pages, 4);
	for (int i = 0; i < 4; i++) {
		size_t marked = 0;
		for (size_t f = 0; f < pages[i]->nfindings; f++)
			marked += analysis_finding_in_boilerplate(pages[i], f);
		assert_int_equal(marked, i == 0 ? 1 : 0);
		assert_int_equal(pages[i]->nfindings, before[i] - (i == 0 ? 0 : 1));
		assert_int_equal(analysis_of(pages[i])->dropped_boiler, i == 0 ? 0 : 1);
	}
	for (int i = 0; i < 4; i++)
		page_free(pages[i]);
	matcher_free(m);
	rule_set_release(&rs);
}

/* Rule run, score and compact one page of a site, as an audit does. */
static struct page *site_page(const struct ruleset *rs, struct matcher *m, const char *html,
			      enum page_type type, const char *path)
{
	struct page *p = page_of(html, type);
	p->site = "site";
	p->path = xstrdup(path);
	rule_run_page(rs, m, p);
	score_page(p);
	page_compact(p);
	return p;
}

static size_t count_rule(const struct page *p, const char *rule, const char *match)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nfindings; i++)
		if (!strcmp(p->findings[i].rule, rule) && (!match || !strcmp(p->findings[i].match, match)))
			n++;
	return n;
}

static void test_consistency(void **state)
{
	(void)state;
	/* figures: the number, multipliers, plus signs, what they count */
	assert_int_equal(consistency_audience("Bookkeeping for small businesses"), AUD_SMALL);
	assert_int_equal(consistency_audience("Automation for large enterprises"), AUD_LARGE);
	assert_int_equal(consistency_audience("Enterprise-grade automation"), 0);
	assert_int_equal(consistency_audience("Built for developers, no-code friendly"),
			 AUD_DEVELOPERS | AUD_NO_CODE);
	assert_int_equal(consistency_audience_conflict(AUD_SMALL, AUD_LARGE), AUD_LARGE);
	assert_int_equal(consistency_audience_conflict(AUD_SMALL, AUD_LARGE | AUD_SMALL), 0);
	assert_int_equal(consistency_audience_conflict(AUD_DEVELOPERS, AUD_SMALL), 0);

	struct ruleset rs;
	load_teaching(&rs);
	struct matcher *m = matcher_new(&rs);
	struct page *pv[5];
	pv[0] = site_page(&rs, m,
			  "<title>Ledgerly | Bookkeeping for small businesses</title>"
			  "<h1>Close your books in an hour</h1>"
			  "<p>Over 10k+ customers in 40 countries trust Ledgerly, with 99.9% uptime. "
			  "Start a 30-day free trial.</p><p>Today you chase the same 30 customers every "
			  "month.</p>",
			  PT_HOME, "index.html");
	pv[1] = site_page(&rs, m,
			  "<title>About | Ledgerly</title><meta name=description content=\"Books closed in "
			  "an hour, every month.\"><h1>About us</h1><p>Today 5,000 customers in 40 countries "
			  "use Ledgerly. Fortune 500 companies are not our market. Our founder ran a "
			  "distributor with 2,000 customers. Accountants on our Pro plan serve up to 50+ "
			  "customers, at 20+ customers per seat.</p>",
			  PT_ABOUT, "about.html");
	pv[2] = site_page(&rs, m,
			  "<title>Pricing | Ledgerly</title><h1>Close the books in one hour</h1><p>Every "
			  "plan starts with a 14-day free trial. Up to 10 users per plan; 3 users, 10 users "
			  "or 25 users. 99.90% uptime.</p>",
			  PT_PRICING, "pricing.html");
	pv[3] = site_page(&rs, m,
			  "<title>Ledgerly Enterprise | Ledgerly</title><h1>Bookkeeping for large "
			  "enterprises</h1><p>Used by 10,000 customers.</p>",
			  PT_PRODUCT, "product/index.html");
	pv[4] = site_page(&rs, m,
			  "<title>Our 2019 news</title><h1>News</h1><p>We had 500 customers then.</p>",
			  PT_BLOG, "blog/2019.html");
	size_t nf;
	const struct claim_fact *f = analysis_facts(pv[0], &nf);
	assert_int_equal(nf, 4);	/* not the reader's "same 30 customers" */
	assert_string_equal(f[0].f.match, "10k+ customers");
	assert_true(f[0].value == 10000);
	assert_string_equal(consistency_noun(f[1].noun), "countries");
	assert_string_equal(f[2].f.match, "99.9% uptime");
	assert_string_equal(f[3].f.match, "30-day free trial");
	analysis_facts(pv[4], &nf);
	assert_int_equal(nf, 0);	/* posts are not where the company states its figures */

	site_add_consistency_findings(&rs, pv, 5);
	/* about contradicts home; "Fortune 500 companies", another
	 * company's "2,000 customers" and the plan limits ("up to 50+",
	 * "20+ customers per seat") are no figures of the company */
	assert_int_equal(count_rule(pv[1], "consistency.conflicting-figure", "5,000 customers"), 1);
	assert_int_equal(count_rule(pv[1], "consistency.conflicting-figure", NULL), 1);
	/* pricing: the trial differs; 99.90% (the same uptime) does not */
	assert_int_equal(count_rule(pv[2], "consistency.conflicting-figure", NULL), 1);
	assert_int_equal(count_rule(pv[2], "consistency.conflicting-figure", "14-day free trial"), 1);
	/* "10,000" is home's "10k+"; the page speaks to enterprises, home to small businesses */
	assert_int_equal(count_rule(pv[3], "consistency.conflicting-figure", NULL), 0);
	assert_int_equal(count_rule(pv[3], "consistency.audience-mismatch", NULL), 1);
	assert_int_equal(count_rule(pv[0], "consistency.conflicting-figure", NULL), 0);
	assert_int_equal(count_rule(pv[4], "consistency.conflicting-figure", NULL), 0);
	/* findings stay in line order */
	for (int i = 0; i < 5; i++)
		for (size_t k = 1; k < pv[i]->nfindings; k++)
			assert_true(pv[i]->findings[k - 1].line <= pv[i]->findings[k].line);

	struct site_report *r = site_analyze(pv, 5);
	const struct site_summary *s = &r->v[0];
	assert_int_equal(s->nconflicts, 2);
	assert_string_equal(consistency_noun(s->conflicts[0].noun), "customers");
	assert_int_equal(s->conflicts[0].nvalues, 2);
	assert_true(s->conflicts[0].values[0].value == 10000);	/* home's first */
	assert_int_equal(s->conflicts[0].values[0].npages, 2);
	assert_int_equal(s->naudience, 1);
	assert_ptr_equal(s->audience[0].page, pv[3]);
	assert_string_equal(s->audience[0].home_audience, "small businesses");
	/* "Close your books in an hour", "Books closed in an hour, every
	 * month." and "Close the books in one hour": one claim, three ways */
	assert_int_equal(s->nvariants, 1);
	assert_int_equal(s->variants[0].n, 3);
	/* the top phrases are wording, not a stale figure */
	for (size_t j = 0; j < s->nphrases; j++)
		assert_true(strncmp(s->phrases[j].rule, "consistency.", 12) != 0);
	site_report_free(r);

	/* without a home or about page figure, product pages of different
	 * products do not contradict each other */
	for (int i = 0; i < 5; i++)
		page_free(pv[i]);
	pv[0] = site_page(&rs, m, "<h1>Kafka</h1><p>Trusted by 1 million+ users.</p>", PT_PRODUCT, "kafka.html");
	pv[1] = site_page(&rs, m, "<h1>etcd</h1><p>Trusted by 1000+ users.</p>", PT_PRODUCT, "etcd.html");
	pv[2] = site_page(&rs, m, "<h1>Run Ubuntu Pro securely on Azure</h1>", PT_PRODUCT, "a.html");
	pv[3] = site_page(&rs, m, "<h1>Run Ubuntu Pro securely on Google Cloud</h1>", PT_PRODUCT, "g.html");
	pv[4] = site_page(&rs, m, "<h1>Run Ubuntu Pro securely on AWS</h1>", PT_PRODUCT, "w.html");
	site_add_consistency_findings(&rs, pv, 5);
	assert_int_equal(count_rule(pv[0], "consistency.conflicting-figure", NULL) +
				 count_rule(pv[1], "consistency.conflicting-figure", NULL),
			 0);
	r = site_analyze(pv, 5);
	assert_int_equal(r->v[0].nconflicts, 0);
	assert_int_equal(r->v[0].nvariants, 0);	/* another subject each, not another wording */
	site_report_free(r);
	for (int i = 0; i < 5; i++)
		page_free(pv[i]);

	/* every page listed under a differing figure gets its finding, also
	 * one whose figure is close to, but not the same as, the first that
	 * stated it (199+ and 200+ are one figure) */
	pv[0] = site_page(&rs, m, "<h1>Ledgerly</h1><p>Connect 100+ integrations.</p>", PT_HOME, "index.html");
	pv[1] = site_page(&rs, m, "<h1>About us</h1><p>We offer 199+ integrations.</p>", PT_ABOUT, "about.html");
	pv[2] = site_page(&rs, m, "<h1>Sync</h1><p>Connect 200+ integrations.</p>", PT_PRODUCT, "sync.html");
	site_add_consistency_findings(&rs, pv, 3);
	assert_int_equal(count_rule(pv[1], "consistency.conflicting-figure", "199+ integrations"), 1);
	assert_int_equal(count_rule(pv[2], "consistency.conflicting-figure", "200+ integrations"), 1);
	assert_int_equal(count_rule(pv[0], "consistency.conflicting-figure", NULL), 0);
	for (int i = 0; i < 3; i++)
		page_free(pv[i]);
	matcher_free(m);
	rule_set_release(&rs);
}

static void expect_type(const char *path, const char *html, enum page_type want, const char *why)
{
	struct pagetype_rules *r = pagetype_rules_new();
	struct page *p = page_of(html, PT_OTHER);
	p->path = xstrdup(path);
	pagetype_classify(r, p);
	if (p->type != want)
		fail_msg("%s: got %s (%s), want %s", path, page_type_name(p->type), p->type_reason,
			 page_type_name(want));
	assert_non_null(strstr(p->type_reason, why));
	page_free(p);
	pagetype_rules_free(r);
}

static void test_pagetype_content(void **state)
{
	(void)state;
	/* the path wins when it says something */
	expect_type("pricing/index.html", "<h1>Privacy policy</h1>", PT_PRICING, "path segment");
	/* otherwise the content: headings, bylines, sales calls to action */
	expect_type("x/a.html", "<title>Privacy Policy | Acme</title><p>We keep your data.</p>", PT_LEGAL,
		    "title starts with 'privacy policy'");
	expect_type("x/b.html", "<h1>Page not found</h1>", PT_ERROR, "heading starts with 'page not found'");
	expect_type("x/c.html", "<h1>Thank you for your request</h1>", PT_FORM, "'thank you'");
	expect_type("x/d.html", "<h1>Getting started</h1><p>Install it.</p>", PT_DOCS, "'getting started'");
	expect_type("x/e.html", "<h1>Why we moved</h1><p>By Jane Doe</p><p>Text.</p>", PT_BLOG, "byline");
	expect_type("x/f.html", "<h1>Ship</h1><p>March 5, 2024</p><p>Text.</p>", PT_BLOG, "date");
	char *long_page = xasprintf("<h1>Acme Patch</h1><p>%s</p><a href=\"/c\">Contact sales</a>",
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run. "
				    "Acme Patch applies kernel fixes while servers run.");
	expect_type("x/g.html", long_page, PT_PRODUCT, "sales call to action ('contact sales')");
	free(long_page);
	expect_type("x/h.html", "<h1>Notes</h1><p>Short page.</p>", PT_OTHER, "no path pattern or content cue");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_readability),
		cmocka_unit_test(test_problem_impact),
		cmocka_unit_test(test_cue_pack_format),
		cmocka_unit_test(test_site),
		cmocka_unit_test(test_consistency),
		cmocka_unit_test(test_pagetype_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
