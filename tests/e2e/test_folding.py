"""End-to-end tests of the folding step (docs/analysis.md, step 1), where
what a user types and what an article writes differ by more than case and
combining marks: superscript and subscript digits ("CO₂", "m²") are the
digits NFKD makes them, letters with a stroke or ligatures that have no
decomposition ("Wałęsa", "Støre", "œuvre") fold as PostgreSQL's unaccent
folds them, and Hangul stays in its syllables, so that quest finds a Korean
word as typed.

The articles are written into a fresh temp folder; the expected answers are
the files' names and the characters of their text.
"""

import re
import shutil
import subprocess
import unittest

from e2e_support import ArticlesCase


def article(date, title, body):
    return "date %s\ntitle %s\nsource Testkrant\nlang nl\n\n%s\n" % (date, title, body)


ARTICLES = {
    "klimaat.txt": article("2020-05-01", "Klimaat", "De CO₂-uitstoot van Nederland daalde vorig jaar met 3 procent."),
    "uitstoot.txt": article("2020-05-02", "Uitstoot", "De CO2-uitstoot van de luchtvaart steeg vorig jaar."),
    "vergiftiging.txt": article("2020-05-03", "Vergiftiging",
                                "Een gezin werd onwel door CO-vergiftiging door een kapotte geiser."),
    "woning.txt": article("2020-05-04", "Woning", "Het appartement van 85 m² kost 400.000 euro."),
    "polen.txt": article("2020-08-01", "Polen", "Oud-president Lech Wałęsa sprak in Gdańsk."),
    "gdansk.txt": article("2020-08-02", "Gdansk", "De luchthaven van Gdansk draagt de naam van Lech Walesa."),
    "noorwegen.txt": article("2020-08-03", "Noorwegen", "Premier Jonas Gahr Støre bezocht Den Haag."),
    "oslo.txt": article("2020-08-04", "Oslo", "De Noorse premier Jonas Gahr Store sprak in Oslo."),
    "kunst.txt": article("2020-08-05", "Kunst", "Het œuvre van de schilder werd geveild."),
    "turkije.txt": article("2020-08-06", "Turkije", "Oppositieleider Kemal Kılıçdaroğlu verloor de verkiezing."),
    "korea.txt": article("2020-01-15", "Korea", "De leider 김정은 (Kim Jong-un) ontmoette 习近平 in Pjongjang."),
}


class FoldingCase(ArticlesCase):
    ARTICLES = ARTICLES


class TestSuperscriptAndSubscriptDigits(FoldingCase):

    def test_co2_finds_both_spellings_and_not_carbon_monoxide(self):
        for q in ("CO2", "CO₂", "co₂"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q), ["klimaat.txt", "uitstoot.txt"])

    def test_the_hyphenated_word_as_the_article_writes_it(self):
        self.assertEqual(self.ids("CO₂-uitstoot"), ["klimaat.txt", "uitstoot.txt"])
        self.assertEqual(self.ids("co2uitstoot"), ["klimaat.txt", "uitstoot.txt"])

    def test_square_metres(self):
        self.assertEqual(self.ids("m2"), ["woning.txt"])
        self.assertEqual(self.ids('"85 m²"'), ["woning.txt"])

    def test_the_snippet_marks_the_word_as_written(self):
        by_id = {h["id"]: h for h in self.hits("co2")}
        self.assertIn("CO₂", self.marked(by_id["klimaat.txt"])[0])
        self.assertEqual(self.marked(self.hits("m2")[0]), ["m²"])


class TestLettersWithoutDecomposition(FoldingCase):

    def test_each_spelling_finds_both(self):
        for words, expected in ((("Walesa", "Wałęsa", "WAŁĘSA"), ["gdansk.txt", "polen.txt"]),
                                (("Store", "Støre"), ["noorwegen.txt", "oslo.txt"]),
                                (("oeuvre", "œuvre"), ["kunst.txt"]),
                                (("Kilicdaroglu", "Kılıçdaroğlu"), ["turkije.txt"])):
            for q in words:
                with self.subTest(q=q):
                    self.assertEqual(self.ids(q), expected)

    def test_the_snippet_marks_the_name_as_written(self):
        by_id = {h["id"]: h for h in self.hits("walesa")}
        self.assertEqual(self.marked(by_id["polen.txt"]), ["Wałęsa"])
        self.assertEqual(self.marked(by_id["gdansk.txt"]), ["Walesa"])


class TestHangulSyllables(FoldingCase):

    def test_knipsel_finds_the_word_and_reports_it_as_typed(self):
        hits = self.hits("김정은")
        self.assertEqual([h["id"] for h in hits], ["korea.txt"])
        self.assertEqual(hits[0]["matched"], ["김정은"])
        self.assertEqual(self.marked(hits[0]), ["김정은"])

    def test_quest_finds_the_word_as_typed(self):
        quest = shutil.which("quest")
        if not quest:
            self.skipTest("quest (xapian-tools) not installed")
        for word in ("김정은", "习近平"):
            with self.subTest(word=word):
                r = subprocess.run([quest, "-d", self.db, "-s", "none", word], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, encoding="utf-8", timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(re.findall(r"^id=(.*)$", r.stdout, re.M), ["korea.txt"])


if __name__ == "__main__":
    unittest.main()
