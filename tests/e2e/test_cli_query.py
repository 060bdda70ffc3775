"""End-to-end tests of knipsel-query on the demo corpus.

The corpus copy is indexed once per class; expected answers come from the
corpus itself (articles.tsv and an independent reader in e2e_support), not
from knipsel's own output.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import jsonschema

from e2e_support import (KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, TempCorpusCase, clean_env, fold, ids_matching,
                         read_articles_tsv, read_corpus, run)

SEED_ID = "000_b434b5bde8cf898f.txt"

# A word form of "sanctie" (singular or plural), on folded text.
SANCTIE = r"\bsancties?\b"
NOORD_KOREA = r"\bnoord(?:-|\s+)korea\b"
# Noord-Korea as a plain query word also finds its synonyms (schemas/synonyms-nl.txt).
NOORD_KOREA_OR_SYNONYM = (r"\bnoord(?:-|\s+)korea\b|\bnorth(?:-|\s+)korea\b|\bdvk\b|\bdprk\b"
                          r"|\bdemocratische\s+volksrepubliek\s+korea\b"
                          r"|\bnoord(?:-|\s+)?koreaanse?\b")  # the related adjective (~Noord-Koreaans)
JONG_UN = r"\bjong(?:-|\s+)un\b"


class QueryCase(TempCorpusCase):
    """Index the corpus copy once; every test only reads."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()
        cls.docs = read_corpus()
        cls.catalogue = {row["id"]: row for row in read_articles_tsv()}
        with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        cls.validator = jsonschema.Draft202012Validator(schema)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    # --- helpers -------------------------------------------------------------

    def q(self, *args):
        return self.query("--db", self.db, *args)

    def q_json(self, *words, expect_rc=None, extra=()):
        count = () if "-n" in extra else ("-n", "100")
        r = self.q("--format", "json", *count, *extra, *words)
        self.assertNotIn(r.returncode, (64, 65, 66), "rc=%d stderr=%r" % (r.returncode, r.stderr))
        self.assertGreaterEqual(r.returncode, 0, "killed by signal %d" % -r.returncode)
        try:
            data = json.loads(r.stdout)
        except ValueError:
            self.fail("not JSON for %r: %r" % (words, r.stdout[:300]))
        errors = sorted(self.validator.iter_errors(data), key=str)
        self.assertEqual(errors, [], "JSON output of %r violates the schema" % (words,))
        if expect_rc is not None:
            self.assertEqual(r.returncode, expect_rc, "query %r" % (words,))
        # exit code agrees with the results: 0 = hits, 1 = no hits
        self.assertEqual(r.returncode, 0 if data["results"] else 1,
                         "exit code does not match results for %r" % (words,))
        return data

    def ids(self, *words, **kw):
        return [res["id"] for res in self.q_json(*words, **kw)["results"]]

    def id_set(self, *words):
        return set(self.ids(*words))

    def first_shard(self):
        """The index's one database, or its first shard."""
        return self.db if os.path.exists(os.path.join(self.db, "iamglass")) else os.path.join(self.db, "shard-0")

    def write_stub(self, name, *lines):
        """A stub file in the work folder with these lines; its path."""
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write("".join(line + "\n" for line in lines))
        return path

    def assert_error_lines(self, stderr, tool="knipsel-query"):
        """Exactly one `tool: error: ...` line; any other line is a `hint:`."""
        lines = [l for l in stderr.splitlines() if l.strip()]
        errors = [l for l in lines if l.startswith(tool + ": error: ")]
        self.assertEqual(len(errors), 1, "stderr: %r" % stderr)
        for l in lines:
            self.assertTrue(l.startswith(tool + ": error: ") or l.startswith("hint:"),
                            "unexpected stderr line %r" % l)
        return errors[0]


