"""End-to-end tests of how an article's words are read (docs/analysis.md,
steps 3 and 8): a word of several hyphens is also found by each run of its
parts typed joined ("covid19" finds "COVID-19-pandemie"), a word broken at a
line's end is found whole, an English article's thousands commas give the
number ("28500" finds "28,500"), an article's lower-case "vs" is "versus" and
not the country VS, and a short Dutch item quoting an English sentence is
Dutch.

The articles are written into a fresh temp folder; the expected answers are
their file names, read from the text.
"""

import unittest

from e2e_support import ArticlesCase


def article(title, body, lang=None):
    head = "date 2020-06-01\ntitle %s\nsource Testkrant\n" % title
    if lang:
        head += "lang %s\n" % lang
    return head + "\n" + body + "\n"


ARTICLES = {
    "pandemie.txt": article(
        "Pandemie", "De COVID-19-pandemie raakte ook de F-35-vloot; stuur vragen naar het e-mailadres van het "
                    "ministerie. Het Kim Jong-un-regime zweeg."),
    "regeleinde.txt": article(
        "Regeleinde", "De onderhandelingen over de ont\u00ad\nwapening liepen vast bij de vredes-\nbesprekingen in "
                      "Gen\u00e8ve."),
    "troops.txt": article("Troops", "Washington keeps 28,500 troops in South Korea.", lang="en"),
    "ajax.txt": article("Topper in Amsterdam", "De topper Ajax vs PSV eindigde in 1-1. Tadic scoorde voor Ajax."),
    "handel.txt": article("Handelsgesprekken", "De VS en China hervatten de handelsgesprekken in Peking."),
    "finale.txt": article("Nederland vs. China", "De finale Nederland vs. China werd een thriller in Peking."),
    # untagged: detected
    "brexit.txt": article(
        "Brexit-debat", "Premier May tegen het Lagerhuis: \"I have always said that the only way to avoid no deal "
                        "is to vote for the deal that is on the table.\" Het Lagerhuis stemde tegen."),
    "bolton.txt": article(
        "Bolton reageert", "\u201eWe are not seeking war with the Iranian regime, but we are fully prepared to "
                           "respond to any attack,\u201d aldus Bolton in een verklaring."),
    "minister.txt": article(
        "Dutch minister on Iran sanctions",
        "The Dutch foreign minister said on Tuesday that the European Union would impose new sanctions on Iran. "
        "\"Wij kunnen niet accepteren dat er op ons grondgebied aanslagen worden gepleegd,\" he said in The Hague. "
        "The EU agreed on the measures after the Netherlands and France had pushed for them for months."),
}


class WordFormCase(ArticlesCase):
    ARTICLES = ARTICLES


class TestHyphenRuns(WordFormCase):

    def test_the_first_parts_typed_joined_find_the_compound(self):
        for query in ("covid19", "F35", "email", "jongun", "kimjongun"):
            with self.subTest(query=query):
                self.assertEqual(self.ids(query), ["pandemie.txt"])

    def test_the_snippet_marks_the_parts_typed_joined(self):
        [hit] = self.hits("covid19")
        self.assertEqual(self.marked(hit), ["COVID-19"])

    def test_the_hyphenated_word_and_its_phrase_still_find_it(self):
        self.assertEqual(self.ids("COVID-19-pandemie"), ["pandemie.txt"])
        self.assertEqual(self.ids('"de COVID-19-pandemie raakte"'), ["pandemie.txt"])
        self.assertEqual(self.ids('"Kim Jong-un"'), ["pandemie.txt"])


class TestLineEnds(WordFormCase):

    def test_a_word_broken_by_a_soft_hyphen_at_a_line_end_is_found_whole(self):
        self.assertEqual(self.ids("ontwapening"), ["regeleinde.txt"])
        self.assertEqual(self.ids("wapen"), [])

    def test_a_word_broken_by_a_hyphen_at_a_line_end_is_read_as_hyphenated(self):
        self.assertEqual(self.ids("vredesbesprekingen"), ["regeleinde.txt"])
        self.assertEqual(self.ids("vredes-besprekingen"), ["regeleinde.txt"])
        # shown and marked as the word written on one line is
        [hit] = self.hits("vredesbesprekingen")
        self.assertIn("vredes-besprekingen", hit["snippet"])
        self.assertEqual(self.marked(hit), ["vredes-besprekingen"])
        [hit] = self.hits('"vredes-besprekingen"')
        self.assertEqual(self.marked(hit), ["vredes-besprekingen"])


