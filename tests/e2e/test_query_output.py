"""End-to-end tests of what knipsel-query reports: date order, counts,
"every word" for operator queries, long queries, wildcards, snippets and
text for a terminal.

The demo corpus copy, and small corpora written here, are indexed once
per class; expected answers come from the test's own data.
"""

import json
import os
import shutil
import subprocess
import unittest

import jsonschema

from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, TempCorpusCase, clean_env, run  # noqa: E402
from test_cli_query import QueryCase  # noqa: E402


def validator():
    with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    return jsonschema.Draft202012Validator(schema)


class DemoCorpusCase(QueryCase):
    """The demo corpus, indexed once (with its schema validator)."""

    def json_query(self, *args):
        r = self.query("--db", self.db, "--format", "json", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        self.validator.validate(data)
        return data

    def assert_date_runs(self, hits, descending):
        """Hits with every word, then the others, each run in date order (undated last)."""
        flags = [h["matched_all"] for h in hits]
        self.assertEqual(flags, sorted(flags, reverse=True), "every-word hits first, then one run of the rest")
        for group in (True, False):
            dates = [h["date"] for h in hits if h["matched_all"] == group]
            dated = [d for d in dates if d]
            self.assertEqual(dates, dated + [None] * (len(dates) - len(dated)), "undated last")
            self.assertEqual(dated, sorted(dated, reverse=descending), (group, dated))

    def test_sort_by_date_is_two_runs_of_dates(self):
        for order, descending in (("date", False), ("-date", True)):
            data = self.json_query("--sort", order, "-n", "100", "Kim", "Trump", "Hanoi")
            hits = data["results"]
            self.assertGreater(data["total"], data["total_all"])
            self.assertGreater(len(hits), data["total_all"] + 10)
            self.assert_date_runs(hits, descending)

    def test_sort_by_date_marks_the_second_run_once(self):
        r = self.query("--db", self.db, "--sort", "date", "-n", "60", "Kim", "Trump", "Hanoi")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.count("Also relevant, with some of the words:"), 1, r.stdout)

    def test_any_lists_its_hits_in_one_run_without_the_every_word_heading(self):
        # --any ranks every hit by score: it said "No document has every word.
        # Also relevant, ..." above hits that had every word.
        r = self.query("--db", self.db, "--any", "-n", "60", "Kim", "Trump", "Hanoi")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("Also relevant", r.stdout)
        self.assertNotIn("No document has every word", r.stdout)
        self.assertRegex(r.stdout, r"Results 1-\d+ of \d+, [1-9]\d* with every word")

    def test_no_hits_on_the_page_still_counts_those_with_every_word(self):
        whole = self.json_query("Kim", "Trump", "Hanoi")
        r = self.query("--db", self.db, "-n", "0", "Kim", "Trump", "Hanoi")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("No results on this page; %d in all, %d with every word" % (whole["total"], whole["total_all"]),
                      r.stdout)

    def test_sort_by_date_pages_join_up(self):
        words = ["Kim", "Trump", "Hanoi"]
        whole = [h["id"] for h in self.json_query("--sort", "date", "-n", "40", *words)["results"]]
        paged = []
        for offset in range(0, 40, 7):
            paged += [h["id"] for h in
                      self.json_query("--sort", "date", "-n", "7", "--offset", str(offset), *words)["results"]]
        self.assertEqual(paged[:40], whole)

    def test_operator_query_claims_no_every_word(self):
        for query in (["Iran OR Korea"], ["Kim", "OF", "Yongbyon"], ["Iran", "NOT", "Korea"]):
            data = self.json_query(*query)
            self.assertGreater(data["total"], 0, query)
            self.assertIsNone(data["total_all"], query)
            self.assertTrue(all(h["matched_all"] is None for h in data["results"]), query)
            r = self.query("--db", self.db, *query)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("every word", r.stdout, query)
            self.assertRegex(r.stdout.splitlines()[-1], r"^Results 1-10 of \d+ \(")

    def test_plain_query_still_counts_every_word(self):
        data = self.json_query("Kim", "Yongbyon")
        self.assertIsInstance(data["total_all"], int)
        self.assertTrue(all(isinstance(h["matched_all"], bool) for h in data["results"]))

    def test_more_than_100_words_is_a_usage_error(self):
        words = ["woord%d" % i for i in range(101)]
        r = self.query("--db", self.db, *words)
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertEqual(len(r.stderr.splitlines()[0:1]), 1)
        self.assertIn("more than 100 words", r.stderr.splitlines()[0])
        r = self.query("--db", self.db, *words[:100])
        self.assertIn(r.returncode, (0, 1), r.stderr)