class TestRankingAndWords(QueryCase):

    def assert_tiers(self, words, both, either):
        """The default query of WORDS finds EITHER, the articles with every word (BOTH) first."""
        data = self.q_json(*words, extra=("-n", "100"))
        results = data["results"]
        flags = [r["matched_all"] for r in results]
        self.assertEqual(flags, sorted(flags, reverse=True), "every-word hits must come first")
        self.assertEqual({r["id"] for r in results if r["matched_all"]}, both)
        self.assertEqual({r["id"] for r in results}, either)
        self.assertEqual(data["total_all"], len(both))
        return results

    def test_sancties_yongbyon_ranks_seed_article_in_top_three(self):
        data = self.q_json("sancties", "Yongbyon", expect_rc=0)
        top = data["results"][:3]
        self.assertIn(SEED_ID, [r["id"] for r in top])
        seed = next(r for r in data["results"] if r["id"] == SEED_ID)
        self.assertTrue(seed["title"].startswith("De tweede topontmoeting"), seed["title"])
        self.assertEqual(seed["date"], self.catalogue[SEED_ID]["date"])
        self.assertEqual(seed["date"], "2019-02")

    def test_all_gives_strict_and_every_result_has_both(self):
        got = set(self.ids("sancties", "Yongbyon", extra=("--all",)))
        for doc_id in got:
            text = fold(self.docs[doc_id]["text"])
            self.assertRegex(text, SANCTIE, doc_id + " has no form of sanctie")
            self.assertRegex(text, r"\byongbyon\b", doc_id + " lacks yongbyon")
        self.assertEqual(got, ids_matching(self.docs, SANCTIE, r"\byongbyon\b"))

    def test_default_ranks_every_word_hits_first_then_the_nearest_misses(self):
        both = ids_matching(self.docs, SANCTIE, r"\byongbyon\b")
        either = ids_matching(self.docs, SANCTIE) | ids_matching(self.docs, r"\byongbyon\b")
        self.assertTrue(both and either - both, "corpus precondition")
        results = self.assert_tiers(("sancties", "Yongbyon"), both, either)
        for r in results:
            if r["matched_all"]:
                self.assertEqual(sorted(r["matched"]), ["sancties", "yongbyon"])
            else:
                self.assertEqual(len(r["matched"]), 1, r)

    def test_a_query_of_stopwords_only_ranks_every_word_first_then_the_nearest_misses(self):
        # "ons zij" was strict AND: 1 hit, where 19 articles have one of them.
        both = ids_matching(self.docs, r"\bons\b", r"\bzij\b")
        either = ids_matching(self.docs, r"\bons\b") | ids_matching(self.docs, r"\bzij\b")
        self.assertTrue(both and either - both, "corpus precondition")
        self.assert_tiers(("ons", "zij"), both, either)
        self.assertEqual(set(self.ids("ons", "zij", extra=("--all", "-n", "100"))), both)

    def test_any_gives_plain_or(self):
        either = ids_matching(self.docs, SANCTIE) | ids_matching(self.docs, r"\byongbyon\b")
        self.assertEqual(set(self.ids("sancties", "Yongbyon", extra=("--any", "-n", "100"))), either)

    def test_all_with_no_document_having_every_word_exits_1_default_does_not(self):
        yongbyon = ids_matching(self.docs, r"\byongbyon\b")
        heffingen = ids_matching(self.docs, r"\bimportheffing(en)?\b")
        self.assertTrue(yongbyon and heffingen and not yongbyon & heffingen, "corpus precondition")
        self.q_json("Yongbyon", "importheffingen", expect_rc=1, extra=("--all",))
        data = self.q_json("Yongbyon", "importheffingen", expect_rc=0, extra=("-n", "100"))
        self.assertEqual({r["id"] for r in data["results"]}, yongbyon | heffingen)
        self.assertEqual(data["total_all"], 0)
        self.assertFalse(any(r["matched_all"] for r in data["results"]))

    def test_singular_finds_plural_only_articles_and_vice_versa(self):
        only_plural = ids_matching(self.docs, r"\bsancties\b") - ids_matching(self.docs, r"\bsanctie\b")
        only_singular = ids_matching(self.docs, r"\bsanctie\b") - ids_matching(self.docs, r"\bsancties\b")
        self.assertTrue(only_plural and only_singular, "corpus precondition")
        singular = self.id_set("sanctie")
        plural = self.id_set("sancties")
        self.assertLessEqual(only_plural, singular)
        self.assertLessEqual(only_singular, plural)
        self.assertEqual(singular, plural)
        self.assertEqual(singular, ids_matching(self.docs, SANCTIE))

    def test_plural_stemming_raketproeven_and_tarieven(self):
        self.assertEqual(self.id_set("raketproeven"), self.id_set("raketproef"))
        self.assertLessEqual(ids_matching(self.docs, r"\braketproe(f|ven)\b"), self.id_set("raketproef"))
        self.assertEqual(self.id_set("tarieven"), self.id_set("tarief"))
        self.assertLessEqual(ids_matching(self.docs, r"\btarie(f|ven)\b"), self.id_set("tarief"))

    def test_phrase_returns_only_documents_with_the_phrase(self):
        got = self.id_set('"geen akkoord"')
        expected = ids_matching(self.docs, r"\bgeen\s+akkoord\b")
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual(got, expected)

    def test_not_excludes_documents(self):
        got = self.id_set("Iran", "NOT", "Korea")
        self.assertTrue(got)
        for doc_id in got:
            text = fold(self.docs[doc_id]["text"])
            self.assertRegex(text, r"\biran\b", doc_id)
            self.assertNotRegex(text, r"\bkorea\b", doc_id + " mentions Korea")
        self.assertLess(len(got), len(self.id_set("Iran")))

    def test_not_excludes_every_form_of_a_word_whose_english_stem_differs(self):
        # Dutch "sancties" stems to "sanctie", in English to "sancti": NOT
        # must still drop every Dutch article with sanctie or sancties.
        for words in (("Yongbyon", "NOT", "sancties"), ("Yongbyon -sancties",)):
            with self.subTest(query=words):
                got = self.id_set(*words)
                self.assertTrue(got)
                for doc_id in got:
                    text = fold(self.docs[doc_id]["text"])
                    self.assertRegex(text, r"\byongbyon\b", doc_id)
                    self.assertNotRegex(text, SANCTIE, doc_id + " mentions sancties")
                self.assertLess(len(got), len(self.id_set("Yongbyon")))

    def test_or_combines(self):
        a, b = self.id_set("Kaesong"), self.id_set("Panmunjom")
        self.assertEqual(self.id_set("Kaesong", "OR", "Panmunjom"), a | b)
        self.assertEqual(self.id_set("Kaesong", "AND", "Panmunjom"), a & b)

    def test_prefix_wildcard_finds_documents(self):
        got = self.id_set("denucleari*")
        expected = ids_matching(self.docs, r"\bdenucleari\w*")
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual(got, expected)

    def test_a_wildcard_inside_a_word_stands_for_any_letters_there(self):
        # Xapian's parser takes a '*' only at a word's end: "sanc*ies" was
        # "sanc" and "ies", found nothing and suggested "said*ies".
        sancties = ids_matching(self.docs, r"\bsancties\b")
        self.assertTrue(sancties, "corpus precondition")
        self.assertTrue(ids_matching(self.docs, r"\bsanctie\b") - sancties, "corpus precondition")
        data = self.q_json("sanc*ies")
        self.assertEqual({h["id"] for h in data["results"]}, sancties)
        self.assertIsNone(data["suggestion"])
        for h in data["results"]:  # marked: the words it found, not "sanctie" or "sanctiecomité"
            self.assertEqual({fold(h["snippet"][b:e]) for b, e in h["highlights"]} - {"sancties"}, set())
        self.assertEqual(self.id_set("Pyong*ang"), ids_matching(self.docs, r"\bpyong\w*ang\b"))
        # "Noord- en Zuid-Korea" is "Noord-Korea" too.
        self.assertEqual(self.id_set("Noord-K*a"), ids_matching(self.docs, r"\bnoord-(?: (?:en|of) \w+-)?k\w*a\b"))
        # Beside a wildcard at the end with the same head, each keeps its meaning.
        self.assertEqual(self.id_set("sanc*ies", "OR", "sanc*"), self.id_set("sanc*"))

    def test_a_wildcard_inside_quotes_is_refused_with_a_reason(self):
        # A phrase is searched word for word: it found nothing and said nothing.
        for typed in ('"sanc*ies tegen"', 'title:"sanc*ies"', '"Pyong*ang"'):
            r = self.q(typed)
            self.assertEqual(r.returncode, 65, typed)
            self.assertIn("a wildcard does not work inside quotes", self.assert_error_lines(r.stderr))

    def test_a_wildcard_after_a_hyphen_joins_the_hyphenated_word(self):
        # "Noord-*a" searched "noord" alone.
        self.assertEqual(self.id_set("Noord-*a"), ids_matching(self.docs, r"\bnoord-(?: (?:en|of) \w+-)?\w*a\b"))

    def test_a_wildcard_before_any_letter_is_refused(self):
        r = self.q("*ies")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("a wildcard needs letters before it: *ies", self.assert_error_lines(r.stderr))