class TestEnglishThousands(WordFormCase):

    def test_an_english_number_with_thousands_commas_is_found_by_its_value(self):
        self.assertEqual(self.ids("28500"), ["troops.txt"])
        [hit] = self.hits("28500")
        self.assertEqual(self.marked(hit), ["28,500"])


class TestVersus(WordFormCase):

    def test_the_country_does_not_find_an_article_that_writes_vs_for_versus(self):
        self.assertEqual(self.ids("Verenigde Staten"), ["handel.txt"])
        self.assertEqual(self.ids("VS"), ["handel.txt"])

    def test_versus_finds_it_and_marks_vs(self):
        hits = {hit["id"]: hit for hit in self.hits("versus")}
        self.assertEqual(sorted(hits), ["ajax.txt", "finale.txt"])
        self.assertEqual(self.marked(hits["ajax.txt"]), ["vs"])

    def test_a_phrase_with_vs_finds_versus_and_the_country_alike(self):
        # The query's "vs", typed in small letters, may be either.
        [hit] = self.hits('"Ajax vs PSV"')
        self.assertEqual(hit["id"], "ajax.txt")
        self.assertEqual(self.marked(hit), ["Ajax", "vs", "PSV"])
        self.assertEqual(self.ids('"de vs en china"'), ["handel.txt"])
        self.assertEqual(self.ids("Ajax NEAR vs"), ["ajax.txt"])

    def test_a_small_vs_between_two_words_is_versus_too(self):
        # "Ajax vs PSV" typed loose is the match: every word found.
        for query in (("Ajax", "vs", "PSV"), ("ajax", "vs", "psv"), ("ajax", "vs.", "psv"),
                      ("--any", "Ajax", "vs", "PSV"), ("--all", "Ajax", "vs", "PSV")):
            with self.subTest(query=query):
                hit = self.hits(*query)[0]
                self.assertEqual(hit["id"], "ajax.txt")
                self.assertTrue(hit["matched_all"])
                self.assertEqual(self.marked(hit), ["Ajax", "vs", "PSV", "Ajax"])
        r = self.query("--db", self.db, "Ajax", "vs", "PSV")
        self.assertIn(" of 3, 1 with every word ", r.stdout)
        r = self.query("--db", self.db, "--explain", "Ajax", "vs", "PSV")
        self.assertIn("  vs -> vs, stem vs; or versus (in small letters between two words)\n", r.stdout)
        r = self.query("--db", self.db, "--explain", "vs", "China")
        self.assertIn("  vs -> vs, stem vs\n", r.stdout)
        # either meaning, the country included
        def every(*query):
            return sorted(h["id"] for h in self.hits(*query) if h["matched_all"])
        self.assertEqual(every("nederland", "vs", "china"), ["finale.txt"])
        self.assertEqual(every("peking", "vs", "china"), ["finale.txt", "handel.txt"])

    def test_with_operators_and_in_fields_a_small_vs_between_two_words_is_versus_too(self):
        for query in ("Ajax vs PSV NOT Feyenoord", "ajax vs psv -feyenoord", "Ajax AND vs AND PSV",
                      "(Ajax vs PSV) OR Feyenoord", "title:nederland title:vs title:china"):
            with self.subTest(query=query):
                self.assertIn(self.ids(*query.split(" "))[0], ("ajax.txt", "finale.txt"))
        self.assertEqual(self.ids("Ajax", "vs", "PSV", "NOT", "Feyenoord"), ["ajax.txt"])
        self.assertEqual(self.ids("title:nederland", "title:vs", "title:china"), ["finale.txt"])
        # the country only: alone, in capitals, excluded
        self.assertEqual(self.ids("title:vs"), [])
        self.assertEqual(self.ids("Peking", "VS", "China", "NOT", "Tadic"), ["handel.txt"])
        self.assertEqual(self.ids("China", "NOT", "vs"), ["finale.txt"])
        self.assertEqual(self.ids("Ajax", "NOT", "vs"), ["ajax.txt"])

    def test_vs_in_capitals_or_not_between_words_stays_the_country(self):
        for query in (("Peking", "VS", "China"), ("vs", "china"), ("china", "vs"), ("VS", "China", "Peking")):
            with self.subTest(query=query):
                hits = self.hits(*query)
                self.assertEqual([h["id"] for h in hits if h["matched_all"]], ["handel.txt"])
                self.assertEqual(hits[0]["id"], "handel.txt")


