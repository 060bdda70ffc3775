"""End-to-end tests of Omega, Xapian's web search page, on an index that
knipsel-index made: the README's one-line template, run through Omega's
command-line mode (the CGI binary of Debian's xapian-omega, given
NAME=VALUE arguments as a browser would send them). Omega finds the words
as written, filters by language, file type and date (by its D/M/Y terms
and by the YYYYMMDD value slot), searches the title by its S prefix and
shows each hit's caption and URL from knipsel's document data.

Expected answers come from the corpus text (e2e_support's own reader), or,
for the date filters, from knipsel-query's own date filter.
"""

import json
import os
import re
import shutil
import subprocess
import unittest

from e2e_support import TempCorpusCase, fold, ids_matching, read_corpus

OMEGA = "/usr/lib/cgi-bin/omega/omega"
KOREA = r"\bkorea\b(?!['’]s)"  # the word as written: "Korea's" is a word of its own

# The README's template ("Using Xapian's own tools on the index"), with a
# title: prefix and a hit list a test can read: id, caption, url, a line each.
TEMPLATE = ("$set{stemmer,dutch}$set{stem_strategy,none}$setmap{prefix,title,S}"
            "$hitlist{$field{id}\t$field{caption}\t$field{url}\n}"
            "TOTAL $msize\n")