class TestFields(QueryCase):

    def test_title_and_titel_give_the_same_results(self):
        title = self.ids("title:Singapore")
        self.assertEqual(title, self.ids("titel:Singapore"))
        expected = {i for i, row in self.catalogue.items() if "singapore" in fold(row["title"])}
        self.assertEqual(set(title), expected)

    def test_lang_en_returns_only_english_documents(self):
        data = self.q_json("lang:en", expect_rc=0)
        expected = {i for i, row in self.catalogue.items() if row["lang"] == "en"}
        self.assertEqual({r["id"] for r in data["results"]}, expected)
        for r in data["results"]:
            self.assertEqual(r["lang"], "en", r["id"])
        self.assertEqual(self.id_set("taal:en"), expected)

    def test_bron_selects_only_that_source(self):
        data = self.q_json('bron:"Persbureau Noordzee"', expect_rc=0)
        expected = {i for i, d in self.docs.items() if d["source"] == "Persbureau Noordzee"}
        self.assertTrue(expected, "corpus precondition")
        self.assertEqual({r["id"] for r in data["results"]}, expected)
        for r in data["results"]:
            self.assertEqual(r["source"], "Persbureau Noordzee")
        self.assertEqual(self.id_set('source:"Persbureau Noordzee"'), expected)

    def test_date_range_one_month(self):
        data = self.q_json("date:2018-06..2018-06", expect_rc=0)
        expected = {i for i, row in self.catalogue.items() if row["date"].startswith("2018-06")}
        self.assertEqual({r["id"] for r in data["results"]}, expected)
        for r in data["results"]:
            self.assertTrue(r["date"].startswith("2018-06"), r)

    def test_datum_year_returns_only_that_year(self):
        got = self.id_set("datum:2019")
        expected = {i for i, row in self.catalogue.items() if row["date"].startswith("2019")}
        self.assertEqual(got, expected)
        self.assertEqual(got, self.id_set("date:2019"))

    def test_single_month_means_that_month(self):
        got = self.id_set("date:2019-02")
        expected = {i for i, row in self.catalogue.items() if row["date"].startswith("2019-02")}
        self.assertEqual(got, expected)

    def test_date_range_combined_with_words(self):
        got = self.id_set("date:2019-01..2019-06", "Noord-Korea")
        expected = {i for i in ids_matching(self.docs, NOORD_KOREA_OR_SYNONYM)
                    if "2019-01" <= self.catalogue[i]["date"][:7] <= "2019-06"}
        self.assertEqual(got, expected)

    def test_every_word_hit_scores_the_sum_of_its_words(self):
        # An article with every word scores what each word alone gives it.
        # (Xapian 1.4.22 counted a compound's NEAR of its parts that failed
        # its position test in one article in the next one as well.)
        for first, second in (("topontmoeting", "Hanoi"), ("topontmoeting", "Singapore"),
                              ("sanctieverlichting", "Noord-Korea"), ("Verenigde Staten", "sancties")):
            alone = [{r["id"]: r["score"] for r in self.q_json(w, extra=("-n", "200"))["results"]}
                     for w in (first, second)]
            hits = self.q_json(first + " " + second, extra=("--all",))["results"]
            self.assertTrue(hits, (first, second))
            for r in hits:
                self.assertAlmostEqual(r["score"], alone[0][r["id"]] + alone[1][r["id"]], places=6,
                                       msg=(first, second, r["id"]))

    def test_a_filter_keeps_the_scores_the_words_give(self):
        # A date or language filter only narrows the hits: each keeps the
        # score it has without the filter. (Under Xapian 1.4.22's OP_FILTER
        # a compound's NEAR of its parts, failing its position test in one
        # article, was counted in the next: 6 of 10 scores were wrong.)
        for filt, words in (("date:2018..2018", "topontmoeting"), ("date:2019", "sanctieverlichting"),
                            ("date:2018", "Verenigde Naties"), ("lang:nl", "Verenigde Staten")):
            unfiltered = {r["id"]: r["score"] for r in self.q_json(words, extra=("-n", "200"))["results"]}
            hits = self.q_json(filt + " " + words)["results"]
            self.assertTrue(hits, filt + " " + words)
            for r in hits:
                self.assertAlmostEqual(r["score"], unfiltered[r["id"]], places=6, msg=(filt, words, r["id"]))

    def test_sort_minus_date_gives_descending_dates(self):
        data = self.q_json("sancties", extra=("--sort", "-date"), expect_rc=0)
        dates = [self.catalogue[r["id"]]["date"] for r in data["results"]]
        self.assertGreater(len(dates), 5)
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_sort_date_gives_ascending_dates(self):
        data = self.q_json("sancties", extra=("--sort", "date"), expect_rc=0)
        dates = [self.catalogue[r["id"]]["date"] for r in data["results"]]
        self.assertEqual(dates, sorted(dates))


class TestAnalysis(QueryCase):

    def test_diacritics_ideeen(self):
        a = self.ids("ideeën")
        self.assertTrue(a)
        self.assertEqual(a, self.ids("ideeen"))
        self.assertLessEqual(ids_matching(self.docs, r"\bideeen\b"), set(a))

    def test_diacritics_cooperatie(self):
        a = self.ids("coöperatie")
        self.assertTrue(a)
        self.assertEqual(a, self.ids("cooperatie"))
        self.assertEqual(set(a), ids_matching(self.docs, r"\bcooperatie\b"))

    def test_hyphenated_noord_korea_three_ways(self):
        expected = ids_matching(self.docs, NOORD_KOREA)
        self.assertTrue(expected, "corpus precondition")
        hyphen = self.id_set("Noord-Korea")
        phrase = self.id_set('"noord korea"')
        joined = self.id_set("noordkorea")
        self.assertEqual(hyphen, ids_matching(self.docs, NOORD_KOREA_OR_SYNONYM))
        self.assertLess(expected, hyphen, "North Korea / DVK / Noord-Koreaanse articles are found too")
        self.assertEqual(phrase, expected)  # a phrase is taken as written: no synonyms
        self.assertLessEqual(expected, joined)

    def test_kim_jong_un_and_jong_un(self):
        self.assertEqual(self.id_set("Kim", "Jong-un"),
                         ids_matching(self.docs, r"\bkim\b", JONG_UN))
        self.assertEqual(self.id_set("jong-un"), ids_matching(self.docs, JONG_UN))

    def test_apostrophe_clitic_and_typographic_apostrophe(self):
        straight = self.ids("auto's")
        curly = self.ids("auto\u2019s")
        self.assertTrue(straight)
        self.assertEqual(straight, curly)
        self.assertLessEqual(ids_matching(self.docs, r"\bauto's\b"), set(straight))
        for doc_id in straight:
            self.assertRegex(fold(self.docs[doc_id]["text"]), r"\bauto\b", doc_id)

    def test_html_boilerplate_marker_words_are_not_indexed(self):
        raw = ""
        for name in os.listdir(os.path.join(self.work, "corpus")):
            if name.endswith((".html", ".htm")):
                with open(os.path.join(self.work, "corpus", name), encoding="utf-8") as f:
                    raw += f.read()
        for marker in ("menubalkwoord", "scriptwoord"):
            self.assertIn(marker, raw, "corpus precondition")
            r = self.q(marker)
            self.assertEqual(r.returncode, 1, "%s: stdout=%r" % (marker, r.stdout))


class TestJsonOutput(QueryCase):

    QUERIES = {
        # A compound found by its part is marked whole: "sanctiecomite", "autofabrikant".
        ("sancties", "Yongbyon"): r"sancties?|yongbyon|sanctie\w{4,}|\w{4,}sanctie\w*",
        ("ideeën",): r"idee(en)?",
        # "noorden" is the stemmer's form of "noord" ("atleten uit het Noorden")
        # English articles are stemmed as English: "Koreas" is a form of korea there.
        # "Noord-" of "Noord- en Zuid-Korea" is noordkorea, as the index reads it.
        ("Noord-Korea",): r"noord(en|-)?|korea('?s)?|noord-korea('s)?|north|dvk|dprk|democratische|volksrepubliek"
                          r"|koreaanse?|noord-koreaanse?",
        ("auto\u2019s",): r"auto('s)?|auto\w{4,}|\w{4,}auto\w*",
        ("denucleari*",): r"denucleari\w*",
        ('"geen akkoord"',): r"geen|akkoord|geen akkoord",
        ("title:Singapore",): r"singapore",
    }

    def test_json_validates_and_highlights_lie_in_snippets(self):
        for words, form in self.QUERIES.items():
            with self.subTest(query=words):
                data = self.q_json(*words, expect_rc=0)
                self.assertEqual(data["query"], " ".join(words))
                self.assertTrue(data["parsed"])
                self.assertGreaterEqual(data["total"], len(data["results"]))
                ranks = [r["rank"] for r in data["results"]]
                self.assertEqual(ranks, list(range(1, len(ranks) + 1)))
                highlighted = 0
                for r in data["results"]:
                    self.assertIn(r["id"], self.docs)
                    self.assertTrue(r["snippet"].strip(), "empty snippet for " + r["id"])
                    for start, end in r["highlights"]:
                        self.assertLessEqual(0, start)
                        self.assertLess(start, end)
                        self.assertLessEqual(end, len(r["snippet"]))
                        self.assertRegex(fold(r["snippet"][start:end]), r"^(?:%s)$" % form,
                                         "highlight in %s" % r["id"])
                        highlighted += 1
                self.assertGreater(highlighted, 0, "no highlights at all")

    def test_json_no_hits_validates(self):
        data = self.q_json("xyzzyonbestaandwoord", expect_rc=1)
        self.assertEqual(data["results"], [])
        self.assertEqual(data["total"], 0)

    def test_json_results_carry_corpus_metadata(self):
        data = self.q_json("sancties", expect_rc=0)
        for r in data["results"]:
            row = self.catalogue[r["id"]]
            self.assertEqual(r["date"], row["date"], r["id"])
            self.assertEqual(r["lang"], row["lang"] if r["lang"] is not None else None, r["id"])
            self.assertEqual(r["path"], row["file"], r["id"])


