"""End-to-end tests of how knipsel-query reads what a user types: a field
with no value, dates with the month by its name, and a word excluded in
any of its forms.

A small corpus is written and indexed once; expected answers come from it.
"""

import json
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
        cls.work = cls.make_workdir(copy_corpus=False, articles=ARTICLES)
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

    # --- spaces of another kind -----------------------------------------------

    def test_a_no_break_or_thin_space_separates_words_as_a_space_does(self):
        # Text pasted from a web page has no-break spaces between words:
        # every word first, then the nearest misses, as with a space.
        def search(query):
            r = self.query("--db", self.db, "--format", "json", "--", query)
            self.assertEqual(r.returncode, 0, (query, r.stderr))
            return json.loads(r.stdout)
        plain = search("sancties akkoord")
        for space in ("\u00a0", "\u2009", "\u202f", "\u3000"):
            with self.subTest(space="U+%04X" % ord(space)):
                found = search("sancties" + space + "akkoord")
                self.assertEqual(found["total"], plain["total"])
                self.assertEqual(found["total_all"], plain["total_all"])
                self.assertEqual([h["id"] for h in found["results"]], [h["id"] for h in plain["results"]])
                self.assertEqual(found["results"][0]["matched"], plain["results"][0]["matched"])
                self.assertTrue(found["results"][0]["highlights"])

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

    def test_a_word_after_the_space_that_is_no_value_of_the_field_is_not_offered_as_one(self):
        # "datum:sancties" would fail in its turn: say what the field needs.
        for query, hint in (("datum: sancties Iran", "hint: datum: needs a date right after the colon: datum:2019-02"),
                            ("date: Iran", "hint: date: needs a date right after the colon: date:2019-02"),
                            ("titel: AND Iran", "hint: titel: needs a word right after the colon: titel:Singapore"),
                            ("datum: 2018..2019 Iran", "hint: write the value right after the colon: datum:2018..2019"),
                            ("datum: mei-2018 Iran", "hint: write the value right after the colon: datum:mei-2018"),
                            ("titel: Hanoi", "hint: write the value right after the colon: titel:Hanoi")):
            with self.subTest(query=query):
                lines = self.assert_parse_error(query, query.split(" ")[0] + " has no value", "a space follows")
                self.assertEqual(lines[1:], [hint])

    def test_a_field_name_in_a_phrase_is_a_word(self):
        self.assertEqual(self.ids('"datum:"'), {"veld.txt"})

    # --- punctuation alone ------------------------------------------------------

    def test_a_query_of_punctuation_only_has_no_word_to_search_for(self):
        for query in ("!!!", "-", "*", "+", ":", "()", "(", "\u201e\u201d", "- -"):
            with self.subTest(query=query):
                r = self.q(query)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertEqual(r.stdout, "")
                lines = r.stderr.splitlines()
                self.assertEqual(lines[0], "knipsel-query: error: the query has no word to search for")
                self.assertEqual(len(lines), 2, r.stderr)
                self.assertTrue(lines[1].startswith("hint: "), r.stderr)
        # An exclusion, a wildcard after letters, a number and a filter alone are searches.
        for query in ("-sancties", "sanc*", "2019", "-3", "datum:2019", "-taal:en", "de", "a" * 100):
            with self.subTest(query=query):
                r = self.q(query)
                self.assertIn(r.returncode, (0, 1), r.stderr)
                self.assertNotIn("error", r.stderr)

    # --- a name that is no field ----------------------------------------------

    def test_a_name_that_is_no_field_is_named_in_a_warning_with_the_fields(self):
        fields = "(title/titel:, source/bron:, lang/taal/language:, date/datum:)"
        for query, name, searched in (("auteur:Kim", "auteur", 'the phrase "auteur Kim"'),
                                      ("url:example", "url", 'the phrase "url example"'),
                                      ("Hanoi:Trump", "Hanoi", 'the phrase "Hanoi Trump"'),
                                      ('auteur:"Kim Jong"', "auteur", 'the word auteur and the phrase "Kim Jong"')):
            with self.subTest(query=query):
                r = self.q(*query.split(" "))
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("knipsel-query: warning: %s: is no field of this index %s; searched as %s\n"
                              % (name, fields, searched), r.stderr)
                j = self.query("--db", self.db, "--format", "json", "--", *query.split(" "))
                self.assertEqual(json.loads(j.stdout)["unknown_fields"],
                                 ["%s: is no field of this index %s; searched as %s" % (name, fields, searched)])

    def test_a_url_a_time_or_a_word_ending_a_clause_is_no_field(self):
        for query in ("https://example.org/iran", "mailto:redactie@example.org", "om 10:30 Iran", "Iran 1:0",
                      "Iran: sancties", '"auteur:Kim" Iran', "titel:Iran", "Iran (:)"):
            with self.subTest(query=query):
                r = self.q(*query.split(" "))
                self.assertNotIn("no field", r.stderr)
                j = self.query("--db", self.db, "--format", "json", "--", *query.split(" "))
                self.assertNotIn("unknown_fields", json.loads(j.stdout) if j.stdout else {})

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

    def test_a_range_written_with_a_dash_or_an_ellipsis_is_a_range(self):
        cases = {
            "datum:2017-2018": {"veld.txt", "sancties.txt", "akkoord.txt"},
            "datum:2018\u20132019": {"sancties.txt", "akkoord.txt", "wire.txt", "straf.txt"},
            "date:2018-06\u20262019-07": {"akkoord.txt", "wire.txt"},
            "date:2018-06...2019-07": {"akkoord.txt", "wire.txt"},  # the ellipsis typed as three points
            "date:2018-06\u20142019-07": {"akkoord.txt", "wire.txt"},
            "(datum:2019-2019)": {"wire.txt", "straf.txt"},
            "datum:\u20262017": {"veld.txt"},
            # A hyphen between other parts stays a date's: a month, a day.
            "datum:2019-07": {"wire.txt"},
            "datum:2018-05-14": {"sancties.txt"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.ids(query, "Iran"), expected)
        self.assertEqual(self.ids("-datum:2017-2018", "Iran"), {"wire.txt", "straf.txt"})
        self.assert_parse_error("datum:2017-2018-2019 Iran", "is not a date", "a range: datum:2017..2019")

    def test_years_joined_by_a_hyphen_or_a_dash_without_a_field_hint_at_the_range(self):
        hint = "hint: a range of years is written datum:2017..2019\n"
        for years in ("2017-2019", "2017\u20132019", "2017\u20142019"):
            with self.subTest(years=years):
                r = self.q(years)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertEqual(r.stderr, hint)
                # No article has every word: the Iran articles come as the
                # nearest misses, and the hint says how to filter them.
                r = self.q("Iran", years)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("with some of the words", r.stdout)
                self.assertEqual(r.stderr, hint)
        # Found with every word (the hyphenated unit in an article), or in
        # quotes, or in a field: no hint.
        for query in (["Iran", "datum:2017-2019"], ['"2017-2019"'], ["Iran", "OR", "2017-2019"]):
            with self.subTest(query=query):
                self.assertNotIn("hint:", self.q(*query).stderr)

    def test_help_lists_the_date_forms(self):
        r = self.query("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for form in ("datum:mei-2018", "datum:3-mei-2018", "datum:2018-mei", "without a space"):
            self.assertIn(form, r.stdout.replace("\n", " "))

    # --- a query of filters only ----------------------------------------------

    def test_a_query_of_filters_only_says_no_every_word_count(self):
        # It has no words: "2 with every word" said nothing.
        r = self.q("datum:2018")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^Results 1-2 of 2 \(")
        self.assertNotIn("every word", r.stdout)
        # JSON keeps its shape: total_all is total (every one of no words).
        found = json.loads(self.query("--db", self.db, "--format", "json", "--", "datum:2018").stdout)
        self.assertEqual((found["total"], found["total_all"]), (2, 2))
        self.assertEqual([(h["matched"], h["matched_all"]) for h in found["results"]], [([], True)] * 2)

    # --- what is wrong with a date --------------------------------------------

    def test_a_date_error_has_a_hint_about_dates(self):
        for query, hint in (("datum:2019-02-30", "February 2019 has 28 days"),
                            ("datum:31-04-2019", "April 2019 has 30 days"),
                            ("datum:2019-13", "a month is 01 to 12"),
                            ("datum:2019-00-10", "a month is 01 to 12"),
                            ("datum:2019..2018", "the earlier date first: datum:2018..2019"),
                            ("datum:gisteren", "a date is written as in datum:2019-03-12, datum:12-03-2019"),
                            ("datum:mei", "datum:maart-2019")):
            with self.subTest(query=query):
                lines = self.assert_parse_error(query)
                self.assertEqual(len(lines), 2, lines)
                self.assertTrue(lines[1].startswith("hint: "), lines)
                self.assertIn(hint, lines[1])
                self.assertNotIn("field:value syntax", lines[1])

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


PROXIMITY_ARTICLES = {
    "meervoud.txt": "date 2018-05-14\ntitle Nieuwe strafmaatregelen\n\n"
                    "De VS stellen nieuwe sancties tegen Iran in.\n",
    "enkelvoud.txt": "date 2018-06-20\ntitle Banken getroffen\n\n"
                     "Een sanctie tegen Iran trof de banken.\n",
    # "Iran" and "sancties" 5 words apart.
    "vijf.txt": "date 2019-01-08\ntitle Teheran reageert\n\n"
                "Iran noemde gisteren opnieuw strenge sancties onaanvaardbaar.\n",
    "wire.txt": "date 2019-07-01\ntitle Tehran reacts\nlang en\n\n"
                "Iran faces new sanctions from Washington over its nuclear programme.\n",
}


class ProximityFormsCase(TempCorpusCase):
    """The words beside NEAR and ADJ match in any of their forms, as plain
    words do; a quoted phrase stays as written."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=PROXIMITY_ARTICLES)
        cls.index_workdir()

    def json_query(self, query, *options):
        r = self.query("--db", self.db, "--format", "json", "-n", "50", *options, "--", *query.split(" "))
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertEqual(r.stderr if "--explain" not in options else "", "", query)
        return json.loads(r.stdout), r

    def ids(self, query):
        return {hit["id"] for hit in self.json_query(query)[0]["results"]}

    def test_singular_plural_and_capitals_beside_near_find_the_same_articles(self):
        for query in ("Iran NEAR sanctie", "Iran NEAR sancties", "IRAN NEAR Sancties", "sanctie NEAR iran",
                      "Hanoi OR (Sanctie NEAR Iran)"):
            with self.subTest(query=query):
                self.assertEqual(self.ids(query), {"meervoud.txt", "enkelvoud.txt", "vijf.txt"})

    def test_singular_plural_and_capitals_beside_adj_find_the_same_articles(self):
        for query in ("sanctie ADJ tegen", "sancties ADJ tegen", "Sancties ADJ/1 TEGEN", "sanctie ADJ/3 Iran"):
            with self.subTest(query=query):
                self.assertEqual(self.ids(query), {"meervoud.txt", "enkelvoud.txt"})
        self.assertEqual(self.ids("tegen ADJ sanctie"), set())  # ADJ keeps the order

    def test_english_articles_by_their_english_forms(self):
        for query in ("sanction NEAR Iran", "Sanctions NEAR/3 iran"):
            with self.subTest(query=query):
                self.assertEqual(self.ids(query), {"wire.txt"})

    def test_a_quoted_phrase_stays_as_written(self):
        self.assertEqual(self.ids('"sanctie tegen"'), {"enkelvoud.txt"})
        self.assertEqual(self.ids('"sancties tegen"'), {"meervoud.txt"})
        self.assertEqual(self.ids('"Sancties tegen" OR (sanctie ADJ/1 tegen)'), {"meervoud.txt", "enkelvoud.txt"})
        # A word quoted alone beside NEAR or ADJ is as written too.
        self.assertEqual(self.ids('Iran NEAR "sanctie"'), {"enkelvoud.txt"})
        self.assertEqual(self.ids('"Sancties" NEAR Iran'), {"meervoud.txt", "vijf.txt"})

    def test_the_window_of_near_and_adj_is_kept(self):
        # vijf.txt has "Iran" and "sancties" 5 words apart.
        for query, found in (("Iran NEAR/3 sanctie", False), ("Iran NEAR/4 sanctie", False),
                             ("Iran NEAR/5 sanctie", True), ("Iran NEAR/6 sanctie", True),
                             ("Iran NEAR sanctie", True), ("Iran ADJ/4 sanctie", False), ("Iran ADJ/6 sanctie", True),
                             ("sanctie ADJ/6 Iran", False), ("sanctie NEAR/1 Iran", False)):
            with self.subTest(query=query):
                self.assertEqual("vijf.txt" in self.ids(query), found)

    def test_snippets_mark_the_forms_found_and_explain_shows_them(self):
        out, r = self.json_query("Iran NEAR/3 sanctie", "--explain")
        marked = {hit["id"]: {hit["snippet"][b:e] for b, e in hit["highlights"]} for hit in out["results"]}
        self.assertEqual(marked, {"meervoud.txt": {"sancties", "Iran"}, "enkelvoud.txt": {"sanctie", "Iran"}})
        xapian = [line for line in r.stderr.splitlines() if line.startswith("xapian:")]
        self.assertEqual(len(xapian), 1, r.stderr)
        self.assertIn("NEAR 4 (sanctie OR sancties)", xapian[0])


TYPED_FORMS_ARTICLES = {
    "un.txt": "date 2019-03-01\ntitle UN adopts new sanctions on North Korea\nlang en-GB\n\n"
              "The Security Council adopted new sanctions against North Korea on Monday.\n",
    "tariffs.txt": "date 2019-03-02\ntitle EU strikes back in trade war\nlang en\n\n"
                   "The European Union imposed tariffs on American whiskey, escalating the trade war.\n",
    "vr.txt": "date 2019-03-03\ntitle Nieuwe sancties tegen Noord-Korea\n\n"
              "De Veiligheidsraad heeft nieuwe sancties tegen Noord-Korea aangenomen.\n",
    "summit.txt": "date 2018-06-12\ntitle Singapore summit\nlang en\n\n"
                  "Trump and Kim signed a statement on the complete denuclearization of the peninsula. "
                  "Both sides stressed the Non-Proliferation Treaty. The summit ended without a deal.\n",
    "top.txt": "date 2018-06-13\ntitle Top in Singapore\n\n"
               "Trump en Kim tekenden een verklaring over denuclearisatie. "
               "Ook het non-proliferatieverdrag kwam ter sprake.\n",
    "oudpres.txt": "date 2020-02-02\ntitle Herdenking\n\nDe oud-president van Frankrijk werd gisteren herdacht.\n",
    "bezoek.txt": "date 2020-02-01\ntitle Bezoek\n\n"
                  "De president van Frankrijk sprak gisteren met een oude vriend over de economie.\n",
    "inflatie.txt": "date 2020-01-15\ntitle Inflatie\n\nDe inflatie steeg in maart naar 3,5%.\n",
}


class TypedFormsCase(TempCorpusCase):
    """A query reads a language, a synonym, a hyphen and a percentage
    however the user types them."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=TYPED_FORMS_ARTICLES)
        cls.index_workdir()

    def run_json(self, *words, expect_rc=0):
        r = self.query("--db", self.db, "--format", "json", "-n", "50", "--", *words)
        self.assertEqual(r.returncode, expect_rc, (words, r.stderr))
        return json.loads(r.stdout)

    def ids(self, *words):
        r = self.query("--db", self.db, "--format", "json", "-n", "50", "--", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {hit["id"] for hit in json.loads(r.stdout)["results"]}

    def test_a_language_by_its_name_reads_the_query_as_its_code_does(self):
        # "sancties taal:en" finds the English "sanctions" (the query reads
        # as English); by the language's name it found nothing.
        self.assertEqual(self.ids("sancties", "taal:en"), {"un.txt"})
        self.assertEqual(self.ids("handelsoorlog", "taal:en"), {"tariffs.txt"})
        for typed in ("taal:engels", "lang:English", "taal:EN"):
            with self.subTest(typed=typed):
                self.assertEqual(self.ids("sancties", typed), {"un.txt"})
                self.assertEqual(self.ids("handelsoorlog", typed), {"tariffs.txt"})
        for excluded in ("-taal:nl", "-taal:nederlands", "-lang:Dutch"):
            with self.subTest(excluded=excluded):
                self.assertEqual(self.ids("sancties", excluded), {"un.txt"})

    def test_a_language_tag_or_iso_code_is_read_as_the_indexer_reads_it(self):
        english = self.ids("lang:en")
        self.assertEqual(english, {"un.txt", "tariffs.txt", "summit.txt"})
        for typed in ("lang:en-GB", "taal:en-US", "lang:eng", "taal:EN_gb"):
            with self.subTest(typed=typed):
                r = self.query("--db", self.db, "--", typed)
                self.assertEqual((r.returncode, r.stderr), (0, ""), typed)
                self.assertEqual(self.ids(typed), english)
        self.assertEqual(self.ids("sancties", "lang:en-GB"), {"un.txt"})

    def test_a_typed_english_member_finds_the_english_articles_of_its_other_members(self):
        # "denuclearisatie = en:denuclearization = en:denuclearisation",
        # "NPV = non-proliferatieverdrag = en:NPT = en:Non-Proliferation Treaty".
        for typed in ("denuclearization", "denuclearisation", "NPT", "Non-Proliferation Treaty"):
            with self.subTest(typed=typed):
                self.assertEqual(self.ids(*typed.split(" ")), {"summit.txt", "top.txt"})
        self.assertEqual(self.ids("NPT", "OR", "Iran"), {"summit.txt", "top.txt"})
        # A Dutch member still keeps to the Dutch articles.
        self.assertEqual(self.ids("denuclearisatie"), {"top.txt"})

    def test_a_misspelt_english_word_whose_dutch_stem_english_articles_have_is_corrected(self):
        # The Dutch stem of "deall" is "deal", which only the English
        # articles have (as the English stem of "deal"): no known word.
        for typed, meant in (("deall", "deal"), ("summitt", "summit")):
            with self.subTest(typed=typed):
                r = self.query("--db", self.db, "--", typed)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("Bedoelde u: " + meant + "\n", r.stdout)
                self.assertEqual(self.run_json(typed)["suggestion"], meant)
        # A Dutch word's known form is not corrected.
        self.assertIsNone(self.run_json("verklaringen")["suggestion"])

    def test_a_unicode_hyphen_in_a_query_is_a_hyphen(self):
        # "oud-president" is the phrase (or the joined word), not "oude
        # vriend ... president" anywhere.
        self.assertEqual(self.ids("oud-president"), {"oudpres.txt"})
        for typed in ("oud\u2011president", "oud\u2010president", "Oud\u2013president"):
            with self.subTest(typed=typed):
                data = self.run_json(typed)
                self.assertEqual([h["id"] for h in data["results"]], ["oudpres.txt"])
                self.assertEqual((data["total"], data["total_all"]), (1, 1))

    def test_a_percentage_reads_as_a_plain_word_does(self):
        r = self.query("--db", self.db, "--", "inflatie", "3,5%")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^Results 1-1 of 1, 1 with every word ")
        data = self.run_json("inflatie", "3,5%")
        self.assertEqual(data["total_all"], 1)
        self.assertEqual([h["matched_all"] for h in data["results"]], [True])
        # An amount no article has is a word no article has: the articles
        # with the other words, as "inflatie 7,5" finds.
        r = self.query("--db", self.db, "--", "inflatie", "7%")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^Results 1-1 of 1, 0 with every word ")
        self.assertNotIn("Without the quotes", r.stdout)
        data = self.run_json("inflatie", "7%")
        self.assertEqual((data["total"], data["total_all"]), (1, 0))
        self.assertNotIn("without_quotes", data)
        # In quotes, a phrase no article has: the words loose are offered.
        r = self.query("--db", self.db, "--", "inflatie", '"7%"')
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("Without the quotes 0 documents have every word, 1 some of them: "
                      "knipsel-query -- inflatie 7 procent\n", r.stdout)
        data = self.run_json("inflatie", '"7%"', expect_rc=1)
        self.assertEqual(data["without_quotes"]["query"], "inflatie 7 procent")


FILTERED_SPELLING_ARTICLES = {
    "deal.txt": "date 2019-02-28\ntitle Top\n\nTrump wilde een deal met Kim sluiten.\n",
    "summit.txt": "date 2018-06-12\ntitle Singapore summit\nlang en\n\nThe summit ended without a deal.\n",
    "dal.txt": "date 2018-06-13\ntitle Dal\n\nHet dal in de bergen. Een dal is laag.\n",
    "sneeuw.txt": "date 2018-06-14\ntitle Sneeuw\n\nIn het dal lag sneeuw.\n",
}


class SpellingUnderALanguageFilterCase(TempCorpusCase):
    """A misspelling is corrected to a word found under the query's
    language filter: the word as typed may be known in the other
    language's articles only, and the nearest word too."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=FILTERED_SPELLING_ARTICLES)
        cls.index_workdir()

    def suggested(self, *words):
        r = self.query("--db", self.db, "--format", "json", "--", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        return data["suggestion"], sorted(hit["id"] for hit in data["results"])

    def test_a_word_known_only_outside_the_filter_is_corrected(self):
        # "deall" has the Dutch stem "deal" (deal.txt), which lang:en does not search.
        self.assertEqual(self.suggested("deall"), (None, ["deal.txt"]))
        self.assertEqual(self.suggested("lang:en", "deall"), ("lang:en deal", ["summit.txt"]))
        self.assertEqual(self.suggested("taal:nl", "deall"), (None, ["deal.txt"]))
        r = self.query("--db", self.db, "lang:en", "deall")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Bedoelde u: lang:en deal\n", r.stdout)

    def test_the_nearest_word_with_hits_under_the_filter_is_suggested(self):
        # "dal" is one edit from "dael" and in two Dutch articles; "deal" two edits.
        self.assertEqual(self.suggested("dael"), ("dal", ["dal.txt", "sneeuw.txt"]))
        self.assertEqual(self.suggested("lang:en", "dael"), ("lang:en deal", ["summit.txt"]))
        self.assertEqual(self.suggested("lang:nl", "dael"), ("lang:nl dal", ["dal.txt", "sneeuw.txt"]))
        # no Dutch word near "summitt": nothing to suggest
        self.assertEqual(self.suggested("lang:nl", "summitt"), (None, []))


class SpellingByStemCase(TempCorpusCase):
    """A misspelling one edit from a rare word and from a common word's stem:
    the archive writes "sancties" (its stem "sanctie" one insertion from
    "sactie"), never "sanctie", and "actie" once."""

    ARTICLES = dict(
        {"sancties-%d.txt" % i: "date 2019-0%d-01\ntitle Sancties %d\n\n"
         "Op de eerste dag gaan de nieuwe sancties tegen Iran in.\n" % (i, i) for i in range(1, 7)},
        **{"actie.txt": "date 2019-08-01\ntitle Protest\n\nDe actie voor het klimaat trok duizenden mensen.\n",
           "deal.txt": "date 2019-09-01\ntitle Handel\n\nDe deal met China is rond.\n"})

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=cls.ARTICLES)
        cls.index_workdir()

    def test_of_two_corrections_as_near_the_one_more_articles_have_is_meant(self):
        r = self.query("--db", self.db, "--format", "json", "--", "sactie")
        found = json.loads(r.stdout)
        self.assertEqual(found["suggestion"], "sancties")
        self.assertEqual(found["total"], 6)
        # A word the archive has as near as another's stem stays ("actie").
        r = self.query("--db", self.db, "--format", "json", "--", "acite")
        self.assertEqual(json.loads(r.stdout)["suggestion"], "actie")
        # Two letters swapped are one edit, as Xapian counts them: "dael" is
        # "deal", not "dag" (two edits), which more articles have.
        r = self.query("--db", self.db, "--format", "json", "--", "dael")
        self.assertEqual(json.loads(r.stdout)["suggestion"], "deal")


if __name__ == "__main__":
    unittest.main()
