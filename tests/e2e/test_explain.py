"""End-to-end tests of knipsel-index --explain: the documents files become and
the terms each gets, printed instead of indexed.

The explanation must be the index's truth: its terms are compared with those
xapian-delve reads from an index of the same file.
"""

import json
import os
import shutil
import subprocess
import unittest

from e2e_support import CORPUS_DIR, TempCorpusCase

COMPOUND_ARTICLE = """title: Sanctieverlichting na de vredesverklaring
date: 2019-02-27
lang: nl

De sancties blijven. Eén land vraagt om sanctieverlichting; de VS weigeren.
"""

ENGLISH_ARTICLE = """---
title: Sanctions stay in place
date: 2019-03-01
lang: en
---
The United States said the sanctions would stay in place.
"""

SEED = "000_b434b5bde8cf898f.txt"


def all_terms(doc):
    """Every term --explain says the document gets."""
    terms = set(doc["filters"]) | set(doc["other_terms"])
    for prefix, words in (("S", doc["title_words"]), ("", doc["words"])):
        for w in words:
            terms.add(prefix + w["word"])
            if w["stem"]:
                terms.add(w["stem"])
            terms.update(w["parts"])
    return terms


class TestExplain(TempCorpusCase):

    def setUp(self):
        self.work = self.make_workdir(copy_corpus=False, articles={
            "verlichting.txt": COMPOUND_ARTICLE, "sanctions.md": ENGLISH_ARTICLE})
        self.addCleanup(shutil.rmtree, self.work, True)

    def explain_json(self, *files, expect_rc=0):
        r = self.index("--explain", "--json", *files)
        self.assertEqual(r.returncode, expect_rc, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
        return json.loads(r.stdout), r

    def only_doc(self, data):
        self.assertEqual(len(data["files"]), 1)
        docs = data["files"][0]["documents"]
        self.assertEqual(len(docs), 1)
        return docs[0]

    def word(self, words, word):
        found = [w for w in words if w["word"] == word]
        self.assertEqual(len(found), 1, "%r in %r" % (word, [w["word"] for w in words]))
        return found[0]

    def test_a_compound_shows_its_stem_and_its_parts(self):
        data, _ = self.explain_json("corpus/verlichting.txt")
        doc = self.only_doc(data)
        self.assertEqual(doc["id"], "verlichting.txt")
        self.assertEqual(doc["title"], "Sanctieverlichting na de vredesverklaring")
        self.assertEqual(doc["date"], "2019-02-27")
        self.assertEqual(doc["lang"], "nl")
        self.assertIn("Lnl", doc["filters"])
        self.assertIn("Qverlichting.txt", doc["filters"])
        self.assertEqual(doc["values"], {"0": "20190227", "11": "nl"})
        body = self.word(doc["words"], "sanctieverlichting")
        self.assertEqual(body["positions"][0], 1, "the title's words come first")
        self.assertEqual(len(body["positions"]), 2, "once in the title, once in the body")
        self.assertEqual(body["stem"], "Zsanctieverlicht")
        self.assertIn("Zsanctie", body["parts"])
        # "sancties" is found by its stem, the stem of the compound's first part.
        self.assertEqual(self.word(doc["words"], "sancties")["stem"], "Zsanctie")
        title = self.word(doc["title_words"], "vredesverklaring")
        self.assertEqual(title["stem"], "ZSvredesverklar")
        self.assertEqual(title["parts"], ["ZSvred", "ZSverklar"])
        de = self.word(doc["words"], "de")
        self.assertTrue(de["stopword"])
        self.assertIsNone(de["stem"])
        # "Eén" the number is kept beside "een" the article, at its position.
        een = self.word(doc["words"], "een")
        self.assertEqual(self.word(doc["words"], "één")["positions"], een["positions"])

    def test_an_english_article_is_explained_with_english_stems(self):
        data, _ = self.explain_json("corpus/sanctions.md")
        doc = self.only_doc(data)
        self.assertEqual(doc["lang"], "en")
        self.assertIn("Len", doc["filters"])
        self.assertEqual(self.word(doc["words"], "sanctions")["stem"], "Zsanction")
        self.assertTrue(self.word(doc["words"], "the")["stopword"])

    def test_the_terms_are_those_the_index_gives_the_file(self):
        delve = shutil.which("xapian-delve")
        if not delve:
            self.skipTest("xapian-delve (xapian-tools) not installed")
        shutil.copy(os.path.join(CORPUS_DIR, SEED), os.path.join(self.work, "corpus"))
        for name in ("verlichting.txt", "sanctions.md", SEED):
            with self.subTest(name=name):
                data, _ = self.explain_json("corpus/" + name)
                doc = self.only_doc(data)
                self.assertEqual(doc["other_terms"], [], "every term is a word's, its stem's or a filter")
                explained = all_terms(doc)
                # The same file indexed alone, as a run over it names it.
                db = os.path.join(self.work, name + ".db")
                r = self.index("--db", db, "-q", "corpus/" + name)
                self.assertEqual(r.returncode, 0, r.stderr)
                out = subprocess.run([delve, "-r", "1", "-1", db], capture_output=True, text=True, check=True)
                indexed = {t for t in out.stdout.splitlines()[1:] if t}
                # The one term --explain cannot know: which indexed folder the file is in.
                indexed = {t for t in indexed if not t.startswith("XFILE")}
                self.assertEqual(explained, indexed)

    def test_text_output_lines_up_words_positions_and_stems(self):
        r = self.index("--explain", "corpus/verlichting.txt")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "corpus/verlichting.txt: 1 document (text/plain)")
        self.assertIn("verlichting.txt", lines)
        self.assertIn("  title     Sanctieverlichting na de vredesverklaring", lines)
        row = next(l for l in lines if l.split()[:1] == ["vredesverklaring"] and "ZSvredesverklar" in l)
        self.assertTrue(row.endswith("ZSvredesverklar  parts: ZSvred ZSverklar"), row)
        row = next(l for l in lines if l.split()[:1] == ["de"] and l.lstrip() != l)
        self.assertTrue(row.endswith("stopword: no stem"), row)
        self.assertFalse(os.path.exists(os.path.join(self.work, "knipsel.db")), "--explain writes no index")

    def test_the_id_is_shown_as_knipsel_query_shows_it(self):
        # A backslash doubled, as a search shows the id and --show takes it back.
        with open(os.path.join(self.work, "corpus", "kade\\muur\nx.txt"), "w", encoding="utf-8") as f:
            f.write("De kademuur.\n")
        r = self.index("--explain", "corpus/kade\\muur\nx.txt")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        # On one line, the file named as the id below it is shown.
        self.assertEqual(lines[0], "corpus/kade\\\\muur\\x0Ax.txt: 1 document (text/plain)")
        self.assertIn("kade\\\\muur\\x0Ax.txt", lines)

    def test_a_file_of_many_articles_is_explained_line_by_line_with_its_errors(self):
        shutil.copy(os.path.join(CORPUS_DIR, "persoverzicht-2019.jsonl"), os.path.join(self.work, "corpus"))
        with open(os.path.join(self.work, "corpus", "persoverzicht-2019.jsonl"), "a", encoding="utf-8") as f:
            f.write('{"id": "kapot", "title": \n')
        data, r = self.explain_json("corpus/persoverzicht-2019.jsonl", expect_rc=1)
        f = data["files"][0]
        self.assertEqual(f["type"], "application/jsonl")
        ids = [d["id"] for d in f["documents"]]
        self.assertIn("persoverzicht-2019.jsonl#hanoi-01", ids)
        self.assertEqual(len(ids), 4)
        self.assertEqual(len(f["errors"]), 1)
        self.assertEqual(f["errors"][0]["line"], 5)
        self.assertEqual(data["errors"], 1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: corpus/persoverzicht-2019\.jsonl:5: ")

    def test_bad_arguments_are_named_and_the_rest_still_explained(self):
        os.mkdir(os.path.join(self.work, "corpus", "map"))
        with open(os.path.join(self.work, "corpus", "scan.pdf"), "wb") as f:
            f.write(b"%PDF-1.4")
        r = self.index("--explain", "corpus/map", "corpus/weg.txt", "corpus/scan.pdf", "corpus/sanctions.md")
        self.assertEqual(r.returncode, 1, r.stderr)
        errors = [l for l in r.stderr.splitlines() if l.startswith("knipsel-index: error: ")]
        self.assertEqual(len(errors), 3, r.stderr)
        self.assertIn("corpus/map: a folder: --explain takes files", errors[0])
        self.assertIn("corpus/weg.txt: cannot read: No such file or directory", errors[1])
        self.assertIn("corpus/scan.pdf: not a format knipsel reads", errors[2])
        self.assertIn("corpus/sanctions.md: 1 document (text/markdown)", r.stdout)

    def test_usage_errors(self):
        for args in (["--explain"], ["--explain", "--full", "corpus/sanctions.md"],
                     ["--explain", "--dry-run", "corpus/sanctions.md"]):
            with self.subTest(args=args):
                r = self.index(*args)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertRegex(r.stderr, r"^knipsel-index: error: --explain ")
                self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
