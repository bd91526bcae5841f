/* Options, .msgaudit.ini discovery and merging, globs. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/glob.h"
#include "common/xalloc.h"
#include "src/options.h"
#include "src/settings.h"

static char *tmpdir;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/msgaudit-cfg-XXXXXX";
	tmpdir = xstrdup(mkdtemp(tmpl));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(tmpdir);
	return 0;
}

static void parse(struct options *o, int argc, const char **argv)
{
	struct ma_error err;
	options_init(o);
	if (options_parse(o, argc, (char **)argv, &err))
		fail_msg("%s", err.msg);
}

static void test_discovery_and_merge(void **state)
{
	(void)state;
	char *sub = xasprintf("%s/site/pages", tmpdir);
	char *mk = xasprintf("mkdir -p '%s'", sub);
	assert_int_equal(system(mk), 0);
	char *cfg = xasprintf("%s/.msgaudit.ini", tmpdir);
	write_file(cfg, "# site settings\n[msgaudit]\nfail_on = warning\nmin_score = 70\njobs = 3\nbaseline = old.json\n"
			"exclude = drafts/** vendor/\nrules = extra.rules\ndisable = buzzword.synergy\n"
			"[extract]\nskip = .promo\nkeep = footer\n[page_types]\npricing = /plans/*\n"
			"[analysis]\ncompany = Acme Corp\n");
	char *found = config_find(sub);
	assert_non_null(found);
	char real[4096];
	assert_non_null(realpath(cfg, real));
	assert_string_equal(found, real);

	struct options o;
	const char *argv[] = {"msgaudit", "--jobs", "5", "--enable", "buzzword.synergy", sub};
	parse(&o, 6, argv);
	struct ma_error err;
	assert_int_equal(config_load(&o, found, &err), MA_OK);
	assert_int_equal(o.fail_on, SEV_WARNING);
	assert_int_equal(o.min_score, 70);
	assert_int_equal(o.jobs, 5);	/* the command line wins */
	assert_non_null(o.baseline);
	assert_non_null(strstr(o.baseline, "/old.json"));
	assert_int_equal(o.excludes.n, 2);
	assert_string_equal(o.excludes.v[0], "drafts/**");
	assert_int_equal(o.rules.n, 1);
	assert_non_null(strstr(o.rules.v[0], "/extra.rules"));
	/* file toggles first, command line after: the enable wins */
	assert_int_equal(o.toggles.n, 2);
	assert_string_equal(o.toggles.v[0], "-buzzword.synergy");
	assert_string_equal(o.toggles.v[1], "+buzzword.synergy");
	assert_string_equal(o.skip.v[0], ".promo");
	assert_string_equal(o.page_types.v[0], "pricing=/plans/*");
	assert_string_equal(o.company, "Acme Corp");
	options_release(&o);
	free(found);
	free(cfg);
	free(mk);
	free(sub);
}

static void test_config_errors(void **state)
{
	(void)state;
	char *cfg = xasprintf("%s/bad.ini", tmpdir);
	struct options o;
	struct ma_error err;
	write_file(cfg, "[msgaudit]\n\nfail_on = sometimes\n");
	options_init(&o);
	assert_int_equal(config_load(&o, cfg, &err), MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "bad.ini:3: fail_on takes"));
	options_release(&o);
	write_file(cfg, "[msgaudit]\ncolour = red\n");
	options_init(&o);
	assert_int_equal(config_load(&o, cfg, &err), MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "bad.ini:2: unknown key 'colour'"));
	options_release(&o);
	write_file(cfg, "[nonsense]\nx = 1\n");
	options_init(&o);
	assert_int_equal(config_load(&o, cfg, &err), MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "unknown section [nonsense]"));
	options_release(&o);
	free(cfg);
}

static void test_option_errors(void **state)
{
	(void)state;
	struct {
		int argc;
		const char *argv[4];
		const char *msg;
	} cases[] = {
		{2, {"msgaudit", "--bogus"}, "unknown option '--bogus'"},
		{3, {"msgaudit", "--fail-on", "loud"}, "--fail-on takes"},
		{3, {"msgaudit", "--jobs", "0"}, "--jobs takes"},
		{3, {"msgaudit", "--min-score", "101"}, "--min-score takes"},
		{2, {"msgaudit", "--format"}, "needs an argument"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct options o;
		struct ma_error err;
		options_init(&o);
		assert_int_equal(options_parse(&o, cases[i].argc, (char **)cases[i].argv, &err), MA_ERR_USAGE);
		if (!strstr(err.msg, cases[i].msg))
			fail_msg("'%s' lacks '%s'", err.msg, cases[i].msg);
		options_release(&o);
	}
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(glob_match_path("*.md", "a/b/c.md", false));
	assert_true(glob_match_path("drafts/**", "drafts/x/y.html", false));
	assert_false(glob_match_path("drafts/**", "pub/drafts.html", false));
	assert_true(glob_match_path("vendor/", "vendor", true));
	assert_false(glob_match_path("vendor/", "vendor", false));
	assert_true(glob_match_path("**/tmp/*.html", "tmp/a.html", false));
	assert_true(glob_match_path("**/tmp/*.html", "a/b/tmp/a.html", false));
	assert_false(glob_match_path("a/*.html", "a/b/c.html", false));
	assert_true(glob_match_path("a/[bc]?.html", "a/cd.html", false));
	assert_true(glob_match("/plans*", "/plans/enterprise/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discovery_and_merge),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_option_errors),
		cmocka_unit_test(test_globs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