class TestQuotationsInDetection(WordFormCase):

    def test_a_short_dutch_item_quoting_english_is_dutch(self):
        self.assertEqual(self.ids("taal:nl", "Lagerhuis"), ["brexit.txt"])
        self.assertEqual(self.ids("taal:nl", "Bolton"), ["bolton.txt"])
        # its Dutch words are stemmed as Dutch: the infinitive finds "stemde"
        [hit] = self.hits("Lagerhuis stemmen")
        self.assertTrue(hit["matched_all"])

    def test_an_english_wire_quoting_dutch_is_english(self):
        self.assertEqual(self.ids("lang:en", "Iran"), ["minister.txt"])


class TestSnippetMarks(ArticlesCase):
    """What a snippet marks is the words that made the hit: a compound found
    by an irregular form of its part, a hyphenated word found by its parts
    typed joined, the words a NEAR found together."""

    ARTICLES = {
        "one.txt": "Kamerleden willen opheldering\n\n"
                   "De kamerleden vroegen de minister om opheldering over het e-mailadres van de ambassade.\n"
                   "Ajax speelde gisteren. Veel later in dit verhaal komt de VS ter sprake, die sancties oplegt "
                   "aan Iran.\nAjax vs PSV eindigde in 2-2.\n",
        "leiders.txt": "Top in Brussel\n\nDe Europese leiders kwamen bijeen. De EU wil nieuwe sancties.\n",
        "commissie.txt": "Voorstel\n\nDe Europese Commissie stelde voor dat de EU meer doet.\n",
        "unie.txt": "Bemiddeling\n\nDe Europese Unie bemiddelt in het conflict.\n",
        "korea.txt": "Spanning\n\nDe spanningen tussen Noord- en Zuid-Korea nemen toe. "
                     "De land- en tuinbouw lijdt eronder.\n",
    }

    def test_a_compound_found_by_an_irregular_plural_of_its_part_is_marked(self):
        # kamer|leden, leden being lid's plural
        [hit] = self.hits("lid")
        self.assertEqual(self.marked(hit), ["Kamerleden", "kamerleden"])

    def test_a_hyphenated_word_found_by_its_first_parts_typed_joined_is_marked(self):
        # e|mail of e-mailadres
        [hit] = self.hits("email")
        self.assertEqual(self.marked(hit), ["e-mailadres"])

    def test_near_marks_the_words_beside_each_other_that_made_the_match(self):
        # the lower-case vs (versus) beside Ajax, not the country VS
        [hit] = self.hits("Ajax NEAR vs")
        marked = self.marked(hit)
        self.assertIn("vs", marked)
        self.assertNotIn("VS", marked)
        self.assertEqual(marked.count("Ajax"), 1)
        start, end = hit["highlights"][marked.index("vs")]
        self.assertEqual(hit["snippet"][start - 5:end], "Ajax vs")

    def test_a_synonym_of_several_words_is_marked_only_where_it_stands_whole(self):
        # "Europese Unie" is searched as the phrase (and as EU), never "Europese" alone
        marks = {hit["id"]: self.marked(hit) for hit in self.hits("Europese Unie")}
        self.assertEqual(marks["leiders.txt"], ["EU"])
        self.assertEqual(marks["commissie.txt"], ["EU"])
        self.assertEqual(marks["unie.txt"], ["Europese", "Unie"])

    def test_a_typed_word_searched_alone_is_still_marked(self):
        marks = {hit["id"]: self.marked(hit) for hit in self.hits("Europese sancties")}
        self.assertEqual(marks["leiders.txt"], ["Europese", "sancties"])

    def test_a_word_whose_end_is_left_out_is_marked_for_the_word_it_stands_for(self):
        # Noord- of "Noord- en Zuid-Korea", land- of "land- en tuinbouw", as the index reads them
        [hit] = self.hits("Noord-Korea")
        self.assertEqual(hit["id"], "korea.txt")
        self.assertIn("Noord-", self.marked(hit))
        [hit] = self.hits("landbouw")
        self.assertEqual(self.marked(hit), ["land-"])


if __name__ == "__main__":
    unittest.main()