class TestSnippetMarks(QueryCase):
    """A snippet marks the words that found its article, so the reader sees why it matched."""

    def marks(self, *words):
        """Per hit: the snippet folded, and its marked words folded."""
        data = self.q_json(*words, expect_rc=0)
        return {r["id"]: (fold(r["snippet"]), [fold(r["snippet"][b:e]) for b, e in r["highlights"]])
                for r in data["results"]}

    def test_a_compound_whose_part_is_spelt_otherwise_than_the_query_word_is_marked(self):
        # The index splits speel|goed and raket|lanceer|installatie and stems
        # the part as it stems the query word; the text does not spell that stem.
        for query, article, compound in (("spelen", "2019-12-13-akkoord-eerste-fase.txt", "speelgoed"),
                                         ("lanceren", "2018-09-19-pyongyang-top.md", "raketlanceerinstallatie")):
            with self.subTest(query=query):
                snippet, marked = self.marks(query)[article]
                self.assertIn(compound, snippet)
                self.assertIn(compound, marked, snippet)

    def test_every_compound_of_the_query_word_a_snippet_shows_is_marked(self):
        # Also in a passage that holds the query word itself ("de proef. De
        # kernproef volgt op een reeks raketproeven").
        for query, compound in (("proef", r"\w+proe(?:f|ven)"), ("sancties", r"sanctie\w{4,}")):
            for article, (snippet, marked) in self.marks(query).items():
                for word in re.findall(r"\b%s\b" % compound, snippet):
                    with self.subTest(query=query, article=article, word=word):
                        self.assertIn(word, marked, snippet)

    def test_a_query_of_stopwords_only_shows_them_marked_in_every_snippet(self):
        for query in ("een", "de", "het"):
            hits = self.marks(query)
            self.assertGreater(len(hits), 10)
            for article, (snippet, marked) in hits.items():
                with self.subTest(query=query, article=article):
                    self.assertTrue(marked, snippet)
                    self.assertEqual(set(marked), {query}, snippet)


