"""End-to-end tests of two parts of the Dutch analysis (docs/analysis.md):
percent and currency signs beside a number are words ("25%" is "25
procent", "€ 200" is "euro 200"; "mld" is "miljard"), and plurals in -eren that hunspell-nl
also has as verbs, or that apertium-afr-nld lacks, find their singular
(bladeren: blad, liederen: lied).

Each class indexes a few articles of its own in a fresh temp folder; the
expected answers are the files' names and the characters of their text.
"""

import json
import unittest

from e2e_support import ArticlesCase


def article(date, title, body, lang=None):
    head = "date %s\ntitle %s\nsource Testkrant\n" % (date, title)
    if lang:
        head += "lang %s\n" % lang
    return head + "\n" + body + "\n"


SIGN_ARTICLES = {
    "2019-05-10-staal.txt": article(
        "2019-05-10", "Heffing op staal",
        "De regering kondigde een heffing van 25% op staal aan. Daarnaast komt er een steunpakket "
        "van € 200 miljard voor de industrie."),
    "2019-05-11-aluminium.txt": article(
        "2019-05-11", "Heffing op aluminium",
        "Op aluminium komt een heffing van 25 procent. Het fonds groeit tot 200 miljard euro."),
    "2019-05-12-koper.txt": article(
        "2019-05-12", "Koper blijft vrij",
        "Op koper komt geen heffing; de prijs steeg 25 cent. Zet $HOME in je pad, zegt de beheerder."),
    "2019-05-13-wire.txt": article(
        "2019-05-13", "Tariffs on steel",
        "The government announced a 25% tariff on steel imports and a fund of $50 billion.", lang="en"),
    # amounts written short, as news does
    "2019-05-14-defensie.txt": article(
        "2019-05-14", "Defensie krijgt meer",
        "Defensie krijgt 2,5 mld extra en 300 mln voor munitie."),
    "2019-05-15-rente.txt": article(
        "2019-05-15", "Rente stijgt",
        "De rente steeg in 3 dagen naar 3,67 procent; de huur ging 12 procent omhoog."),
}


class SignCase(ArticlesCase):
    ARTICLES = SIGN_ARTICLES