class OmegaCase(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(OMEGA, os.X_OK):
            raise unittest.SkipTest("Omega (xapian-omega) not installed")
        cls.work = cls.make_workdir()
        cls.index_workdir()
        cls.docs = read_corpus(os.path.join(cls.work, "corpus"))
        cls.write_omega_setup()

    @classmethod
    def write_omega_setup(cls):
        """The README's template and an omega.conf naming cls.work's folders."""
        os.mkdir(os.path.join(cls.work, "templates"))
        with open(os.path.join(cls.work, "templates", "knipsel"), "w", encoding="utf-8") as f:
            f.write(TEMPLATE)
        cls.conf = os.path.join(cls.work, "omega.conf")
        with open(cls.conf, "w", encoding="utf-8") as f:
            f.write("database_dir %s\ntemplate_dir %s\nlog_dir %s\ncdb_dir %s\n" %
                    (cls.work, os.path.join(cls.work, "templates"), cls.work, cls.work))

    def omega(self, *params):
        """[(id, caption, url)] of Omega's hits for NAME=VALUE params, and its total."""
        env = dict(os.environ, OMEGA_CONFIG_FILE=self.conf)
        env.pop("GATEWAY_INTERFACE", None)
        r = subprocess.run([OMEGA, "DB=" + os.path.basename(self.db), "FMT=knipsel", "HITSPERPAGE=1000", *params],
                           cwd=self.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           encoding="utf-8", timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^TOTAL (\d+)$", r.stdout, re.M)
        self.assertIsNotNone(m, r.stdout)
        hits = [tuple(line.split("\t")) for line in r.stdout.splitlines() if line.count("\t") == 2]
        return hits, int(m.group(1))

    def omega_ids(self, *params):
        hits, total = self.omega(*params)
        self.assertEqual(len(hits), total)
        return {h[0] for h in hits}

    def knipsel_ids(self, *words):
        r = self.query("--db", self.db, "--format", "json", "-n", "1000", "--", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {h["id"] for h in json.loads(r.stdout)["results"]}


class TestOmegaOnAKnipselIndex(OmegaCase):

    def test_a_word_finds_the_articles_that_write_it(self):
        expected = ids_matching(self.docs, r"\bsancties\b")
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual(self.omega_ids("P=sancties"), expected)

    def test_several_words_find_the_articles_with_all_of_them(self):
        expected = ids_matching(self.docs, r"\bsancties\b", r"\byongbyon\b")
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual(self.omega_ids("P=sancties Yongbyon"), expected)
        self.assertEqual(self.omega_ids("P=\"Kim Jong-un\""), ids_matching(self.docs, r"\bkim jong-un\b"))

    def test_hits_show_the_caption_and_url_from_the_document_data(self):
        hits, _ = self.omega("P=Yongbyon")
        self.assertTrue(hits)
        for doc_id, caption, url in hits:
            title = self.docs[doc_id]["title"]
            if title:
                self.assertEqual(caption, title, doc_id)
            else:  # an article without a title: its first words
                self.assertTrue(caption, doc_id)
                self.assertIn(" ".join(caption.split()[:4]), " ".join(self.docs[doc_id]["text"].split()), doc_id)
            self.assertTrue(url, doc_id)

    def test_title_prefix(self):
        expected = {i for i, d in self.docs.items() if re.search(r"\bsingapore\b", fold(d["title"]))}
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual(self.omega_ids("P=title:Singapore"), expected)

    def test_language_and_file_type_filters(self):
        korea = ids_matching(self.docs, KOREA)
        english, dutch = self.omega_ids("P=korea", "B=Len"), self.omega_ids("P=korea", "B=Lnl")
        self.assertTrue(english and dutch, "corpus precondition")
        self.assertEqual(english | dutch, korea)
        self.assertEqual(english & dutch, set())
        self.assertEqual(english, korea & self.knipsel_ids("korea", "lang:en"))
        html = {i for i in korea if i.endswith(".html")}
        self.assertTrue(html, "corpus precondition")
        self.assertEqual(self.omega_ids("P=korea", "B=Ttext/html"), html)
        self.assertEqual(self.omega_ids("P=korea", "B=Ehtml"), html)

    def test_date_range_by_terms_and_by_value_slot(self):
        in_2019 = self.knipsel_ids("datum:2019")
        self.assertTrue(in_2019 and in_2019 != set(self.docs), "corpus precondition")
        korea = ids_matching(self.docs, KOREA)
        self.assertEqual(self.omega_ids("P=korea", "START=20190101", "END=20191231"), korea & in_2019)
        self.assertEqual(self.omega_ids("P=korea", "START=20190101", "END=20191231", "DATEVALUE=0"), korea & in_2019)


class TestXapianCompactSingleFile(TempCorpusCase):
    """An index compacted by hand into one file (xapian-compact
    --single-file), as quest and xapian-delve open it, searched by
    knipsel-query."""

    @classmethod
    def setUpClass(cls):
        compact = shutil.which("xapian-compact")
        if not compact:
            raise unittest.SkipTest("xapian-compact (xapian-tools) not installed")
        cls.work = cls.make_workdir()
        cls.index_workdir()
        cls.single = os.path.join(cls.work, "single.glass")
        subprocess.run([compact, "--single-file", cls.db, cls.single], check=True, stdout=subprocess.DEVNULL,
                       timeout=120)

    def test_knipsel_query_searches_a_single_file_index_as_the_folder(self):
        def ids(db):
            r = self.query("--db", db, "--format", "json", "-n", "1000", "sancties", "Yongbyon")
            self.assertEqual(r.returncode, 0, r.stderr)
            return [h["id"] for h in json.loads(r.stdout)["results"]]
        self.assertEqual(ids(self.single), ids(self.db))

    def test_knipsel_index_will_not_write_to_it(self):
        r = self.index("--db", self.single, "-q", "corpus")
        self.assertEqual(r.returncode, 73, r.stderr)
        self.assertIn("single.glass is a file, not an index folder", r.stderr)


class TestCopiesInOmegaAndQuest(OmegaCase):
    """The same article saved twice: Omega's N=XCOPY and quest's AND_NOT on the
    XCOPY term (README, "Using Xapian's own tools") list it once, as the hit
    knipsel-query shows; without them both copies are listed."""

    ARTICLE = ("title: Sancties tegen Noord-Korea\ndate: 2019-03-01\nsource: NOS\n\n"
               "De VN stemt over nieuwe sancties tegen Noord-Korea.\n")

    @classmethod
    def setUpClass(cls):
        if not os.access(OMEGA, os.X_OK):
            raise unittest.SkipTest("Omega (xapian-omega) not installed")
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "kop.txt": cls.ARTICLE, "kop (1).txt": cls.ARTICLE,
            "eu.txt": "title: Ook de EU\ndate: 2019-03-02\n\nDe EU kondigt sancties aan.\n"})
        cls.index_workdir()
        cls.write_omega_setup()

    def test_omega_leaves_copies_out_with_a_negated_filter(self):
        self.assertEqual(self.omega_ids("P=sancties"), {"kop.txt", "kop (1).txt", "eu.txt"})
        self.assertEqual(self.omega_ids("P=sancties", "N=XCOPY"), {"kop.txt", "eu.txt"})
        self.assertEqual(self.omega_ids("P=sancties", "N=XCOPY"), self.knipsel_ids("sancties"))

    def test_quest_leaves_copies_out_with_a_boolean_prefix(self):
        quest = shutil.which("quest")
        if not quest:
            self.skipTest("quest (xapian-tools) not installed")
        r = subprocess.run([quest, "-d", self.db, "-s", "none", "-b", "kopie:X", "-m", "100",
                            "sancties NOT kopie:COPY"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           encoding="utf-8", timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(set(re.findall(r"^id=(.*)$", r.stdout, re.M)), {"kop.txt", "eu.txt"})


if __name__ == "__main__":
    unittest.main()