class TestTextOutputAndErrors(QueryCase):

    def test_text_output_has_rank_title_date_id_and_summary(self):
        r = self.q("sancties", "Yongbyon")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.rstrip("\n").splitlines()
        expected = ids_matching(self.docs, SANCTIE, r"\byongbyon\b")
        either = ids_matching(self.docs, SANCTIE) | ids_matching(self.docs, r"\byongbyon\b")
        # Counted, not estimated: no "about".
        self.assertRegex(lines[-1], r"^Results 1-10 of %d, %d with every word \([0-9.]+ ms\)$"
                         % (len(either), len(expected)))
        self.assertIn("Also relevant, with some of the words:", r.stdout)
        self.assertRegex(r.stdout, r"(?m)^1\. ")
        for doc_id in expected:
            self.assertIn(doc_id, r.stdout)
        self.assertIn("De tweede topontmoeting", r.stdout)
        self.assertIn("2019-02", r.stdout)

    def test_no_hits_exit_1_and_says_no_results(self):
        r = self.q("xyzzyonbestaandwoord")
        self.assertEqual(r.returncode, 1)
        self.assertIn("No results", r.stdout)
        self.assertIn("xyzzyonbestaandwoord", r.stdout)

    def test_missing_db_exit_66_with_message_and_hint(self):
        r = self.query("--db", os.path.join(self.work, "no-such.db"), "sancties")
        self.assertEqual(r.returncode, 66)
        self.assertEqual(r.stdout, "")
        self.assert_error_lines(r.stderr)
        self.assertRegex(r.stderr, r"(?m)^hint: .*knipsel-index")

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
    def test_results_that_cannot_be_written_exit_74(self):
        for fmt in ("text", "json"):
            with open("/dev/full", "w") as full:
                r = subprocess.run([KNIPSEL_QUERY, "--db", self.db, "--format", fmt, "sancties"],
                                   cwd=self.work, env=clean_env(), stdout=full, stderr=subprocess.PIPE, text=True)
            self.assertEqual(r.returncode, 74, fmt)
            self.assertIn("standard output", self.assert_error_lines(r.stderr))

    def test_a_file_that_is_not_an_index_exit_66_naming_it(self):
        article = os.path.join(self.work, "corpus", "2017-09-03-zesde-kernproef.txt")
        empty = os.path.join(self.work, "empty.db")
        open(empty, "w").close()
        for path in (article, empty):
            r = self.query("--db", path, "sancties")
            self.assertEqual(r.returncode, 66, r.stderr)
            self.assertEqual(r.stdout, "")
            error = self.assert_error_lines(r.stderr)
            self.assertIn(path + " is not an index", error)
        self.assertIn('line 1 of %s is not a stub line: "date 2017-09-03"' % article,
                      self.query("--db", article, "sancties").stderr)

    def test_a_folder_that_holds_no_index_exit_66_not_damaged(self):
        # An empty folder, or the articles given as --db by mistake, were
        # "the index is damaged" (74).
        empty = os.path.join(self.work, "leeg")
        os.mkdir(empty)
        for path, said in ((empty, "no index at %s (an empty folder)" % empty),
                           (os.path.join(self.work, "corpus"), "is a folder but no index")):
            r = self.query("--db", path, "sancties")
            self.assertEqual(r.returncode, 66, r.stderr)
            self.assertIn(said, self.assert_error_lines(r.stderr))

    def test_a_stub_that_lists_another_tools_index_beside_knipsels_is_refused(self):
        # Another tool's Xapian database (made here from a copy of a shard
        # with knipsel's metadata taken away) gave hits without an id.
        shard = self.first_shard()
        other = os.path.join(self.work, "ander.db")
        shutil.copytree(shard, other)
        keys = subprocess.run(["xapian-metadata", "list", other], capture_output=True, text=True, check=True)
        for key in keys.stdout.split():
            subprocess.run(["xapian-metadata", "set", other, key, ""], check=True)
        stub = os.path.join(self.work, "mix.stub")
        with open(stub, "w") as f:
            f.write("auto %s\nauto %s\n" % (shard, other))
        r = self.query("--db", stub, "sancties")
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("auto %s) is not a knipsel index" % other, self.assert_error_lines(r.stderr))

    def test_a_stub_whose_shards_differ_in_analyser_or_schema_is_refused_in_either_order(self):
        # Only the first shard's description was read: a shard another
        # knipsel version or schema built was searched as if it were the
        # first's (its stopwords and synonyms applied to all), and which
        # won depended on the stub's order.
        shard = self.first_shard()
        meta = lambda db, key: subprocess.run(["xapian-metadata", "get", db, key], capture_output=True,
                                              text=True, check=True).stdout.rstrip("\n")
        for key, value, said in (("knipsel:analyser", "knipsel-analyser/1 stemmer=dutch", "another analyser"),
                                 ("knipsel:schema", meta(shard, "knipsel:schema") + "\n# edited\n[x]\n",
                                  "another schema")):
            other = os.path.join(self.work, "ander-" + key.split(":")[1])
            shutil.copytree(shard, other)
            subprocess.run(["xapian-metadata", "set", other, "knipsel:self", ""], check=True)
            subprocess.run(["xapian-metadata", "set", other, key, value], check=True)
            stub = os.path.join(self.work, key.split(":")[1] + ".stub")
            with open(stub, "w") as f:
                f.write("auto %s\nauto %s\n" % (shard, other))
            r = self.query("--db", stub, "sancties")
            self.assertEqual(r.returncode, 78, r.stderr)
            self.assertIn("auto %s) was built with %s than the first shard" % (other, said),
                          self.assert_error_lines(r.stderr))
            with open(stub, "w") as f:
                f.write("auto %s\nauto %s\n" % (other, shard))
            self.assertEqual(self.query("--db", stub, "sancties").returncode, 78)

    def test_a_stub_that_lists_a_missing_local_shard_exit_66(self):
        # It was "the index is damaged" (74).
        shard = self.first_shard()
        gone = os.path.join(self.work, "niet-gekoppeld", "shard-1")
        stub = self.write_stub("weg.stub", "auto " + shard, "auto " + gone)
        r = self.query("--db", stub, "sancties")
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("weg.stub:2 (auto %s): no such index" % gone, self.assert_error_lines(r.stderr))

    def test_a_stub_that_leads_back_to_itself_is_refused_exit_66(self):
        # Xapian follows it until its stack runs out: a segfault, exit 139.
        one = self.write_stub("self.stub", "auto self.stub")
        a, b = self.write_stub("a.stub", "auto b.stub"), self.write_stub("b.stub", "auto a.stub")
        for stub, said in ((one, "line 1 of %s (auto self.stub) leads back to the stub %s" % (one, one)),
                           (a, "line 1 of %s (auto a.stub) leads back to the stub %s" % (b, a))):
            r = self.query("--db", stub, "sancties")
            self.assertEqual(r.returncode, 66, r.stderr)
            self.assertIn(said, self.assert_error_lines(r.stderr))
        r = self.index("--db", a, self.work)
        self.assertEqual(r.returncode, 73, r.stderr)
        self.assertIn("is a file, not an index folder", r.stderr)

    def test_a_stub_that_lists_a_shard_twice_is_refused_exit_66(self):
        # Each of its articles was a hit twice ("of 74" for 37).
        shard = self.first_shard()
        stub = self.write_stub("twee.stub", "auto " + shard, "auto %s/." % shard)
        r = self.query("--db", stub, "sancties")
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("line 2 of %s (auto %s/.) lists the shard of line 1 again" % (stub, shard),
                      self.assert_error_lines(r.stderr))

    def test_a_remote_line_without_a_port_is_refused_exit_66(self):
        # It was "error: stoul", exit 74, also with --allow-partial.
        for port in ("abc", "", "0", "70000", "99999999999999999999"):
            stub = self.write_stub("poort.stub", "remote 127.0.0.1:" + port, "auto " + self.db)
            r = self.query("--db", stub, "--allow-partial", "sancties")
            self.assertEqual(r.returncode, 66, r.stderr)
            self.assertIn("line 1 of %s names no port of 1 to 65535" % stub, self.assert_error_lines(r.stderr))

    def test_default_db_missing_in_empty_folder_exit_66(self):
        r = self.query("sancties", cwd=os.path.join(self.work, "corpus"))
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^hint: ")

    def test_unknown_option_exit_64(self):
        r = self.q("--no-such-option", "sancties")
        self.assertEqual(r.returncode, 64)
        self.assertIn("knipsel-query: error:", r.stderr)

    def test_sort_and_format_take_their_names_only_exit_64(self):
        for args in (("--sort", "2"), ("--sort", "newest"), ("--format", "1"), ("--format", "xml")):
            r = self.q(*args, "sancties")
            self.assertEqual(r.returncode, 64, args)
            self.assertIn("not in {", self.assert_error_lines(r.stderr))
        self.assertIn("--sort relevance|date|-date", self.q("--help").stdout)

    def test_empty_query_exit_64(self):
        self.assertEqual(self.q().returncode, 64)
        self.assertEqual(self.q("").returncode, 64)

    def test_garbage_date_exit_65_one_line_message(self):
        r = self.q("date:garbage..2019")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("garbage", self.assert_error_lines(r.stderr))

    def test_date_range_that_ends_before_it_starts_exit_65(self):
        r = self.q("date:2019..2018", "sancties")
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("date:2019..2018 ends before it starts", self.assert_error_lines(r.stderr))
        self.assertEqual(self.q("date:2019-03..2019-03", "sancties").returncode, 0)

    def test_a_filter_value_no_article_has_is_named_with_the_values_there_are(self):
        r = self.q("taal:frans", "sancties")
        self.assertEqual(r.returncode, 1, r.stderr)
        warnings = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertEqual(len(warnings), 1, r.stderr)
        self.assertRegex(warnings[0], r"^knipsel-query: warning: no article has taal:frans \(taal: .*\ben\b")
        self.assertIn("nl", warnings[0])
        data = self.q_json("taal:frans", "sancties", expect_rc=1)
        self.assertEqual(data["unknown_filters"], [warnings[0].split("no article has ", 1)[1]])
        self.assertNotIn("unknown_filters", self.q_json("lang:en", "sancties"))
        for known in (("lang:en", "sancties"), ("bron:Noordzee", "sancties")):
            r = self.q(*known)
            self.assertEqual((r.returncode, r.stderr), (0, ""), known)

    def test_a_language_by_its_name(self):
        english, dutch = self.id_set("lang:en"), self.id_set("lang:nl")
        self.assertTrue(english and dutch, "corpus precondition")
        for typed in ("taal:engels", "taal:Engels", "lang:English"):
            r = self.q(typed)
            self.assertEqual((r.returncode, r.stderr), (0, ""), typed)
            self.assertEqual(self.id_set(typed), english, typed)
        for typed in ("taal:nederlands", "lang:Dutch"):
            self.assertEqual(self.id_set(typed), dutch, typed)
        r = self.q("taal:frans")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no article has taal:frans", r.stderr)

    def test_a_source_by_a_part_of_a_hyphenated_word_of_its_name(self):
        bulletin = self.ids('bron:"Oost-Azië Bulletin"')
        self.assertTrue(bulletin, "corpus precondition")
        for part in ("bron:Azië", "bron:azie", "bron:Oost", "bron:Oost-Azië", "source:Bulletin"):
            self.assertEqual(self.ids(part), bulletin, part)
        # A value no article has: the names as the articles write them.
        r = self.q("bron:Telegraaf")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("Oost-Azië Bulletin", r.stderr)
        self.assertNotIn("oost-azie bulletin", r.stderr)
        # ... and the value no article has as it was typed, not folded.
        for typed in ("bron:Telegraaf", 'bron:"De Telegraaf"', 'bron:"Oost-Azie Bulletinn"', "TAAL:Frans"):
            r = self.q("Iran", typed)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("no article has %s (" % typed.replace("TAAL", "taal"), r.stderr)

    def test_unbalanced_quote_does_not_crash(self):
        r = self.q('"noord korea')
        self.assertIn(r.returncode, (0, 1), "rc=%d stderr=%r" % (r.returncode, r.stderr))

    def test_a_stray_bracket_or_quote_leaves_the_operators_as_typed(self):
        # Xapian's parser, failing on a ')' it cannot pair, read the query
        # again without operators: "Iran NOT Korea)" found Iran AND Korea.
        for typed, sound in (("Iran NOT Korea)", "Iran NOT Korea"), ("Iran OR Korea)", "Iran OR Korea"),
                             ("(Iran OR Korea))", "Iran OR Korea"), ('Iran NOT sancties"', "Iran NOT sancties")):
            r = self.q("--format", "json", "-n", "100", "--", typed)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            self.assertRegex(r.stderr, r"^knipsel-query: warning: a .* was left out\n$", typed)
            self.assertEqual(json.loads(r.stdout)["total"], self.q_json(sound)["total"], typed)

    def test_points_in_a_row_are_punctuation_or_a_date_range(self):
        # A truncated quote pasted with "..." was a range of no field: exit 65.
        self.assertEqual(self.ids("Korea..."), self.ids("Korea"))
        self.assertEqual(self.ids("Kim", "zei", "dat..."), self.ids("Kim", "zei", "dat"))
        self.assertEqual(self.ids("sancties", "2017..2018"), self.ids("sancties", "date:2017..2018"))
        self.assertNotEqual(self.ids("sancties", "2017..2018"), self.ids("sancties"))

    def test_a_stopword_typed_with_its_accents_is_a_word_of_a_plain_query(self):
        # "één Fordow" was strict AND: no article has both, so no result.
        data = self.q_json("één", "Fordow", expect_rc=0)
        self.assertEqual(data["total"], self.q_json("één")["total"] + self.q_json("Fordow")["total"])
        self.assertEqual(data["total_all"], 0)
        both = self.q_json("één", "akkoord")
        self.assertGreater(both["total"], both["total_all"])
        self.assertEqual(both["results"][0]["matched"], ["één", "akkoord"])

    def test_a_quoted_filter_value_is_no_word_to_correct_or_loosen(self):
        # The source's name was "corrected" (Noordzee -> Noorden) and the typo left.
        data = self.q_json('source:"Persbureau Noordzee"', "Hanio", expect_rc=0)
        self.assertEqual(data["suggestion"], 'source:"Persbureau Noordzee" Hanoi')
        self.assertEqual(data["results"], self.q_json('source:"Persbureau Noordzee"', "Hanoi")["results"])
        data = self.q_json('source:"Wire Service"', "Fordow", expect_rc=1)
        self.assertIsNone(data["suggestion"])
        # Its words loose are not the field's: no "Without the quotes" offer.
        self.assertNotIn("without_quotes", self.q_json('title:"Noord-Korea test"', "Kim", expect_rc=1))

    def test_parsed_is_the_query_whose_matches_are_listed(self):
        # With --any, or a word the archive lacks, "parsed" showed the
        # every-word query (an AND, or Query()) beside the hits of another.
        data = self.q_json("sancties", "Yongbyon", extra=("--any", "-n", "1"))
        self.assertIn(" OR ", data["parsed"])
        self.assertNotIn(" AND ", data["parsed"])
        data = self.q_json("xyzzyonbekend", "Hanoi", extra=("-n", "1"))
        self.assertGreater(data["total"], 0)
        self.assertIn("hanoi", data["parsed"])
        self.assertIn(" AND ", self.q_json("sancties", "Yongbyon", extra=("--all", "-n", "1"))["parsed"])

    def test_any_with_a_wildcard_or_a_phrase_counts_and_marks_the_hits_with_every_word(self):
        # A wildcard or a phrase makes no plain query: with --any its hits
        # were all "with every word", counted as the query with OR.
        for words in (("sanc*", "Yongbyon"), ('"zesde kernproef"', "Pyongyang")):
            every = {h["id"] for h in self.q_json(*words, extra=("--all", "-n", "500"))["results"]}
            data = self.q_json(*words, extra=("--any", "-n", "500"))
            self.assertGreater(data["total"], len(every), words)
            self.assertEqual(data["total_all"], len(every), words)
            self.assertEqual({h["id"] for h in data["results"] if h["matched_all"]}, every, words)

    def test_explain_with_json_keeps_standard_output_one_object(self):
        r = self.q("--explain", "--format", "json", "sancties")
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual(list(self.validator.iter_errors(data)), [])
        self.assertRegex(r.stderr, r"Query\(.*sanctie")

    def test_explain_prints_terms_and_xapian_query(self):
        r = self.q("--explain", "sancties", "Yongbyon")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout + r.stderr
        self.assertIn("sanctie", out)          # the analysed (stemmed) term
        self.assertIn("yongbyon", out)
        self.assertRegex(out, r"Query\(.*sanctie.*yongbyon.*\)")

    def test_a_phrase_not_in_the_archive_says_how_many_have_its_words(self):
        # A quote pasted from elsewhere, worded a little differently from
        # the seed article ("We hadden inderdaad documenten klaar"): no
        # result, exit 1, and the loose words' count with the query to run.
        quote = "\u201eWe hadden de documenten klaar\u201d Trump"
        data = self.q_json(quote, expect_rc=1)
        self.assertEqual(data["total"], 0)
        loose = data["without_quotes"]
        self.assertEqual(loose["query"], "We hadden de documenten klaar Trump")
        self.assertGreaterEqual(loose["total_all"], 1)
        self.assertGreaterEqual(loose["total"], loose["total_all"])
        self.assertIn(SEED_ID, self.ids(loose["query"]))
        r = self.q(quote)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r"(?m)^Without the quotes \d+ documents? ha(s|ve) every word, \d+ some of them: "
                                   r"knipsel-query -- We hadden de documenten klaar Trump$")
        # Found as typed, or without phrases: nothing of the kind.
        self.assertNotIn("without_quotes", self.q_json("\"geen akkoord\"", expect_rc=0))
        self.assertNotIn("without_quotes", self.q_json("xyzzyqwert", expect_rc=1))

    def test_the_words_without_the_quotes_are_counted_as_the_command_given_runs_them(self):
        # Under --all the offer counted every word twice (12, 12) and gave
        # a command without --all, which found 26.
        loose = self.q_json('"geen akkoord"', "Iran", extra=("--all",), expect_rc=1)["without_quotes"]
        self.assertEqual(loose["query"], "geen akkoord Iran")
        default = self.q_json("geen akkoord Iran", expect_rc=0)
        self.assertEqual((loose["total"], loose["total_all"]), (default["total"], default["total_all"]))
        self.assertGreater(loose["total"], loose["total_all"])
        # A misspelt phrase: the words "Bedoelde u" offers, not the typo (which
        # said no article had every word).
        data = self.q_json('"complx Yongbyon"', expect_rc=1)
        self.assertEqual(data["suggestion"], "complex Yongbyon")
        loose = data["without_quotes"]
        self.assertEqual(loose["query"], "complex Yongbyon")
        corrected = self.q_json("complex Yongbyon", expect_rc=0)
        self.assertEqual((loose["total"], loose["total_all"]), (corrected["total"], corrected["total_all"]))
        self.assertGreater(loose["total_all"], 0)

    def test_an_operator_word_in_a_phrase_stays_a_word_without_the_quotes(self):
        # "Iran OF Korea" quoted is three words; loose, OF must not become
        # an OR: the count is that of the articles with both names, and the
        # command given searches the words.
        both = self.ids("Iran Korea", extra=("--all",))
        for word in ("OF", "NIET", "NOT", "AND"):
            with self.subTest(word=word):
                loose = self.q_json('"Iran %s Korea"' % word, expect_rc=1)["without_quotes"]
                self.assertEqual(loose["query"], "Iran %s Korea" % word.lower())
                self.assertEqual(loose["total_all"], len(both))

    def test_explain_names_the_synonym_groups_and_skips_operators(self):
        r = self.q("--explain", "VS AND sancties NEAR/3 Iran OR EU")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("synonyms: EU = Europese Unie", r.stdout)
        self.assertNotIn("AND ->", r.stdout)
        self.assertNotIn("NEAR ->", r.stdout)
        self.assertNotIn("3 ->", r.stdout)  # NEAR/3's window is no word
        self.assertIn("Iran -> iran", r.stdout)

    def test_synonyms_apply_in_a_query_with_operators(self):
        data = self.q_json("Verenigde Staten AND sancties", expect_rc=0)
        self.assertTrue(any(g.startswith("VS = Verenigde Staten") for g in data["synonyms"]), data["synonyms"])
        # An article that writes "VS" but never "Verenigde Staten".
        ids = [r["id"] for r in data["results"]]
        self.assertIn("2018-08-07-vs-sancties-iran-eerste-ronde.txt", ids)

    def test_explain_shows_diacritics_folded(self):
        r = self.q("--explain", "één", "coöperatie")
        self.assertIn(r.returncode, (0, 1), r.stderr)
        out = r.stdout + r.stderr
        self.assertRegex(out, r"\been\b")
        self.assertRegex(out, r"\bcooperatie\b")

    def test_paging_n_2_offset_1_starts_at_rank_2(self):
        all_ids = self.ids("sancties")
        data = self.q_json("sancties", extra=("-n", "2", "--offset", "1"), expect_rc=0)
        self.assertEqual([r["rank"] for r in data["results"]], [2, 3])
        self.assertEqual([r["id"] for r in data["results"]], all_ids[1:3])
        r = self.q("-n", "2", "--offset", "1", "sancties")
        self.assertRegex(r.stdout, r"(?m)^2\. ")
        self.assertNotRegex(r.stdout, r"(?m)^1\. ")
        self.assertRegex(r.stdout.splitlines()[-1], r"^Results 2-3 of \d+, \d+ with every word ")


    def test_pages_across_the_tiers_and_exact_counts(self):
        # Every-word hits, then fewer words: pages of 3 joined give the whole
        # list, and each page's counts are those of the whole list, though a
        # page runs only the tiers it needs.
        for query in ("VN sancties Noord-Korea steenkool", "Kim Trump Singapore Hanoi", "handelsoorlog China tarieven"):
            whole = self.q_json(query, extra=("-n", "1000"))["results"]
            self.assertGreater(len(whole), 6, query)
            every = sum(1 for r in whole if r["matched_all"])
            joined = []
            for offset in range(0, len(whole), 3):
                data = self.q_json(query, extra=("-n", "3", "--offset", str(offset)))
                self.assertEqual(data["total"], len(whole), (query, offset))
                self.assertTrue(data["total_exact"], (query, offset))
                self.assertEqual(data["total_all"], every, (query, offset))
                joined += data["results"]
            self.assertEqual([(r["rank"], r["id"]) for r in joined], [(r["rank"], r["id"]) for r in whole], query)


