"""End-to-end tests of knipsel-query's command line: query words that start
with '-' (no "--" needed), options anywhere among the words, the help text,
one-line usage errors, and a query typed on a Latin-1 terminal.

The corpus copy is indexed once; each "without --" answer is compared with
the same query after "--", which was always read as query words.
"""

import json
import os
import subprocess
import unittest

from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, TempCorpusCase, clean_env


class CliArgsCase(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()

    def json_answer(self, *args):
        """(rc, parsed JSON, stderr) of a query with --format json -n 100 in front."""
        r = self.query("--db", self.db, "--format", "json", "-n", "100", *args)
        self.assertIn(r.returncode, (0, 1), "args %r: stderr=%r" % (args, r.stderr))
        return r.returncode, json.loads(r.stdout), r.stderr

    def ids(self, data):
        return [x["id"] for x in data["results"]]

    def assert_same_as_after_double_dash(self, *words):
        rc, data, _ = self.json_answer(*words)
        rc_dd, data_dd, _ = self.json_answer("--", *words)
        self.assertEqual(rc, rc_dd, words)
        self.assertEqual(data["query"], data_dd["query"], words)
        self.assertEqual(data["parsed"], data_dd["parsed"], words)
        self.assertEqual(self.ids(data), self.ids(data_dd), words)
        return data

    def assert_usage_error(self, r):
        """Exit 64, one `knipsel-query: error:` line and `hint:` lines; returns (error, hints)."""
        self.assertEqual(r.returncode, 64, r.stderr)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertTrue(lines and lines[0].startswith("knipsel-query: error: "), r.stderr)
        for l in lines[1:]:
            self.assertTrue(l.startswith("hint: "), r.stderr)
        self.assertEqual(r.stdout, "")
        return lines[0], " ".join(lines[1:])


class TestWordsStartingWithMinus(CliArgsCase):

    def test_kim_minus_trump_excludes_trump_without_double_dash(self):
        with_kim = set(self.ids(self.json_answer("Kim")[1]))
        data = self.assert_same_as_after_double_dash("Kim", "-Trump")
        self.assertEqual(data["query"], "Kim -Trump")
        self.assertTrue(data["results"])
        self.assertLess(set(self.ids(data)), with_kim)  # some of Kim's articles left out

    def test_query_of_minus_words_only(self):
        data = self.assert_same_as_after_double_dash("-sancties", "-VS")
        self.assertEqual(data["query"], "-sancties -VS")
        self.assertTrue(data["results"])

    def test_minus_word_first_then_a_word(self):
        data = self.assert_same_as_after_double_dash("-sancties", "Iran")
        self.assertEqual(data["query"], "-sancties Iran")  # every article on Iran has sancties
        data = self.assert_same_as_after_double_dash("-Trump", "Kim")
        self.assertEqual(data["query"], "-Trump Kim")
        self.assertTrue(data["results"])

    def test_words_that_start_like_a_short_option_are_words(self):
        # -n and -h are options only alone or as -n5; these are exclusions.
        for words in (("Iran", "-nieuws"), ("Iran", "-hamas"), ("Iran", "-n5x")):
            self.assertEqual(self.assert_same_as_after_double_dash(*words)["query"], " ".join(words))

    def test_lone_minus_and_negative_number_are_words(self):
        for words in (("Iran", "-"), ("-3", "Iran"), ("Iran", "-2019")):
            self.assertEqual(self.assert_same_as_after_double_dash(*words)["query"], " ".join(words))

    def test_options_with_values_anywhere_among_the_words(self):
        r = self.query("--db", self.db, "Kim", "-Trump", "-n", "5", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual(data["query"], "Kim -Trump")
        _, expected, _ = self.json_answer("--", "Kim", "-Trump")
        self.assertEqual(self.ids(data), self.ids(expected)[:5])
        # -n5, --db=PATH and --sort -date (a value that starts with '-') too
        r = self.query("Kim", "--db=" + self.db, "-Trump", "-n5", "--sort", "-date", "--format=json")
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual(data["query"], "Kim -Trump")
        self.assertEqual(len(data["results"]), 5)
        dates = [x["date"] for x in data["results"]]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_everything_after_double_dash_is_a_word(self):
        _, data, _ = self.json_answer("Iran", "--", "-n", "--format", "-h")
        self.assertEqual(data["query"], "Iran -n --format -h")

    def test_misspelt_long_option_is_an_error_with_a_hint(self):
        r = self.query("--db", self.db, "--fromat", "json", "Iran")
        error, hint = self.assert_usage_error(r)
        self.assertEqual(error, "knipsel-query: error: unknown option --fromat")
        self.assertIn("did you mean --format?", hint)
        self.assertIn("knipsel-query -- --fromat", hint)
        r = self.query("--db", self.db, "--nonsense=1", "Iran")
        error, hint = self.assert_usage_error(r)
        self.assertEqual(error, "knipsel-query: error: unknown option --nonsense")
        self.assertIn(" -- ", hint)

    def test_no_words_is_a_usage_error(self):
        for args in ((), ("-n", "5")):
            error, hint = self.assert_usage_error(self.query("--db", self.db, *args))
            self.assertEqual(error, "knipsel-query: error: no query given")
        error, _ = self.assert_usage_error(self.query("--db", self.db, "Iran", "-n"))
        self.assertEqual(error, "knipsel-query: error: -n needs a value (N)")


class TestBadValues(CliArgsCase):

    def test_negative_offset_is_one_clear_line(self):
        error, _ = self.assert_usage_error(self.query("--db", self.db, "--offset", "-3", "Iran"))
        self.assertEqual(error, "knipsel-query: error: --offset: '-3' is not a whole number of 0 or more")

    def test_an_empty_db_and_a_timeout_under_one_say_so(self):
        error, _ = self.assert_usage_error(self.query("--db", "", "Iran"))
        self.assertEqual(error, "knipsel-query: error: --db names no index: its value is empty")
        error, _ = self.assert_usage_error(self.query("--db", self.db, "--connect-timeout", "0", "Iran"))
        self.assertEqual(error, "knipsel-query: error: --connect-timeout: '0' is too small (at least 1)")

    def test_bad_count_and_timeout_are_one_line(self):
        for args in (("-n", "-1"), ("-n", "tien"), ("-n", "20000"), ("--connect-timeout", "0")):
            error, _ = self.assert_usage_error(self.query("--db", self.db, *args, "Iran"))
            self.assertIn(args[0].lstrip("-")[:5], error, args)


class TestHelp(CliArgsCase):

    def test_help_describes_the_default_matching_and_the_default_index(self):
        r = self.query("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("combined with AND", r.stdout)
        self.assertIn("first the documents with every word, then those with some of them", r.stdout)
        self.assertIn("default ./knipsel.db", r.stdout)
        self.assertIn("Kim -Trump", r.stdout)
        r = self.query("-h", env=clean_env(KNIPSEL_DB="/srv/news.db"))
        self.assertIn("default /srv/news.db from $KNIPSEL_DB", r.stdout)


    def test_help_and_version_that_cannot_be_written_are_exit_74(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        for tool in (self.query, self.index):
            for option in ("--help", "--version"):
                with self.subTest(tool=tool.__name__, option=option), open("/dev/full", "w") as full:
                    r = subprocess.run([KNIPSEL_QUERY if tool == self.query else KNIPSEL_INDEX, option],
                                       stdout=full, stderr=subprocess.PIPE, text=True)
                    self.assertEqual(r.returncode, 74, r.stderr)
                    self.assertRegex(r.stderr, r"^knipsel-(query|index): error: cannot write to standard output\n$")


class TestLatin1Query(CliArgsCase):

    def test_windows_1252_query_is_read_as_such_with_one_warning(self):
        _, utf8, utf8_stderr = self.json_answer("ideeën")
        self.assertEqual(utf8_stderr, "")  # valid UTF-8: untouched, no warning
        self.assertEqual(len(utf8["results"]), 8)
        latin1 = os.fsdecode(b"idee\xebn")  # the bytes a Latin-1 terminal sends
        rc, data, stderr = self.json_answer(latin1)
        self.assertEqual(rc, 0)
        self.assertEqual(data["query"], "ideeën")
        self.assertEqual(self.ids(data), self.ids(utf8))
        self.assertEqual(stderr.splitlines(),
                         ["knipsel-query: warning: the query is not UTF-8: read as windows-1252 (Latin-1): ideeën"])

    def test_windows_1252_quotes_become_a_phrase(self):
        # 0x84 and 0x94 are „ and ” in windows-1252 (not Latin-1), as Dutch text types them.
        phrase = os.fsdecode(b"\x84Noord-Korea\x94")
        _, data, stderr = self.json_answer(phrase)
        _, expected, _ = self.json_answer("„Noord-Korea”")
        self.assertEqual(data["query"], "„Noord-Korea”")
        self.assertEqual(data["parsed"], expected["parsed"])
        self.assertEqual(len(stderr.splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