def write_txt(folder, name, date, title, body):
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write("date %s\ntitle %s\n\n%s\n" % (date, title, body))


class GeneratedCorpusCase(TempCorpusCase):
    """A corpus written by the test: counts, snippets, terminal text."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        corpus = os.path.join(cls.work, "corpus")
        # 300 articles: 150 with "pakket", 60 more with "pakketten" only.
        for i in range(300):
            if i < 150:
                body = "Het pakket is verzonden op dag %d." % i
            elif i < 210:
                body = "De pakketten zijn verzonden op dag %d." % i
            else:
                body = "De brief is verzonden op dag %d." % i
            write_txt(corpus, "a%03d.txt" % i, "2018-03-%02d" % (i % 28 + 1), "Bericht %d" % i, body)
        write_txt(corpus, "top2019.txt", "2018-05-01", "Vooruitblik",
                  "Een top in 2018, een top in 2019.")
        write_txt(corpus, "bidi.txt", "2018-06-01", "Titel \u202eesrevo\u202c met \u2067isolaat\u2069",
                  "De zeppelin \u200fmet\u200e bidi \u202atekens\u202c.")
        cls.index_workdir()
        cls.validator = validator()


    def q(self, *args, env=None):
        return run([KNIPSEL_QUERY, "--db", self.db] + list(args), self.work, env)

    def json_query(self, *args):
        r = self.q("--format", "json", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        self.validator.validate(data)
        return data

    def test_one_word_count_is_exact(self):
        for args in ([], ["--all"]):
            data = self.json_query(*args, "pakket")
            self.assertEqual((data["total"], data["total_exact"], data["total_all"]), (210, True, 210), args)
            r = self.q(*args, "pakket")
            self.assertIn("of 210", r.stdout.splitlines()[-1])
        data = self.json_query("title:bericht")
        self.assertEqual((data["total"], data["total_exact"]), (300, True))

    def test_filter_values_are_not_marked_in_snippets(self):
        for query in ("datum:2018 top", "date:..2018 top", "date:2018..2019 top"):
            data = self.json_query(query)
            self.assertEqual(len(data["results"]), 1, query)
            hit = data["results"][0]
            marked = [hit["snippet"][b:e] for b, e in hit["highlights"]]
            self.assertIn("2018", hit["snippet"])
            self.assertEqual(set(marked), {"top"}, query)

    def test_bidi_controls_do_not_reach_the_terminal(self):
        bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
        r = self.q("zeppelin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(bidi & set(r.stdout), repr(r.stdout))
        self.assertIn("esrevo", r.stdout)
        hit = self.json_query("zeppelin")["results"][0]
        # A title loses its embedding, override and isolate controls at
        # index time (Omega's page shows it too); the text keeps the rest.
        self.assertNotIn("\u202e", hit["title"])
        self.assertIn("esrevo", hit["title"])
        self.assertIn("\u200f", hit["snippet"])


class WildcardMemoryCase(TempCorpusCase):
    """A wildcard over many words keeps its 1000 most frequent, in bounded memory."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        corpus = os.path.join(cls.work, "corpus")
        per_file = 40000
        for f in range(3):
            words = " ".join("uniek%07d" % i for i in range(f * per_file, (f + 1) * per_file))
            write_txt(corpus, "w%d.txt" % f, "2019-01-0%d" % (f + 1), "Woorden %d" % f, words)
        # The most frequent word of them, in a few articles of its own.
        for f in range(3):
            write_txt(corpus, "vaak%d.txt" % f, "2019-02-0%d" % (f + 1), "Vaak %d" % f, "uniekvaak en meer")
        cls.index_workdir()


    def test_wildcard_keeps_the_most_frequent_words(self):
        r = run([KNIPSEL_QUERY, "--db", self.db, "--format", "json", "-n", "20", "uniek*"], self.work)
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = {h["id"] for h in json.loads(r.stdout)["results"]}
        self.assertLessEqual({"vaak0.txt", "vaak1.txt", "vaak2.txt"}, ids)

    def max_rss_kb(self, query):
        # Measured with wait4: Popen's own wait would reap the child first.
        p = subprocess.Popen([KNIPSEL_QUERY, "--db", self.db, "-n", "3", query], cwd=self.work,
                             env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, query)
        return usage.ru_maxrss

    def test_wildcard_memory_is_bounded(self):
        # Against a one-word query on the same index (a sanitizer build has
        # a bigger base): the 120,000 words the wildcard covers took ~70 MB
        # more when Xapian opened a posting list for each.
        base = self.max_rss_kb("uniekvaak")
        wildcard = self.max_rss_kb("uniek*")
        self.assertLess(wildcard - base, 20 * 1024, "max RSS %d KB, %d KB for one word" % (wildcard, base))