class TestReindexKeepsCount(TempCorpusCase):

    def setUp(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)

    def test_reindexing_twice_keeps_the_document_count(self):
        n = len(read_articles_tsv())
        for _ in range(3):
            r = self.index("--db", "k.db", "-q", "corpus")
            self.assertEqual(r.returncode, 0, r.stderr)
        delve = shutil.which("xapian-delve")
        if delve:
            out = subprocess.run([delve, os.path.join(self.work, "k.db")], stdout=subprocess.PIPE,
                                 encoding="utf-8", timeout=30).stdout
            self.assertRegex(out, r"number of documents = %d\b" % n)
        data = json.loads(self.query("--db", "k.db", "--format", "json", "-n", "1000",
                                     "date:1900..2100").stdout)
        self.assertEqual(len(data["results"]), n)


class TestCountOfALastPage(TempCorpusCase):

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="knipsel-e2e-")
        self.addCleanup(shutil.rmtree, self.work, True)

    def test_a_page_that_reaches_the_last_hit_counts_exactly(self):
        # 150 articles with "haven" among 151: Xapian estimates a word's
        # count ("about 151"); a page that shows the last hit knows it.
        folder = os.path.join(self.work, "in")
        os.mkdir(folder)
        for i in range(150):
            with open(os.path.join(folder, "b%03d.txt" % i), "w", encoding="utf-8") as f:
                f.write("title Bericht %d\n\nEen bericht nummer %d over de haven.\n" % (i, i))
        with open(os.path.join(folder, "anders.txt"), "w", encoding="utf-8") as f:
            f.write("title Anders\n\nIets heel anders.\n")
        r = self.index("--db", "k.db", "-q", "in")
        self.assertEqual(r.returncode, 0, r.stderr)
        for extra in (("-n", "150"), ("-n", "500"), ("-n", "50", "--offset", "100"), ("--all", "-n", "150")):
            r = self.query("--db", "k.db", "--format", "json", *extra, "haven")
            self.assertEqual(r.returncode, 0, r.stderr)
            data = json.loads(r.stdout)
            self.assertEqual((data["total"], data["total_exact"]), (150, True), extra)
            self.assertEqual(len(data["results"]), 150 if extra[1] != "50" else 50, extra)


