"""End-to-end tests of knipsel-query --show: the stored articles of ids, whole.

Expected texts come from the corpus files themselves (e2e_support.read_corpus),
not from knipsel's output.
"""

import json
import os
import shutil
import unicodedata
import unittest

import jsonschema

from e2e_support import SCHEMAS_DIR, TempCorpusCase, fold, read_corpus

JSONL_ID = "persoverzicht-2019.jsonl#hanoi-01"
MD_ID = "2018-04-27-panmunjom-top.md"


def words(text):
    return fold(text).split()


class TestShow(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()
        cls.corpus = read_corpus(os.path.join(cls.work, "corpus"))
        with open(os.path.join(SCHEMAS_DIR, "show-output.schema.json"), encoding="utf-8") as f:
            cls.schema = json.load(f)

    def show_json(self, *ids, db=None, expect_rc=0):
        r = self.query("--db", db or self.db, "--show", "--format", "json", *ids)
        self.assertEqual(r.returncode, expect_rc, r.stderr)
        data = json.loads(r.stdout)
        jsonschema.validate(data, self.schema)
        return data, r

    def test_an_article_of_a_jsonl_archive_is_shown_whole(self):
        data, _ = self.show_json(JSONL_ID)
        self.assertEqual(data["missing"], [])
        [a] = data["articles"]
        expected = self.corpus[JSONL_ID]
        self.assertEqual(a["id"], JSONL_ID)
        self.assertEqual(a["path"], "persoverzicht-2019.jsonl")
        self.assertEqual(a["title"], expected["title"])
        self.assertEqual(a["date"], expected["date"])
        self.assertEqual(a["source"], expected["source"])
        self.assertEqual(a["lang"], "nl")
        # The whole text, paragraphs and all: not a snippet or the sample.
        self.assertEqual(words(a["title"] + "\n" + a["body"]), words(expected["text"]))
        self.assertIn("\n\n", a["body"])

    def test_ids_are_shown_in_the_order_given_and_text_keeps_paragraphs(self):
        r = self.query("--db", self.db, "--show", MD_ID, JSONL_ID)
        self.assertEqual(r.returncode, 0, r.stderr)
        heads = [l for l in r.stdout.splitlines() if l.startswith("== ")]
        self.assertEqual(heads, ["== " + MD_ID, "== " + JSONL_ID])
        self.assertIn("title:  " + self.corpus[MD_ID]["title"] + "\n", r.stdout)
        self.assertIn("file:   persoverzicht-2019.jsonl\n", r.stdout)
        first_paragraph = self.corpus[MD_ID]["text"].split("\n")[1:]
        first_paragraph = next(p for p in first_paragraph if len(p) > 80 and not p.startswith(("#", "-")))
        self.assertIn("\n" + first_paragraph + "\n", r.stdout)

    def test_an_unknown_id_is_named_and_the_others_still_shown(self):
        data, r = self.show_json("bestaat-niet.md", MD_ID, expect_rc=1)
        self.assertEqual(data["missing"], ["bestaat-niet.md"])
        self.assertEqual([a["id"] for a in data["articles"]], [MD_ID])
        self.assertRegex(r.stderr, r"^knipsel-query: error: no article with the id bestaat-niet\.md in ")

    def test_a_sharded_index_shows_the_same_articles(self):
        db = os.path.join(self.work, "sharded.db")
        r = self.index("--db", db, "--shards", "2", "-q", "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = sorted(self.corpus)[:12]
        sharded, _ = self.show_json(*ids, db=db)
        single, _ = self.show_json(*ids)
        self.assertEqual(sharded, single)
        self.assertEqual([a["id"] for a in single["articles"]], ids)

    def test_usage_errors(self):
        for args in (["--show"], ["--show", "--all", MD_ID], ["--show", "--facets", MD_ID]):
            with self.subTest(args=args):
                r = self.query("--db", self.db, *args)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertRegex(r.stderr, r"^knipsel-query: error: --show ")
                self.assertEqual(r.stdout, "")


class TestDecomposedIds(TempCorpusCase):
    """A file name from a Mac is stored decomposed (NFD); its id typed on a keyboard is composed (NFC)."""

    NFC = "reünie-café.txt"
    NFD = unicodedata.normalize("NFD", NFC)

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            cls.NFD: "title: Reünie\ndate: 2021-01-01\n\nDe reünie in het café was druk bezocht.\n",
            "verslag.txt": "title: Verslag\ndate: 2021-01-02\n\nDe reünie in het dorpscafé was druk.\n",
            "ander-café.txt": "title: Ander\ndate: 2021-01-03\n\nDe havenkraan is hersteld.\n",
        })
        cls.index_workdir()

    def test_show_finds_a_decomposed_id_typed_composed(self):
        r = self.query("--db", self.db, "--show", "--format", "json", self.NFC)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([a["id"] for a in json.loads(r.stdout)["articles"]], [self.NFD])

    def test_show_finds_a_composed_id_typed_decomposed(self):
        decomposed = unicodedata.normalize("NFD", "ander-café.txt")
        r = self.query("--db", self.db, "--show", "--format", "json", decomposed)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([a["id"] for a in json.loads(r.stdout)["articles"]], ["ander-café.txt"])

    def test_like_finds_a_decomposed_id_typed_composed(self):
        r = self.query("--db", self.db, "--like", self.NFC, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([h["id"] for h in json.loads(r.stdout)["results"]], ["verslag.txt"])


class TestIdsAsShown(TempCorpusCase):
    """Text output shows an id on one line and unambiguously: a control character as \\xNN, a backslash
    doubled. --show and --like take an id back as shown and as the file is named."""

    NEWLINE = "haven\nbericht.txt"            # a real newline in the name
    LITERAL = "haven\\x0Abericht.txt"        # the four characters \x0A in the name
    BACKSLASH = "kade\\muur.txt"
    LATIN1 = os.fsdecode(b"caf\xe9.txt")     # no UTF-8: its id is caf%E9.txt
    UTF8 = "caf\u00e9.txt"

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        cls.titles = {cls.NEWLINE: "Regel", cls.LITERAL: "Letterlijk", cls.BACKSLASH: "Schuin",
                      cls.LATIN1: "Latijn", cls.UTF8: "Unicode"}
        for name, title in cls.titles.items():
            with open(os.path.join(os.fsencode(cls.work), b"corpus", os.fsencode(name)), "w", encoding="utf-8") as f:
                # Each its own text: the same text twice is one article saved twice.
                f.write("title %s\n\nHet havenbericht over de sleepboot en de kademuur (%s).\n" % (title, title))
        cls.index_workdir()

    def shown_ids(self):
        """{title: the id as text output shows it}"""
        r = self.query("--db", self.db, "havenbericht")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        shown = {}
        for i, line in enumerate(lines):
            if line[:1].isdigit() and ". " in line:
                shown[line.split(". ", 1)[1]] = lines[i + 1].split("  ")[2]
        return shown

    def show(self, id_, expect_rc=0):
        r = self.query("--db", self.db, "--show", "--format", "json", id_)
        self.assertEqual(r.returncode, expect_rc, r.stderr)
        return json.loads(r.stdout), r

    def test_text_output_tells_the_ids_apart(self):
        self.assertEqual(self.shown_ids(), {"Regel": "haven\\x0Abericht.txt", "Letterlijk": "haven\\\\x0Abericht.txt",
                                            "Schuin": "kade\\\\muur.txt", "Latijn": "caf%E9.txt",
                                            "Unicode": "caf\u00e9.txt"})

    def test_show_and_like_take_each_id_back_as_shown(self):
        for title, shown in self.shown_ids().items():
            with self.subTest(id=shown):
                data, r = self.show(shown)
                self.assertEqual([a["title"] for a in data["articles"]], [title])
                # The newline one's shown id is also the literal one's name: said.
                self.assertEqual(r.stderr != "", title == "Regel", r.stderr)
                t = self.query("--db", self.db, "--show", shown)
                self.assertTrue(t.stdout.startswith("== " + shown + "\n"), t.stdout)
                r = self.query("--db", self.db, "--like", shown, "--format", "json")
                self.assertEqual(r.returncode, 0, r.stderr)
                data = json.loads(r.stdout)
                self.assertNotIn(title, [h["title"] for h in data["results"]])
                self.assertEqual(len(data["results"]), 4)
                r = self.query("--db", self.db, "--like", shown)
                self.assertTrue(r.stdout.startswith("Like " + shown + ", by its words: "), r.stdout)

    def test_json_keeps_the_ids_raw(self):
        data, _ = self.show("haven\\\\x0Abericht.txt")
        self.assertEqual([a["id"] for a in data["articles"]], [self.LITERAL])
        data, _ = self.show("haven\\x0Abericht.txt")
        self.assertEqual([a["id"] for a in data["articles"]], [self.NEWLINE])

    def test_show_takes_an_id_as_the_file_is_named(self):
        for name, title in ((self.NEWLINE, "Regel"), (self.BACKSLASH, "Schuin"), (self.LATIN1, "Latijn"),
                            (self.UTF8, "Unicode")):
            with self.subTest(name=name):
                data, r = self.show(name)
                self.assertEqual([a["title"] for a in data["articles"]], [title])
                self.assertEqual(r.stderr, "")

    def test_a_name_that_reads_as_another_shown_id_is_taken_as_shown_with_a_warning(self):
        # "haven\x0Abericht.txt" as typed is the literal file's name, and
        # as a search shows it the newline one's id: the shown one is taken.
        data, r = self.show(self.LITERAL)
        self.assertEqual([a["title"] for a in data["articles"]], ["Regel"])
        self.assertEqual(r.stderr, "knipsel-query: warning: took haven\\x0Abericht.txt as a search shows it; "
                                   "the article named so as typed is haven\\\\x0Abericht.txt\n")

    def test_an_unknown_id_is_named_as_typed_on_one_line(self):
        data, r = self.show("nergens\\x0A.txt", expect_rc=1)
        self.assertEqual(data["missing"], ["nergens\\x0A.txt"])
        self.assertRegex(r.stderr, r"^knipsel-query: error: no article with the id nergens\\x0A\.txt in ")
        data, r = self.show(os.fsdecode(b"nergens\xe9.txt"), expect_rc=1)
        self.assertEqual(data["missing"], ["nergens\u00e9.txt"])
        self.assertRegex(r.stderr, r"^knipsel-query: error: no article with the id nergens\\xE9\.txt in ")


class TestIdsOfNamesWithEscapes(TempCorpusCase):
    """A UTF-8 name holding "%XX" has its '%' written as %25 in its id; --show and --like take the name too."""

    SPACE = "r%20s.txt"                    # id r%2520s.txt
    LETTER = "p%41.txt"                    # id p%2541.txt
    LATIN1 = os.fsdecode(b"caf\xe9.txt")  # id caf%E9.txt
    LOOKALIKE = "caf%E9.txt"              # UTF-8, named as the Latin-1 one's id: id caf%25E9.txt

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        cls.titles = {cls.SPACE: "Spatie", cls.LETTER: "Letter", cls.LATIN1: "Latijn", cls.LOOKALIKE: "Lijkt"}
        for name, title in cls.titles.items():
            with open(os.path.join(os.fsencode(cls.work), b"corpus", os.fsencode(name)), "w", encoding="utf-8") as f:
                f.write("title %s\n\nHet havenbericht over de sleepboot en de kademuur (%s).\n" % (title, title))
        cls.index_workdir()

    def show(self, id_):
        r = self.query("--db", self.db, "--show", "--format", "json", id_)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [a["title"] for a in json.loads(r.stdout)["articles"]], r.stderr

    def test_show_and_like_take_the_files_own_name(self):
        for name, id_, title in ((self.SPACE, "r%2520s.txt", "Spatie"), (self.LETTER, "p%2541.txt", "Letter")):
            with self.subTest(name=name):
                self.assertEqual(self.show(id_), ([title], ""))
                self.assertEqual(self.show(name), ([title], ""))
                r = self.query("--db", self.db, "--like", name, "--format", "json")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertNotIn(title, [h["title"] for h in json.loads(r.stdout)["results"]])

    def test_an_id_that_is_another_files_name_is_taken_as_the_id_with_a_warning(self):
        self.assertEqual(self.show("caf%25E9.txt"), (["Lijkt"], ""))
        self.assertEqual(self.show(self.LATIN1), (["Latijn"], ""))
        self.assertEqual(self.show("caf%E9.txt"),
                         (["Latijn"], "knipsel-query: warning: took caf%E9.txt as an id; the file named so has the "
                                      "id caf%25E9.txt\n"))



if __name__ == "__main__":
    unittest.main()
