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


if __name__ == "__main__":
    unittest.main()