class TestWhatArticlesHoldReachesTheUserIntact(TempCorpusCase):

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="knipsel-e2e-")
        self.addCleanup(shutil.rmtree, self.work, True)
        self.folder = os.path.join(self.work, "in")
        os.mkdir(self.folder)

    def write(self, name, text):
        with open(os.path.join(self.folder, name), "w", encoding="utf-8") as f:
            f.write(text)

    def test_a_path_with_a_newline_is_given_exactly(self):
        # Before, a newline in a file name became a space in "id" and
        # "path": the JSON named another file, or none.
        self.write("naam\nmet regel.txt", "title Eerste\n\nEen havenbericht.\n")
        self.write("naam met regel.txt", "title Tweede\n\nNog een havenbericht.\n")
        self.assertEqual(self.index("--db", "k.db", "-q", "in").returncode, 0)
        r = self.query("--db", "k.db", "--format", "json", "havenbericht")
        self.assertEqual(r.returncode, 0, r.stderr)
        hits = {h["title"]: h for h in json.loads(r.stdout)["results"]}
        self.assertEqual(hits["Eerste"]["path"], "naam\nmet regel.txt")
        self.assertEqual(hits["Tweede"]["path"], "naam met regel.txt")
        for h in hits.values():
            self.assertEqual(h["id"], h["path"])
            self.assertTrue(os.path.isfile(os.path.join(self.folder, h["path"])), h["path"])
        # As text, on one line, the newline shown as \x0A.
        r = self.query("--db", "k.db", "havenbericht")
        self.assertIn("  naam\\x0Amet regel.txt\n", r.stdout)
        # The id as shown is taken back by --show and --like (it was "no
        # article with the id"), the exact one still first.
        r = self.query("--db", "k.db", "--show", "naam\\x0Amet regel.txt")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Eerste", r.stdout)
        r = self.query("--db", "k.db", "--format", "json", "--like", "naam\\x0Amet regel.txt")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([h["title"] for h in json.loads(r.stdout)["results"]], ["Tweede"])
        r = self.query("--db", "k.db", "--show", "naam\\x0Bmet regel.txt")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("no article with the id naam\\x0Bmet regel.txt", r.stderr)

    def test_a_soft_hyphen_splits_no_word_in_a_page_or_in_a_query(self):
        # News sites write long compounds with &shy; so that browsers may
        # break them; a word copied from such a page into a query has it too.
        self.write("a.html", "<html><head><title>Top</title></head><body><p>Een vredes&shy;verklaring "
                             "en sanctie&shy;verlichting.</p></body></html>")
        self.assertEqual(self.index("--db", "k.db", "-q", "in").returncode, 0)
        for query in ("vredesverklaring", "vredes\u00adverklaring", "sanctieverlichting"):
            r = self.query("--db", "k.db", "--format", "json", query)
            self.assertEqual(r.returncode, 0, (query, r.stderr))
            self.assertEqual([h["id"] for h in json.loads(r.stdout)["results"]], ["a.html"], query)

    def test_control_characters_in_articles_do_not_reach_the_terminal(self):
        # An escape sequence or a bell in a scraped page (and C1 controls
        # such as U+009B, a CSI to some terminals) must not drive the
        # terminal the results are shown on. The index holds an article's
        # C0 controls as blanks (Omega's XML must stay valid), so JSON has
        # those blanks too; an id keeps its bytes, escaped.
        self.write("a.txt", "title Kwaad \x1b[31mrood\x1b[0m\nsource Bron\x1b[2J\n\n"
                            "Tekst met \x1b]0;titel\x07 een gekaapt venster en \u009b2J havenwoord.\n")
        self.write("b.jsonl", json.dumps({"id": "x\x1b[31m", "title": "Titel\x07", "body": "havenwoord\x1b[5m"}) + "\n")
        self.assertEqual(self.index("--db", "k.db", "-q", "in").returncode, 0)
        r = self.query("--db", "k.db", "havenwoord")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(re.findall(r"(?m)^\d+\. ", r.stdout)), 2, r.stdout)
        for bad in ("\x1b", "\x07", "\u009b"):
            self.assertNotIn(bad, r.stdout)
        self.assertIn("Kwaad  [31mrood", r.stdout)
        self.assertIn("b.jsonl#x\\x1B[31m", r.stdout)
        data = json.loads(self.query("--db", "k.db", "--format", "json", "havenwoord").stdout)
        self.assertIn("Kwaad  [31mrood [0m", {h["title"] for h in data["results"]})
        self.assertIn("x\x1b[31m", {h["id"].split("#")[-1] for h in data["results"]})