class LongArticleCase(TempCorpusCase):
    """Articles longer than the 200,000 bytes a snippet reads first (a transcript, a report)."""

    SENTENCE = "De commissie vergaderde opnieuw over de begroting en de planning van het komende jaar. "

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        corpus = os.path.join(cls.work, "corpus")
        for name, n in (("a-190kb.txt", 2200), ("b-210kb.txt", 2400), ("c-2mb.txt", 24000)):
            write_txt(corpus, name, "2021-05-01", "Verslag " + name,
                      cls.SENTENCE * n + "Aan het slot kwam de zeewering ter sprake.\n\nEinde.")
        cls.index_workdir()

    def hits(self, *words):
        r = run([KNIPSEL_QUERY, "--db", self.db, "--format", "json"] + list(words), self.work)
        self.assertEqual(r.returncode, 0, r.stderr)
        return {h["id"]: h for h in json.loads(r.stdout)["results"]}

    def test_a_word_far_into_a_long_article_is_shown_and_marked(self):
        hits = self.hits("zeewering")
        self.assertEqual(sorted(hits), ["a-190kb.txt", "b-210kb.txt", "c-2mb.txt"])
        for hit in hits.values():
            marked = [hit["snippet"][b:e] for b, e in hit["highlights"]]
            self.assertEqual(marked, ["zeewering"], hit["id"])
            self.assertIn("Aan het slot kwam de zeewering ter sprake.", hit["snippet"])

    def test_a_word_the_opening_lacks_gets_a_piece_of_its_own(self):
        for hit in self.hits("zeewering", "vergaderde").values():
            marked = {hit["snippet"][b:e] for b, e in hit["highlights"]}
            self.assertEqual(marked, {"zeewering", "vergaderde"}, hit["id"])


class NoDateFieldCase(TempCorpusCase):
    """An index whose schema has no date field: dates cannot be searched or sorted by."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        corpus = os.path.join(cls.work, "corpus")
        write_txt(corpus, "a.txt", "2019-05-01", "Haven", "De haven van Rotterdam.")
        write_txt(corpus, "b.txt", "2018-05-01", "Haven twee", "De haven van Antwerpen.")
        schemas = os.path.join(cls.work, "schemas")
        shutil.copytree(SCHEMAS_DIR, schemas)
        schema = os.path.join(schemas, "knipsel.toml")
        with open(schema, encoding="utf-8") as f:
            text = f.read()
        date = '[[field]]\nname = "date"\nkind = "date"\nslot = 0\naliases = ["datum"]\n'
        assert date in text
        with open(schema, "w", encoding="utf-8") as f:
            f.write(text.replace(date, ""))
        cls.db = os.path.join(cls.work, "k.db")
        r = run([KNIPSEL_INDEX, "--db", cls.db, "-q", "--schema", schema, "corpus"], cls.work)
        assert r.returncode == 0, r.stderr

    def q(self, *args):
        return run([KNIPSEL_QUERY, "--db", self.db] + list(args), self.work)

    def test_a_range_of_dates_without_its_field_is_a_usage_error(self):
        by_field = self.q("datum:2017..2019", "haven")
        self.assertEqual(by_field.returncode, 64, by_field.stderr)
        for query in ("2017..2019 haven", "haven ..2019", "(2017-05..2019) haven"):
            with self.subTest(query=query):
                r = self.q(query)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertEqual(r.stdout, "")
                self.assertIn("this index's schema has no field 'date' to search by name", r.stderr)
                self.assertEqual(r.stderr.splitlines()[1], by_field.stderr.splitlines()[1])  # the same hint
        # Other points in a row are still punctuation.
        self.assertEqual(self.q("haven...").returncode, 0)

    def test_sorting_by_date_is_a_usage_error_with_a_hint(self):
        for order in ("date", "-date"):
            with self.subTest(order=order):
                r = self.q("--sort", order, "haven")
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertIn("knipsel-query: error: this index has no date field to sort by", r.stderr)
                self.assertIn("hint: leave out --sort", r.stderr)
        self.assertEqual(self.q("--sort", "relevance", "haven").returncode, 0)


if __name__ == "__main__":
    unittest.main()
