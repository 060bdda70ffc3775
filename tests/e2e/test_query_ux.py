"""End-to-end tests of how knipsel-query reads what a user types: a field
with no value, dates with the month by its name, and a word excluded in
any of its forms.

A small corpus is written and indexed once; expected answers come from it.
"""

import json
import os
import unittest

from e2e_support import TempCorpusCase  # noqa: E402

ARTICLES = {
    # The words "datum", "titel", "bron" and "taal" in a body: a field
    # whose value is missing must not find it as a word.
    "veld.txt": "date 2017-01-10\ntitle Een titel zonder datum\n\n"
                "De datum en de titel van het verdrag, de bron en de taal: Iran tekende.\n",
    "sancties.txt": "date 2018-05-14\ntitle Nieuwe sancties tegen Iran\n\n"
                    "De VS stellen nieuwe sancties in tegen Iran na het opzeggen van het atoomakkoord.\n",
    "akkoord.txt": "date 2018-06-20\ntitle Iran houdt vast aan het akkoord\n\n"
                   "Iran blijft zich aan het akkoord houden, zegt het IAEA in Wenen.\n",
    "wire.txt": "date 2019-07-01\ntitle Iran faces new sanctions\nlang en\n\n"
                "Iran faces new sanctions from Washington over its nuclear programme.\n",
    "straf.txt": "date 2019-10-03\ntitle Strafmaatregelen tegen Iran\n\n"
                 "De EU overweegt strafmaatregelen tegen Iran om de raketproeven.\n",
}


class QueryUxCase(TempCorpusCase):
    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False)
        for name, text in ARTICLES.items():
            with open(os.path.join(cls.work, "corpus", name), "w", encoding="utf-8") as f:
                f.write(text)
        cls.index_workdir()

    def q(self, *words):
        return self.query("--db", self.db, "--", *words)

    def ids(self, *words):
        """The ids of the articles a query finds (exit 0 or 1)."""
        r = self.query("--db", self.db, "--format", "json", "-n", "50", "--", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {hit["id"] for hit in json.loads(r.stdout)["results"]}

    def assert_parse_error(self, query, *parts):
        """Exit 65 (the query cannot be parsed), nothing on stdout, one error line naming `parts`."""
        r = self.q(*query.split(" "))
        self.assertEqual(r.returncode, 65, (query, r.stdout, r.stderr))
        self.assertEqual(r.stdout, "", query)
        lines = r.stderr.splitlines()
        self.assertTrue(lines and lines[0].startswith("knipsel-query: error: "), r.stderr)
        self.assertEqual(sum(1 for line in lines if "error:" in line), 1, r.stderr)
        for part in parts:
            self.assertIn(part, lines[0], query)
        return lines

    # --- a field with no value ----------------------------------------------

    def test_a_field_without_a_value_is_an_error_naming_it(self):
        for field in ("datum", "date", "titel", "title", "bron", "source", "lang", "taal", "language"):
            with self.subTest(field=field):
                self.assert_parse_error(field + ":", field + ": has no value")
                self.assert_parse_error("Iran " + field + ":", field + ": has no value")
                self.assert_parse_error("(Iran OR " + field + ":)", field + ": has no value")
                self.assert_parse_error(field + ':""', field + ": has no value")

    def test_a_field_with_a_space_after_its_colon_says_where_the_value_goes(self):
        lines = self.assert_parse_error("datum: 2018 Iran", "datum: has no value", "a space follows the colon")
        self.assertIn("hint: write the value right after the colon: datum:2018", lines)

    def test_a_field_name_in_a_phrase_is_a_word(self):
        self.assertEqual(self.ids('"datum:"'), {"veld.txt"})

    # --- dates with the month by its name ------------------------------------

    def test_a_month_by_its_name_with_its_year(self):
        cases = {
            "datum:mei-2018": {"sancties.txt"},
            "datum:2018-mei": {"sancties.txt"},
            "datum:Mei-2018": {"sancties.txt"},
            "datum:14-mei-2018": {"sancties.txt"},
            "datum:2018-mei-14": {"sancties.txt"},
            "datum:15-mei-2018": set(),
            "datum:mei-2018..jun-2018": {"sancties.txt", "akkoord.txt"},
            "datum:mrt-2018..juli-2019": {"sancties.txt", "akkoord.txt", "wire.txt"},
            "datum:sept-2019..dec-2019": {"straf.txt"},
            "datum:okt-2019": {"straf.txt"},
            "date:june-2018": {"akkoord.txt"},
            "date:3-October-2019": {"straf.txt"},
            "date:..may-2018": {"veld.txt", "sancties.txt"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.ids(query, "Iran"), expected)

    def test_a_month_without_its_year_is_an_error_listing_the_forms(self):
        for query in ("datum:mei..juni", "datum:mei", "datum:3-mei", "date:may..2019"):
            with self.subTest(query=query):
                self.assert_parse_error(query + " Iran", "has no year", "mei-2018", "3-mei-2018", "2018-mei",
                                        "DD-MM-YYYY")
        self.assert_parse_error("datum:31-juni-2018 Iran", "'31-juni-2018' in datum: is not a date", "mei-2018")

    def test_help_lists_the_date_forms(self):
        r = self.query("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for form in ("datum:mei-2018", "datum:3-mei-2018", "datum:2018-mei", "without a space"):
            self.assertIn(form, r.stdout.replace("\n", " "))

    # --- a word excluded in any of its forms ----------------------------------

    def test_a_word_and_its_plural_exclude_the_same_articles(self):
        # "sancties = strafmaatregelen = en:sanctions": excluding either
        # form leaves out the articles with any member of the group.
        expected = {"veld.txt", "akkoord.txt"}
        for query in ("Iran NIET sancties", "Iran NIET sanctie", "Iran NOT sanctie", "Iran -sancties",
                      "Iran -sanctie", "Iran NOT Sancties", "Iran AND NOT sanctie"):
            with self.subTest(query=query):
                self.assertEqual(self.ids(*query.split(" ")), expected)

    def test_a_word_and_its_plural_find_the_same_synonyms(self):
        for query in ("Iran AND sanctie", "Iran AND sancties", "sanctie OR raketproef", "sanctie", "Sanctie Iran"):
            with self.subTest(query=query):
                self.assertTrue({"sancties.txt", "straf.txt"} <= self.ids(*query.split(" ")), query)


if __name__ == "__main__":
    unittest.main()