class TestTierCountsOnALargerArchive(TempCorpusCase):
    """Counts of the every-word and any-word tiers, and pages across them,
    on an archive whose tiers are each larger than the hundred documents
    Xapian checks for a page: the counts must be exact, not estimated."""

    GROUPS = (  # (how many, text)
        (130, "Het schip ligt in de haven van Rotterdam."),
        (120, "De havens van Antwerpen groeien."),
        (110, "Een ander schip voer uit."),
        (40, "De Verenigde Staten bouwen een haven."),
        (30, "De VS stellen een onderzoek in."),
        (20, "De Staten-Generaal vergaderen over een verenigde aanpak."),
        (15, "Er komt sanctieverlichting voor het land."),
        (12, "Men spreekt over verlichting van de sancties voor het land."),
        (9, "De sancties blijven. " + "Het land wacht af en kijkt rond in de regio. " * 4 + "Over verlichting later meer."),
        (5, "Sanctieverlichting voor wie het schip teruggeeft."),
    )

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="knipsel-e2e-")
        folder = os.path.join(cls.work, "in")
        os.mkdir(folder)
        for g, (n, text) in enumerate(cls.GROUPS):
            for i in range(n):
                with open(os.path.join(folder, "g%02d-%03d.txt" % (g, i)), "w", encoding="utf-8") as f:
                    f.write("title Bericht %d-%d\n\n%s Volgnummer %d.\n" % (g, i, text, i))
        r = run([KNIPSEL_INDEX, "--db", "k.db", "-q", "in"], cls.work)
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, True)

    def counts(self, query, *extra):
        r = self.query("--db", "k.db", "--format", "json", *extra, "--", query)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        return data

    def test_every_word_and_any_word_counts_are_exact(self):
        n = dict(enumerate(count for count, _ in self.GROUPS))
        cases = (
            ("haven schip", n[0], n[0] + n[1] + n[2] + n[3] + n[9]),
            # a synonym group's phrase ("Verenigde Staten"), member ("VS"), or its words apart
            ("Verenigde Staten haven", n[3], n[0] + n[1] + n[3] + n[4] + n[5]),
            # a compound, its parts near each other, or anywhere
            ("sanctieverlichting schip", n[9], n[6] + n[7] + n[8] + n[9] + n[0] + n[2]),
        )
        for query, every, any_word in cases:
            for extra in ((), ("-n", "3", "--offset", "200"), ("--any",), ("--any", "--offset", "150")):
                data = self.counts(query, *extra)
                got = (data["total_all"], data["total"], data["total_exact"])
                self.assertEqual(got, (every, any_word, True), (query, extra))

    def test_a_page_across_the_tier_boundary(self):
        data = self.counts("haven schip", "-n", "10", "--offset", "125")
        self.assertEqual([r["rank"] for r in data["results"]], list(range(126, 136)))
        self.assertEqual([r["matched_all"] for r in data["results"]], [True] * 5 + [False] * 5)
        whole = self.counts("haven schip", "-n", "1000")["results"]
        self.assertEqual([r["id"] for r in data["results"]], [r["id"] for r in whole[125:135]])
        self.assertEqual(len(whole), self.counts("haven schip")["total"])


class TestCountsWithADateFilter(TempCorpusCase):
    """With a filter on a value the tiers are counted by the matcher: the
    total was Xapian's estimate past a hundred documents, at times under
    the count of documents with every word."""

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="knipsel-e2e-")
        self.addCleanup(shutil.rmtree, self.work, True)
        folder = os.path.join(self.work, "in")
        os.mkdir(folder)
        texts = ["Het schip ligt in de haven."] * 3 + ["De haven groeit."] * 2 + ["Een schip voer uit."]
        for i in range(480):
            with open(os.path.join(folder, "b%03d.txt" % i), "w", encoding="utf-8") as f:
                f.write("date: %d-03-01\ntitle: Bericht %d\n\n%s Nummer %d.\n" % (2019 + i % 2, i, texts[i % 6], i))
        r = run([KNIPSEL_INDEX, "--db", "k.db", "-q", "in"], self.work)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_any_and_the_tiers_count_exactly(self):
        for extra in (("--any", "-n", "10"), ("-n", "10"), ("--any", "-n", "5", "--offset", "150")):
            r = self.query("--db", "k.db", "--format", "json", *extra, "--", "date:2019", "haven", "schip")
            self.assertEqual(r.returncode, 0, r.stderr)
            data = json.loads(r.stdout)
            # 240 of 2019 (the even ones): 160 with both words, 80 with haven alone.
            self.assertEqual((data["total"], data["total_exact"], data["total_all"]), (240, True, 160), extra)


class TestLongArticleSnippets(TempCorpusCase):
    """Snippets of long articles: each hit's passage comes from its own body
    (a page of long hits is read by two threads), from deep in the text when
    that is where the query words stand together."""

    FILLER = ("De werkgroep vergaderde opnieuw over de begroting van het volgende jaar en "
              "besprak de planning van de zomer, de verkiezingen in het voorjaar en het verslag. ")

    def test_each_hit_gets_the_passage_from_its_own_body(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)
        folder = os.path.join(self.work, "lang")
        os.makedirs(folder)
        n = 8
        for i in range(n):
            # 'sancties' early, both words together only near the end, with a
            # sentence naming this article.
            body = ("Sancties worden besproken. " + self.FILLER * (60 + 7 * i) +
                    "Het artikel nummer%s meldt nieuwe sancties tegen Yongbyon vandaag. " % ("abcdefgh"[i] * 3) +
                    self.FILLER * 5)
            with open(os.path.join(folder, "lang-%d.txt" % i), "w", encoding="utf-8") as f:
                f.write("Lang artikel %d\n\n%s\n" % (i, body))
        r = self.index("--db", "l.db", "-q", "lang")
        self.assertEqual(r.returncode, 0, r.stderr)
        for _ in range(3):
            r = self.query("--db", "l.db", "--format", "json", "--all", "-n", "10", "sancties", "Yongbyon")
            self.assertEqual(r.returncode, 0, r.stderr)
            results = json.loads(r.stdout)["results"]
            self.assertEqual(len(results), n)
            for hit in results:
                i = int(hit["id"].split("-")[1].split(".")[0])
                marker = "nummer" + "abcdefgh"[i] * 3
                self.assertIn(marker, hit["snippet"], hit["id"])
                marked = {fold(hit["snippet"][b:e]) for b, e in hit["highlights"]}
                self.assertEqual(marked, {"sancties", "yongbyon"}, hit["id"])


if __name__ == "__main__":
    unittest.main()