class TestSignsAsWords(SignCase):

    def test_the_phrase_25_procent_finds_the_article_that_writes_25_percent_sign(self):
        self.assertEqual(self.ids('"25 procent"'), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt"])

    def test_a_query_25_percent_sign_finds_25_procent_and_not_any_25(self):
        # (and the English wire's "25%", which it indexes as "25 percent")
        self.assertEqual(self.ids("--all", "25%"),
                         ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt", "2019-05-13-wire.txt"])
        self.assertEqual(self.ids('"25%"'), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt"])

    def test_a_number_with_a_percent_sign_is_searched_as_that_amount(self):
        # As two loose words "3" and "procent", "3%" found "3 dagen ... 12
        # procent" and "3,67 procent".
        self.assertEqual(self.ids("3%"), [])
        self.assertEqual(self.ids("3,67%"), ["2019-05-15-rente.txt"])
        # Beside another word, the amount is a plain word: these have both.
        self.assertEqual(self.ids("--all", "heffing", "25%"), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt"])

    def test_explain_shows_the_sign_as_its_word(self):
        r = self.query("--db", self.db, "--explain", "25%")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('analysed: ("25 procent" OR "25 percent")', r.stdout)  # the amount: a phrase
        self.assertIn("% -> procent", r.stdout)

    def test_a_number_and_its_sign_apart_are_searched_as_glued(self):
        # Dutch style writes a space before the sign ("25 %", "€ 200"): the
        # indexer reads it as "25%", so the query must too (it was "25 OR
        # procent", and "3,67 %" marked every "%").
        for space in (" ", "\u00a0", "\u2009", "\u202f"):
            for apart, glued in (("25" + space + "%", "25%"), ("3,67" + space + "%", "3,67%"),
                                 ("3,5" + space + "%", "3,5%"), ("12" + space + "\u2030", "12\u2030"),
                                 ("€" + space + "200", "€200")):
                with self.subTest(query=apart):
                    r = self.query("--db", self.db, "--format", "json", "-n", "50", "--", apart)
                    g = self.query("--db", self.db, "--format", "json", "-n", "50", "--", glued)
                    found, want = json.loads(r.stdout), json.loads(g.stdout)
                    self.assertEqual(r.returncode, g.returncode)
                    self.assertEqual((found["total"], found["total_all"]), (want["total"], want["total_all"]))
                    self.assertEqual([(h["id"], h["highlights"]) for h in found["results"]],
                                     [(h["id"], h["highlights"]) for h in want["results"]])
                    self.assertEqual(found.get("without_quotes"), want.get("without_quotes"))

    def test_procent_marks_the_sign_itself_in_the_snippet(self):
        by_id = {h["id"]: h for h in self.hits("procent")}
        self.assertEqual(sorted(by_id), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt", "2019-05-15-rente.txt"])
        self.assertEqual(self.marked(by_id["2019-05-10-staal.txt"]), ["%"])
        self.assertEqual(self.marked(by_id["2019-05-11-aluminium.txt"]), ["procent"])

    def test_the_phrase_marks_the_number_with_its_sign(self):
        by_id = {h["id"]: h for h in self.hits('"25 procent"')}
        self.assertEqual("".join(self.marked(by_id["2019-05-10-staal.txt"])), "25%")

    def test_euro_finds_the_euro_sign_before_its_number_and_marks_it(self):
        by_id = {h["id"]: h for h in self.hits("euro")}
        self.assertEqual(sorted(by_id), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt"])
        self.assertEqual(self.marked(by_id["2019-05-10-staal.txt"]), ["€"])

    def test_mld_and_mln_are_miljard_and_miljoen(self):
        self.assertEqual(self.ids("miljard"), ["2019-05-10-staal.txt", "2019-05-11-aluminium.txt",
                                               "2019-05-14-defensie.txt"])
        self.assertEqual(self.ids("miljoen"), ["2019-05-14-defensie.txt"])
        self.assertEqual(self.hits("mld")[0]["id"], "2019-05-14-defensie.txt")  # as typed first
        by_id = {h["id"]: h for h in self.hits("miljoen")}
        self.assertEqual(self.marked(by_id["2019-05-14-defensie.txt"]), ["mln"])

    def test_a_dollar_sign_without_a_number_is_no_word(self):
        # "$HOME" in the Dutch article is no dollar; "$50" in the English one is.
        self.assertEqual(self.ids("dollar"), ["2019-05-13-wire.txt"])

    def test_english_articles_get_the_english_word(self):
        self.assertEqual(self.ids("percent"), ["2019-05-13-wire.txt"])
        # A Dutch word finds an English article only spelt the same, as
        # elsewhere ("dollar", "euro"): "procent" is not "percent".
        self.assertNotIn("2019-05-13-wire.txt", self.ids("procent"))


PLURAL_ARTICLES = {
    "2020-10-01-herfst.txt": article(
        "2020-10-01", "Herfst in het park",
        "In het park vallen de bladeren van de bomen. De kalveren en lammeren staan in de wei."),
    "2020-10-02-blad.txt": article(
        "2020-10-02", "Een blad papier",
        "Hij schreef het op een blad papier. Een kalf en een lam liepen mee."),
    "2020-10-03-koor.txt": article(
        "2020-10-03", "Het koor",
        "Het koor zong oude liederen. In de eigen gelederen was men tevreden."),
    "2020-10-04-lied.txt": article(
        "2020-10-04", "Een lied",
        "Zij zong een lied over de runderen op het land."),
    "2020-10-05-lezen.txt": article(
        "2020-10-05", "Lezen",
        "Hij bladert door de krant en zegt dat het goed gaat."),
    "2020-10-06-autos.txt": article(
        "2020-10-06", "Stilstaand verkeer",
        "De auto's stonden urenlang stil; er werden foto's van gemaakt."),
    "2020-10-07-kous.txt": article(
        "2020-10-07", "Kou",
        "De kou viel in, en de reu bleef binnen."),
    "2020-10-13-ngo.txt": article(
        "2020-10-13", "Hulp voor het kamp",
        "Drie ngo's brachten dekens, cd's en tv's naar het kamp; de pa's en ma's wachtten bij het hek."),
    "2020-10-08-haven.txt": article(
        "2020-10-08", "Drukte in de haven",
        "Er liggen meer schepen in de haven dan vorig jaar; de prijzen zijn hoger dan verwacht."),
    "2020-10-09-schip.txt": article(
        "2020-10-09", "Een schip op de rivier",
        "Het schip voer langzaam; het water stond hoog en de kosten bleven laag."),
    "2020-10-10-rente.txt": article(
        "2020-10-10", "Rente",
        "De rente was lager dan vorige maand."),
    "2020-10-11-armoede.txt": article(
        "2020-10-11", "Armoede",
        "Veel kinderen in de stad leven in armoede."),
    "2020-10-14-raad.txt": article(
        "2020-10-14", "Onrust in de raad",
        "Een VVD'er stapt op. Ook CDA’ers en D66'ers zijn boos. Ouders willen weten wat er gebeurt; er "
        "gelden nieuwe regels, en de gemeente weert bussen uit het centrum."),
    "2020-10-15-wet.txt": article(
        "2020-10-15", "Nieuwe wet",
        "De Kamer neemt een wet aan die meer geld uittrekt voor de opvang. Het weer is goed."),
    "2020-10-12-opvang.txt": article(
        "2020-10-12", "Opvang",
        "De kinderopvang wordt duurder; de kinderarmoede groeit."),
}


class TestIrregularPlurals(SignCase):
    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=PLURAL_ARTICLES)
        cls.index_workdir()

    def test_a_plural_in_apostrophe_s_typed_without_it_finds_it(self):
        self.assertEqual(self.ids("autos"), ["2020-10-06-autos.txt"])
        self.assertEqual(self.ids("fotos"), ["2020-10-06-autos.txt"])
        # A word in a vowel and -s that the lexicon has is no such plural.
        self.assertEqual(self.ids("--exact", "kous"), [])  # (not "Bedoelde u: kou")
        self.assertEqual(self.ids("--exact", "reus"), [])
        # A short noun's plural, mostly an abbreviation's, typed without it.
        self.assertEqual(self.ids("NGOs"), ["2020-10-13-ngo.txt"])
        self.assertEqual(self.ids("cds tvs"), ["2020-10-13-ngo.txt"])
        # A short word of its own is no such plural: pas is not pa's.
        self.assertEqual(self.ids("--exact", "pas"), [])

    def test_a_plural_in_eren_that_is_also_a_verb_finds_its_singular(self):
        self.assertEqual(self.ids("blad"), ["2020-10-01-herfst.txt", "2020-10-02-blad.txt", "2020-10-05-lezen.txt"])
        self.assertEqual(self.ids("kalf"), ["2020-10-01-herfst.txt", "2020-10-02-blad.txt"])
        self.assertEqual(self.ids("lammeren"), ["2020-10-01-herfst.txt", "2020-10-02-blad.txt"])

    def test_a_plural_apertium_lacks_finds_its_singular(self):
        self.assertEqual(self.ids("liederen"), ["2020-10-03-koor.txt", "2020-10-04-lied.txt"])
        self.assertEqual(self.ids("rund"), ["2020-10-04-lied.txt"])

    def test_a_plural_and_a_comparative_with_another_vowel_find_their_base(self):
        # Apertium reads "schepen" as a verb too, hunspell-nl "hoger" and
        # "lager" as nouns: each kept its own stem (exception file, "=").
        for a, b in (("schip", "schepen"), ("hoog", "hoger")):
            both = ["2020-10-08-haven.txt", "2020-10-09-schip.txt"]
            self.assertEqual(sorted(self.ids(a)), both, a)
            self.assertEqual(sorted(self.ids(b)), both, b)
        self.assertEqual(sorted(self.ids("laag")), ["2020-10-09-schip.txt", "2020-10-10-rente.txt"])
        self.assertEqual(sorted(self.ids("lagere")), ["2020-10-09-schip.txt", "2020-10-10-rente.txt"])

    def test_a_compound_with_a_plural_in_eren_as_its_part_is_found_by_the_noun(self):
        # "kinder" of kinderarmoede had a stem of its own, not kind's.
        self.assertEqual(sorted(self.ids("kinderarmoede")), ["2020-10-11-armoede.txt", "2020-10-12-opvang.txt"])
        self.assertIn("2020-10-12-opvang.txt", self.ids("kind"))

    def test_a_party_member_with_an_apostrophe_is_found_by_the_party(self):
        # "VVD'er" was the word "vvder", which no search for VVD found.
        self.assertEqual(self.ids("VVD"), ["2020-10-14-raad.txt"])
        self.assertEqual(self.ids("CDA"), ["2020-10-14-raad.txt"])
        self.assertEqual(self.ids("D66'er"), ["2020-10-14-raad.txt"])

    def test_to_know_to_apply_and_to_keep_out_are_not_law_money_and_weather(self):
        # wet found weten, geld gelden, weer weert (exception file, "~").
        self.assertEqual(self.ids("wet"), ["2020-10-15-wet.txt"])
        self.assertEqual(self.ids("geld"), ["2020-10-15-wet.txt"])
        self.assertEqual(self.ids("weer"), ["2020-10-15-wet.txt"])
        self.assertEqual(self.ids("weet"), ["2020-10-14-raad.txt"])
        self.assertEqual(self.ids("geldt"), ["2020-10-14-raad.txt"])
        self.assertEqual(self.ids("weren"), ["2020-10-14-raad.txt"])

    def test_goederen_stays_apart_from_goed(self):
        # Goods are not "good" (schemas/irregular-exceptions.txt); --exact:
        # no spelling suggestion ("gelederen") for a word no article has.
        self.assertEqual(self.ids("--exact", "goederen"), [])

    def test_explain_shows_the_plural_stemmed_as_its_singular(self):
        r = self.query("--db", self.db, "--explain", "bladeren")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("bladeren -> bladeren, stem blad", r.stdout)



# The amount 7,5% written three ways, "stikstof" in other articles but one,
# and "mest" in none of the amount's: as the tester's archive ("stikstof
# 7,5%": 28 and 23 articles, none with both).
PERCENT_ARTICLES = {
    "2019-06-01-stikstof.txt": article(
        "2019-06-01", "Stikstofregels",
        "De stikstof op de Veluwe moet omlaag, zegt het kabinet. De boeren zijn boos."),
    "2019-06-02-stikstof-mest.txt": article(
        "2019-06-02", "Mest en stikstof",
        "Boeren rijden minder mest uit; de stikstof daalt langzaam."),
    "2019-06-03-rente.txt": article(
        "2019-06-03", "Rente",
        "De rente op de lening is 7,5% en het kabinet wacht af."),
    "2019-06-04-huur.txt": article(
        "2019-06-04", "Huur",
        "De huur stijgt volgend jaar met 7,5 % in de vrije sector."),
    "2019-06-05-loon.txt": article(
        "2019-06-05", "Lonen",
        "De lonen stijgen met 7,5 procent; het kabinet is tevreden."),
    "2020-06-06-stikstof-uitstoot.txt": article(
        "2020-06-06", "Uitstoot gedaald",
        "De uitstoot van stikstof daalde met 7,5 procent, en het kabinet is blij. Elke koe telt."),
    "2020-06-07-mest.txt": article(
        "2020-06-07", "Mestfraude",
        "Een boer sjoemelde met mest; hij kreeg een boete van € 200."),
}

AMOUNT = ["2019-06-03-rente.txt", "2019-06-04-huur.txt", "2019-06-05-loon.txt", "2020-06-06-stikstof-uitstoot.txt"]
STIKSTOF = ["2019-06-01-stikstof.txt", "2019-06-02-stikstof-mest.txt", "2020-06-06-stikstof-uitstoot.txt"]
MEST = ["2019-06-02-stikstof-mest.txt", "2020-06-07-mest.txt"]


class TestAPercentageBesideAWord(ArticlesCase):
    """A number with its percent sign beside other words reads as a plain
    word does: the articles with every word first, then those with some of
    them. It was a strict AND, so "mest 7,5%" found nothing (exit 1) and
    offered "Without the quotes ..." though none were typed."""

    ARTICLES = PERCENT_ARTICLES

    def run_json(self, *query, expect_rc=0, options=()):
        r = self.query("--db", self.db, "--format", "json", "-n", "50", *options, "--", *query)
        self.assertEqual(r.returncode, expect_rc, (query, r.stdout, r.stderr))
        return json.loads(r.stdout)

    def tiers(self, *query, options=()):
        """(ids with every word, ids with some of them), each sorted."""
        data = self.run_json(*query, options=options)
        self.assertNotIn("without_quotes", data, query)
        every = sorted(h["id"] for h in data["results"] if h["matched_all"])
        some = sorted(h["id"] for h in data["results"] if not h["matched_all"])
        self.assertEqual((data["total"], data["total_all"]), (len(every) + len(some), len(every)), query)
        # The every-word hits come first.
        self.assertEqual([h["matched_all"] for h in data["results"]],
                         [True] * len(every) + [False] * len(some), query)
        return every, some

    def test_the_amount_alone_finds_it_however_written(self):
        for typed in (["7,5%"], ["7,5", "%"], ["7,5 %"], ['"7,5%"'], ['"7,5 procent"']):
            with self.subTest(typed=typed):
                self.assertEqual(self.ids("--", *typed), AMOUNT)

    def test_a_word_and_an_amount_no_article_has_together_find_each(self):
        # The tester's case: no article has both, so every hit has some of them.
        for amount in ("7,5%", "7,5 %", "7,5\u00a0%"):
            with self.subTest(amount=amount):
                self.assertEqual(self.tiers("mest", amount), ([], sorted(MEST + AMOUNT)))
        r = self.query("--db", self.db, "mest", "7,5%")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^Results 1-6 of 6, 0 with every word ")
        self.assertNotIn("Without the quotes", r.stdout)

    def test_a_word_and_an_amount_rank_the_articles_with_both_first(self):
        every, some = self.tiers("stikstof", "7,5%")
        self.assertEqual(every, ["2020-06-06-stikstof-uitstoot.txt"])
        self.assertEqual(some, sorted(set(STIKSTOF + AMOUNT) - set(every)))
        self.assertEqual(self.tiers("7,5%", "stikstof"), (every, some))
        self.assertEqual(self.tiers("stikstof", "7,5%", options=["--all"]), (every, []))

    def test_an_amount_no_article_has_leaves_the_other_words(self):
        # As "mest 8,5" or any word the archive lacks: the articles with "mest".
        self.assertEqual(self.tiers("mest", "7%"), ([], MEST))
        self.assertEqual(self.tiers("mest", "7 %"), ([], MEST))

    def test_a_quoted_amount_stays_a_phrase(self):
        # Typed in quotes, it is a phrase, and the query keeps to it as before.
        data = self.run_json("mest", '"7,5%"', expect_rc=1)
        self.assertEqual(data["total"], 0)
        self.assertEqual(data["without_quotes"]["query"], "mest 7,5 procent")

    def test_an_amount_beside_a_filter_or_a_field_is_a_plain_word(self):
        self.assertEqual(self.tiers("stikstof", "7,5%", "datum:2019"), ([], sorted(
            {"2019-06-01-stikstof.txt", "2019-06-02-stikstof-mest.txt"} | set(AMOUNT[:3]))))
        self.assertEqual(self.tiers("stikstof", "7,5%", "datum:2020"), (["2020-06-06-stikstof-uitstoot.txt"], []))
        self.assertEqual(self.tiers("title:stikstof", "7,5%"),
                         ([], sorted({"2019-06-01-stikstof.txt", "2019-06-02-stikstof-mest.txt"} | set(AMOUNT))))

    def test_an_amount_with_operators_is_obeyed_as_written(self):
        self.assertEqual(self.ids("--", "mest", "OR", "7,5%"), sorted(MEST + AMOUNT))
        self.assertEqual(self.ids("--", "stikstof", "AND", "7,5%"), ["2020-06-06-stikstof-uitstoot.txt"])
        self.assertEqual(self.ids("--", "7,5%", "NOT", "stikstof"), AMOUNT[:3])
        self.assertEqual(self.ids("--", "mest", "AND", "7,5%"), [])

    def test_other_signs_and_words_read_as_before(self):
        # "€ 200" and "3,5 procent" were plain already: the tiers as for any words.
        self.assertEqual(self.tiers("mest", "€ 200"), (["2020-06-07-mest.txt"], ["2019-06-02-stikstof-mest.txt"]))
        self.assertEqual(self.tiers("mest", "€200")[0], ["2020-06-07-mest.txt"])
        every, some = self.tiers("stikstof", "7,5", "procent")
        self.assertEqual(every, ["2020-06-06-stikstof-uitstoot.txt"])


if __name__ == "__main__":
    unittest.main()
