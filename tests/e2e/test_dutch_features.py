"""End-to-end tests of the Dutch search features: synonyms
(schemas/synonyms-nl.txt), spelling suggestions ("Bedoelde u"), English
analysis of tagged and detected articles, the exact-word bonus and
query-side decompounding, on one database and on local shards.

Expected answers come from the corpus text (e2e_support's own reader) and
the synonym file as written, not from knipsel's output.
"""

import json
import os
import re
import shutil
import subprocess
import unittest

import jsonschema

from e2e_support import (KNIPSEL_INDEX, SCHEMAS_DIR, ArticlesCase, TempCorpusCase, fold, ids_matching, read_corpus,
                         run)
from test_cli_query import QueryCase

# An untagged English article, written into the temp corpus: no lang header.
UNTAGGED_EN_NAME = "2019-07-01-untagged-english-wire.txt"
UNTAGGED_EN = """date 2019-07-01
title Envoys resume working-level contacts in Panmunjom
source Test Wire

Envoys from both sides said on Monday that they were negotiating the terms of a new round of
working-level contacts, a day after the leaders met briefly at the border. None of the officials
would say when the first meeting was to be held, but they told reporters that it could be within
the next two or three weeks, and that the agenda had not yet been agreed by all of the parties.
"""

SANCTIE = r"\bsancties?\b"
VS = r"\bvs\b"
VERENIGDE_STATEN = r"\bverenigde\s+staten\b"
YONGBYON = r"\byongbyon\b"


def synonym_groups():
    """The groups of schemas/synonyms-nl.txt as written: lists of members."""
    groups = []
    with open(os.path.join(SCHEMAS_DIR, "synonyms-nl.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                groups.append([m.strip() for m in line.split("=")])
    return groups


def group_of(member):
    return next(g for g in synonym_groups() if member in g)


def member_regex(group):
    """Any member of a group, on folded text (several words: as a phrase)."""
    return "|".join(r"\b%s\b" % r"[\s-]+".join(re.escape(w) for w in fold(m).split()) for m in group)


class FeatureCase(QueryCase):
    """The corpus copy plus one untagged English article, indexed once."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        with open(os.path.join(cls.work, "corpus", UNTAGGED_EN_NAME), "w", encoding="utf-8") as f:
            f.write(UNTAGGED_EN)
        cls.db = os.path.join(cls.work, "knipsel.db")
        r = run([KNIPSEL_INDEX, "--db", cls.db, "-q", "corpus"], cls.work)
        if r.returncode != 0:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise AssertionError("indexing the corpus failed: rc=%d stderr=%r" % (r.returncode, r.stderr))
        cls.docs = read_corpus(os.path.join(cls.work, "corpus"))
        with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
            cls.validator = jsonschema.Draft202012Validator(json.load(f))

    def rank_of(self, ids):
        return {doc_id: i for i, doc_id in enumerate(ids)}


class TestVerbsAndXapianTools(FeatureCase):
    def json_ids(self, *args):
        r = self.query("--db", self.db, "--format", "json", "-n", "200", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        self.validator.validate(data)
        return {hit["id"] for hit in data["results"]}

    def test_an_infinitive_finds_the_verbs_other_forms_and_its_noun(self):
        # No article writes "lanceren"; they write "lanceerde", "gelanceerd", "lancering".
        self.assertFalse(ids_matching(self.docs, r"\blanceren\b"), "corpus precondition")
        forms = ids_matching(self.docs, r"\b(lanceerde|gelanceerde?|lancering(en)?)\b")
        self.assertGreaterEqual(len(forms), 3, "corpus precondition")
        got = self.json_ids("--all", "lanceren")
        self.assertLessEqual(forms, got)
        # The rest hold it in a compound: raketlancering, raketlanceerinstallatie.
        self.assertLessEqual(got, ids_matching(self.docs, r"lanceer|lancering"))
        # And a past tense the same.
        self.assertEqual(self.json_ids("--all", "lanceert"), self.json_ids("--all", "lanceren"))

    def test_quest_finds_the_words_as_written(self):
        # knipsel's Z terms are its own stems: quest -s none searches words.
        quest = shutil.which("quest")
        if not quest:
            self.skipTest("quest (xapian-tools) not installed")
        r = subprocess.run([quest, "-d", self.db, "-s", "none", "-m", "200", "sancties"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, encoding="utf-8", timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Exactly %d matches" % len(ids_matching(self.docs, r"\bsancties\b")), r.stdout)


class TestSynonyms(FeatureCase):

    def test_verenigde_staten_finds_an_article_that_only_writes_vs(self):
        target = "2018-08-07-vs-sancties-iran-eerste-ronde.txt"
        text = fold(self.docs[target]["text"])
        self.assertRegex(text, VS, "corpus precondition")
        self.assertRegex(text, SANCTIE, "corpus precondition")
        self.assertNotRegex(text, VERENIGDE_STATEN, "corpus precondition")
        data = self.q_json("Verenigde", "Staten", "sancties", expect_rc=0)
        hit = next((r for r in data["results"] if r["id"] == target), None)
        self.assertIsNotNone(hit, "the VS-only article is not found")
        self.assertTrue(hit["matched_all"], hit)
        self.assertEqual(sorted(hit["matched"]), ["sancties", "verenigde staten"])
        # every article that writes VS (and no other member) and sancties has every word
        only_vs = ids_matching(self.docs, VS, SANCTIE) - ids_matching(
            self.docs, member_regex([m for m in group_of("VS") if m != "VS"]))
        self.assertGreater(len(only_vs), 1, "corpus precondition")
        self.assertLessEqual(only_vs, {r["id"] for r in data["results"] if r["matched_all"]})

    def test_vs_finds_articles_that_only_write_verenigde_staten(self):
        only_vsta = ids_matching(self.docs, VERENIGDE_STATEN) - ids_matching(self.docs, VS)
        self.assertTrue(only_vsta, "corpus precondition")
        got = self.id_set("VS")
        self.assertLessEqual(only_vsta, got)
        self.assertLessEqual(ids_matching(self.docs, VS), got)

    def test_every_member_of_a_group_finds_the_same_articles(self):
        # One-word and several-word members, both ways.
        for words in (("VS",), ("Verenigde", "Staten"), ("United", "States"), ("USA",)):
            with self.subTest(query=words):
                got = self.id_set(*words)
                self.assertLessEqual(self.id_set("VS"), got)
                # Words typed also count written apart (at a lower weight):
                # any extra article has each of them somewhere.
                for doc_id in got - self.id_set("VS"):
                    text = fold(self.docs[doc_id]["text"])
                    for w in words:
                        self.assertIn(fold(w)[:3], text, doc_id)  # a form of it (staten, staat), or a compound part
        vn = group_of("VN")
        self.assertIn("Verenigde Naties", vn, "synonym file precondition")
        only_vn = ids_matching(self.docs, r"\bvn\b") - ids_matching(self.docs, r"\bverenigde\s+naties\b")
        only_naties = ids_matching(self.docs, r"\bverenigde\s+naties\b") - ids_matching(self.docs, r"\bvn\b")
        self.assertTrue(only_vn and only_naties, "corpus precondition")
        naties = self.id_set("Verenigde", "Naties")
        self.assertEqual(naties, self.id_set("VN"))
        self.assertLessEqual(only_vn | only_naties, naties)

    def test_a_country_finds_its_adjective_inflected(self):
        # "China" also finds a Dutch article that only writes "Chinese"
        # (related member ~Chinese: its stem is not that of "Chinees").
        only_chinese = {i for i in ids_matching(self.docs, r"\bchinese\b")
                        if self.docs[i]["lang"] != "en"} - ids_matching(self.docs, r"\bchina\b|\bchinees\b")
        self.assertTrue(only_chinese, "corpus precondition")
        self.assertLessEqual(only_chinese, self.id_set("China"))

    def test_an_ordinal_in_figures_is_the_word(self):
        # "2e Kamer" (as notes and headlines write it) is the Tweede Kamer.
        tweede_kamer = ids_matching(self.docs, r"\btweede kamer\b")
        self.assertTrue(tweede_kamer, "corpus precondition")
        self.assertFalse(ids_matching(self.docs, r"\b2e kamer\b"), "corpus precondition")
        for words in (("2e", "Kamer"), ("2de", "Kamer"), ("TK",)):
            with self.subTest(query=words):
                data = self.q_json(*words, expect_rc=0)
                self.assertEqual([g.split(" = ")[0] for g in data["synonyms"]], ["Tweede Kamer"])
                self.assertEqual({h["id"] for h in data["results"]}, tweede_kamer)

    def test_headline_abbreviations_of_the_koreas(self):
        # "N-Korea" and "Z-Korea", as headlines write them, are the countries.
        self.assertFalse(ids_matching(self.docs, r"\b[nz]-korea\b"), "corpus precondition")
        for short, full in (("N-Korea", "Noord-Korea"), ("Z-Korea", "Zuid-Korea"), ("n-korea", "Noord-Korea")):
            with self.subTest(query=short):
                self.assertTrue(self.id_set(full))
                self.assertEqual(self.id_set(short), self.id_set(full))

    def test_json_lists_the_synonym_group_used(self):
        group = group_of("Verenigde Staten")
        data = self.q_json("Verenigde", "Staten", "sancties", expect_rc=0)
        self.assertEqual(data["synonyms"], [" = ".join(group), " = ".join(group_of("sancties"))])
        data = self.q_json("VS", expect_rc=0)
        self.assertEqual(data["synonyms"], [" = ".join(group)])
        data = self.q_json("Yongbyon", expect_rc=0)  # in no group
        self.assertFalse(data.get("synonyms"), data.get("synonyms"))

    def test_a_quoted_phrase_does_not_expand(self):
        expected = ids_matching(self.docs, VERENIGDE_STATEN)
        data = self.q_json('"Verenigde Staten"', expect_rc=0)
        self.assertEqual({r["id"] for r in data["results"]}, expected)
        self.assertFalse(data.get("synonyms"), data.get("synonyms"))
        self.assertNotIn("2018-08-07-vs-sancties-iran-eerste-ronde.txt", expected)


class TestSynonymFile(TempCorpusCase):
    """Each test on its own copy of corpus/ and schemas/, indexed with --schema."""

    def setUp(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)
        self.schemas = os.path.join(self.work, "schemas")
        shutil.copytree(SCHEMAS_DIR, self.schemas)
        self.schema = os.path.join(self.schemas, "knipsel.toml")
        self.synonyms = os.path.join(self.schemas, "synonyms-nl.txt")
        self.docs = read_corpus()
        data, _ = self.index_json("--db", "k.db", "--schema", self.schema, "corpus")
        self.assertEqual(data["added"], len(self.docs))

    def ids(self, *words):
        r = self.query("--db", "k.db", "--format", "json", "-n", "100", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        return {h["id"] for h in data["results"]}, data

    def edit_synonyms(self, change):
        with open(self.synonyms, encoding="utf-8") as f:
            text = f.read()
        with open(self.synonyms, "w", encoding="utf-8") as f:
            f.write(change(text))

    def reindex_without_documents(self):
        """knipsel-index without --full: takes the synonyms, re-indexes nothing."""
        data, _ = self.index_json("--db", "k.db", "--schema", self.schema, "corpus")
        self.assertEqual((data["added"], data["replaced"], data["removed"]), (0, 0, 0), data)
        self.assertEqual(data["unchanged"], len(self.docs))

    def quest(self, flags, text):
        """Xapian's own query parser with its synonym table (no knipsel code)."""
        quest = shutil.which("quest")
        if not quest:
            self.skipTest("quest (xapian-tools) not installed")
        r = subprocess.run([quest, "-d", os.path.join(self.work, "k.db"), "-s", "none", "-f", flags, "-m", "0",
                            text], stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^Parsed Query: (.*)$", r.stdout, re.M)
        self.assertIsNotNone(m, r.stdout)
        return m.group(1)

    def test_a_new_group_acts_on_the_next_index_run_without_reindexing(self):
        kaesong = ids_matching(self.docs, r"\bkaesong\b")
        panmunjom = ids_matching(self.docs, r"\bpanmunjom\b")
        self.assertTrue(panmunjom - kaesong and kaesong - panmunjom, "corpus precondition")
        self.assertEqual(self.ids("Kaesong")[0], kaesong)
        self.edit_synonyms(lambda t: t + "\nKaesong = Panmunjom\n")
        # The query tool uses the synonyms recorded in the index, not the file.
        self.assertEqual(self.ids("Kaesong")[0], kaesong)
        self.reindex_without_documents()
        got, data = self.ids("Kaesong")
        self.assertEqual(got, kaesong | panmunjom)
        self.assertEqual(data["synonyms"], ["Kaesong = Panmunjom"])

    def test_a_removed_group_no_longer_expands(self):
        only_vsta = ids_matching(self.docs, VERENIGDE_STATEN) - ids_matching(self.docs, VS)
        self.assertTrue(only_vsta & self.ids("VS")[0], "precondition: VS finds Verenigde Staten")
        self.edit_synonyms(lambda t: "\n".join(l for l in t.split("\n") if not l.startswith("VS =")))
        self.reindex_without_documents()
        got, data = self.ids("VS")
        self.assertEqual(got, ids_matching(self.docs, VS))
        self.assertFalse(data.get("synonyms"))

    def test_xapian_synonym_table_holds_the_groups(self):
        # One-word members become synonyms of each member (for quest, Omega).
        parsed = self.quest("auto_synonyms", "vs")
        for member in ("amerika", "usa"):
            self.assertIn(member, parsed)
        # A related member (~Amerikaans) is no equal: not in Xapian's table.
        self.assertNotIn("amerikaans", parsed)
        self.assertNotIn("vs", self.quest("auto_synonyms", "amerikaans"))
        self.assertNotIn("panmunjom", self.quest("auto_synonyms", "kaesong"))
        self.edit_synonyms(lambda t: t + "\nKaesong = Panmunjom\n")
        self.reindex_without_documents()
        self.assertIn("panmunjom", self.quest("auto_synonyms", "kaesong"))
        self.assertIn("kaesong", self.quest("auto_synonyms", "panmunjom"))
        # A several-word member is a key too.
        self.assertIn("vs", self.quest("auto_multiword_synonyms", "verenigde staten"))

    def test_a_bad_line_in_the_synonym_file_exit_78_naming_file_and_line(self):
        with open(self.synonyms, encoding="utf-8") as f:
            lines = f.read().split("\n")
        bad = next(i for i, l in enumerate(lines) if l.startswith("VS ="))
        lines[bad] = "VS ="
        with open(self.synonyms, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        r = self.index("--db", "k.db", "--schema", self.schema, "corpus")
        self.assertEqual(r.returncode, 78, r.stderr)
        errors = [l for l in r.stderr.splitlines() if l.startswith("knipsel-index: error: ")]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("%s:%d" % (self.synonyms, bad + 1), errors[0])  # its whole path
        for l in r.stderr.splitlines():
            self.assertTrue(l.startswith(("knipsel-index: error: ", "hint:")), l)
        # The index is untouched: the recorded synonyms still act.
        only_vsta = ids_matching(self.docs, VERENIGDE_STATEN) - ids_matching(self.docs, VS)
        self.assertLessEqual(only_vsta, self.ids("VS")[0])


class TestSpelling(FeatureCase):

    def test_misspelt_word_suggests_and_shows_the_corrected_results(self):
        yongbyon = ids_matching(self.docs, YONGBYON)
        self.assertTrue(yongbyon, "corpus precondition")
        self.assertFalse(ids_matching(self.docs, r"\byongbion\b"), "corpus precondition")
        r = self.q("Yongbion")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("Bedoelde u: Yongbyon\n"), r.stdout[:200])
        for doc_id in yongbyon & set(self.ids("Yongbyon", extra=("-n", "10"))):
            self.assertIn(doc_id, r.stdout)
        data = self.q_json("Yongbion", expect_rc=0)
        self.assertEqual(data["suggestion"], "Yongbyon")
        self.assertTrue(data["corrected"])
        self.assertEqual([h["id"] for h in data["results"]], self.ids("Yongbyon"))
        self.assertEqual({h["id"] for h in data["results"]}, yongbyon)

    def test_exact_reports_the_suggestion_but_searches_as_typed(self):
        data = self.q_json("Yongbion", expect_rc=1, extra=("--exact",))
        self.assertEqual(data["suggestion"], "Yongbyon")
        self.assertFalse(data["corrected"])
        self.assertEqual(data["results"], [])
        r = self.q("--exact", "Yongbion")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Bedoelde u: Yongbyon", r.stdout)
        self.assertNotIn("Showing results for", r.stdout)

    def test_a_short_name_the_archive_lacks_is_not_searched_as_a_word_it_writes(self):
        # "Biden" was corrected to "bieden" (to offer) and its articles
        # shown: a name typed as one is only told the word, as with --exact.
        self.assertFalse(ids_matching(self.docs, r"\bBiden\b"), "corpus precondition")
        self.assertTrue(ids_matching(self.docs, r"\bbieden\b"), "corpus precondition")
        data = self.q_json("Biden", expect_rc=1)
        self.assertEqual(data["suggestion"], "bieden")
        self.assertFalse(data["corrected"])
        self.assertEqual(data["results"], [])
        # Only said, and only when some article has all its words.
        self.assertFalse(ids_matching(self.docs, r"\bbieden\b", r"\bfordow\b"), "corpus precondition")
        self.assertIsNone(self.q_json("Biden", "Fordow", expect_rc=0)["suggestion"])
        # Typed in small letters, or a longer word with a capital, it is a misspelling.
        self.assertTrue(self.q_json("biden", expect_rc=0)["corrected"])
        data = self.q_json("Handelsoorlg", expect_rc=0)
        self.assertEqual(data["suggestion"], "Handelsoorlog")
        self.assertTrue(data["corrected"])

    def test_a_dutch_word_the_archive_lacks_is_not_searched_as_a_word_it_writes(self):
        # "graf" (grave) was corrected to "gaf" (gave) and its articles
        # shown; "inkomen" (income) to "komen": a word of the language, or a
        # compound of its words, is only told the nearer one, as with --exact.
        for typed, near in (("graf", "gaf"), ("inkomen", "komen"), ("vrachtwagenchauffeurs", None)):
            with self.subTest(typed=typed):
                self.assertFalse(ids_matching(self.docs, r"\b%s\b" % typed), "corpus precondition")
                data = self.q_json(typed, expect_rc=1)
                if near:
                    self.assertTrue(ids_matching(self.docs, r"\b%s\b" % near), "corpus precondition")
                    self.assertEqual(data["suggestion"], near)
                self.assertFalse(data["corrected"])
                self.assertEqual(data["results"], [])
        # A misspelling that is no word is still searched corrected.
        self.assertTrue(self.q_json("sancteis", expect_rc=0)["corrected"])

    def test_correctly_spelt_query_has_no_suggestion(self):
        for words in (("Yongbyon",), ("sancties", "Yongbyon"), ("Verenigde", "Staten")):
            with self.subTest(query=words):
                data = self.q_json(*words, expect_rc=0)
                self.assertIsNone(data["suggestion"])
                self.assertFalse(data["corrected"])
                self.assertNotIn("Bedoelde u", self.q(*words).stdout)

    def test_one_misspelt_word_of_several_keeps_the_others_as_typed(self):
        data = self.q_json("sancties", "Yongbion", expect_rc=0)
        self.assertEqual(data["suggestion"], "sancties Yongbyon")
        self.assertTrue(data["corrected"])
        self.assertEqual([h["id"] for h in data["results"]], self.ids("sancties", "Yongbyon"))
        self.assertEqual(self.q_json("yongbion", expect_rc=0)["suggestion"], "yongbyon")

    def test_a_wildcard_beside_a_misspelt_word_is_kept_as_typed(self):
        # Its letters are a pattern, no misspelling: "sanc*" was "said*".
        for pattern in ("sanc*", "Pyong*", "sanc*ies"):
            for extra in ((), ("--any",)):
                data = self.q_json(pattern, "Yongbion", expect_rc=0, extra=extra)
                self.assertEqual(data["suggestion"], pattern + " Yongbyon", extra)
                self.assertTrue(data["corrected"])

    def test_a_misspelt_short_part_of_a_hyphenated_name_is_corrected(self):
        # "oen" and "im" are too short to correct alone; "jongoen" is one
        # edit from the word "jongen", but a hyphen was typed: a name.
        for typed, meant, pattern in (("Jong-oen", "Jong-un", r"\bjong-un\b"),
                                      ("Moon Jae-im", "Moon Jae-in", r"\bjae-in\b"),
                                      ("jong-oen", "jong-un", r"\bjong-un\b")):
            with self.subTest(typed=typed):
                found = ids_matching(self.docs, pattern)
                self.assertTrue(found, "corpus precondition")
                data = self.q_json(*typed.split(), expect_rc=0)
                self.assertEqual(data["suggestion"], meant)
                self.assertTrue(data["corrected"])
                self.assertLessEqual({h["id"] for h in data["results"] if h["matched_all"]}, found)
        r = self.q("--exact", "Kim", "Jong-oen")  # (some hits have "Kim")
        self.assertIn("Bedoelde u: Kim Jong-un\n", r.stdout)
        self.assertNotIn("Showing results for", r.stdout)

    def test_a_corrected_phrase_is_quoted_once(self):
        self.assertTrue(ids_matching(self.docs, r"sancties tegen iran"), "corpus precondition")
        r = self.q('"sanctis tegen Iran"')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Showing results for "sancties tegen Iran"; for "sanctis tegen Iran" as typed', r.stdout)
        r = self.q("sanctis", "Iran")
        self.assertIn('Showing results for "sancties Iran"; for "sanctis Iran" as typed', r.stdout)

    def test_a_corrected_phrase_no_article_has_is_suggested_loose(self):
        # No article writes "complex Yongbyon" side by side (but "complex in
        # Yongbyon"): the phrase corrected would find nothing too.
        self.assertFalse(ids_matching(self.docs, r"complex yongbyon"), "corpus precondition")
        both = ids_matching(self.docs, r"\bcomplex\b", YONGBYON)
        self.assertTrue(both, "corpus precondition")
        data = self.q_json('"complx Yongbyon"', expect_rc=1)
        self.assertEqual(data["suggestion"], "complex Yongbyon")
        self.assertFalse(data["corrected"])
        self.assertEqual(data["results"], [])
        self.assertEqual({h["id"] for h in self.q_json("complex", "Yongbyon", expect_rc=0)["results"]
                          if h["matched_all"]}, both)
        # Only said (--exact), the same suggestion.
        self.assertEqual(self.q_json('"complx Yongbyon"', expect_rc=1, extra=("--exact",))["suggestion"],
                         "complex Yongbyon")
        # Neither as a phrase nor loose: no suggestion that finds nothing.
        self.assertIsNone(self.q_json('"complx Yongbyon zwxq"', expect_rc=1)["suggestion"])


    def test_words_run_together_are_suggested_apart(self):
        # "kimjongun" is in no article: the two words that spell it and
        # that articles have together are searched instead.
        self.assertFalse(ids_matching(self.docs, r"\bkimjongun\b"), "corpus precondition")
        data = self.q_json("kimjongun", expect_rc=0)
        self.assertEqual(data["suggestion"], "kim jongun")
        self.assertTrue(data["corrected"])
        self.assertEqual([h["id"] for h in data["results"]], self.ids("kim", "jongun"))
        self.assertEqual({h["id"] for h in data["results"]}, set(self.ids("Kim", "Jong-un")))
        self.assertEqual(self.q_json("Donaldtrump", expect_rc=0)["suggestion"], "Donald trump")
        r = self.q("--exact", "kimjongun")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Bedoelde u: kim jongun", r.stdout)

    def test_a_compound_no_article_has_is_not_split_into_words_far_apart(self):
        # "raadhuis" was "Bedoelde u: raad huis", with articles on the
        # Veiligheidsraad that say "naar huis" or "Witte Huis".
        self.assertFalse(ids_matching(self.docs, r"\braad\s*huis"), "corpus precondition")
        self.assertTrue(ids_matching(self.docs, r"\braad\b", r"\bhuis\b"), "corpus precondition")
        data = self.q_json("raadhuis", expect_rc=1)
        self.assertIsNone(data["suggestion"])
        self.assertEqual(data["results"], [])

    def test_a_hyphenated_word_no_article_writes_is_searched_apart(self):
        # "Hanoi-top" is in no article, nor are "Hanoi" and "top" side by
        # side; articles say "de top in Hanoi".
        self.assertFalse(ids_matching(self.docs, r"\bhanoi[- ]top\b"), "corpus precondition")
        hanoi_and_top = ids_matching(self.docs, r"\bhanoi\b", r"top")  # also "topontmoeting"
        self.assertTrue(hanoi_and_top, "corpus precondition")
        data = self.q_json("Hanoi-top", expect_rc=0)
        self.assertEqual(data["suggestion"], "Hanoi top")
        self.assertTrue(data["corrected"])
        self.assertEqual([h["id"] for h in data["results"]], self.ids("Hanoi", "top"))
        self.assertLessEqual({h["id"] for h in data["results"] if h["matched_all"]}, hanoi_and_top)
        r = self.q("--exact", "Hanoi-top")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Bedoelde u: Hanoi top", r.stdout)
        # Written so in an article, the word is searched as it is.
        self.assertTrue(ids_matching(self.docs, r"\bnavo-top\b"), "corpus precondition")
        self.assertIsNone(self.q_json("NAVO-top", expect_rc=0)["suggestion"])


class TestSpellingAfterDelete(TempCorpusCase):

    def setUp(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)

    def suggestion(self, word):
        r = self.query("--db", "k.db", "--format", "json", word)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)["suggestion"], r.returncode

    def test_deleted_articles_take_their_spelling_data_with_them(self):
        self.index_json("--db", "k.db", "corpus")
        self.assertEqual(self.suggestion("Yongbion"), ("Yongbyon", 0))
        corpus = os.path.join(self.work, "corpus")
        before = read_corpus(corpus)
        # Delete every article that has the word: whole files, and lines of .jsonl files.
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if "yongbyon" not in fold(text) or name.endswith(".tsv"):
                continue
            if name.endswith(".jsonl"):
                lines = text.split("\n")
                kept = [l for l in lines if "yongbyon" not in fold(l)]
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(kept))
            else:
                os.remove(path)
        after = read_corpus(corpus)
        self.assertFalse(ids_matching(after, r"yongbyon"))
        data, _ = self.index_json("--db", "k.db", "corpus")
        self.assertEqual(data["removed"], len(before) - len(after))
        self.assertEqual(data["added"], 0)
        self.assertEqual(self.suggestion("Yongbyon")[1], 1, "Yongbyon articles are still found")
        self.assertEqual(self.suggestion("Yongbion"), (None, 1))


class TestSpellingOfAMisspellingSomeArticlesShare(TempCorpusCase):

    def setUp(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)
        with open(os.path.join(self.work, "corpus", "tikfout.txt"), "w", encoding="utf-8") as f:
            f.write("date 2019-03-01\ntitle Satellietbeelden\n\nNieuwe beelden van het complex in Yongbion.\n")
        self.index_json("--db", "k.db", "corpus")

    def q_json(self, *words):
        r = self.query("--db", "k.db", "--format", "json", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)

    def test_the_suggestion_is_shown_beside_the_results_as_typed(self):
        data = self.q_json("Yongbion")
        self.assertEqual(data["suggestion"], "Yongbyon")
        self.assertFalse(data["corrected"])
        self.assertEqual([h["id"] for h in data["results"]], ["tikfout.txt"])
        r = self.query("--db", "k.db", "Yongbion")
        self.assertTrue(r.stdout.startswith("Bedoelde u: Yongbyon\n"), r.stdout[:200])
        self.assertNotIn("Showing results for", r.stdout)
        self.assertIn("tikfout.txt", r.stdout)
        # with another word, no article has both: still only suggested
        data = self.q_json("sancties", "Yongbion")
        self.assertEqual((data["suggestion"], data["corrected"]), ("sancties Yongbyon", False))
        self.assertIn("tikfout.txt", [h["id"] for h in data["results"]])

    def test_words_run_together_in_a_few_articles_are_suggested_apart(self):
        with open(os.path.join(self.work, "corpus", "twitter.txt"), "w", encoding="utf-8") as f:
            f.write("date 2019-01-01\ntitle Twitter\n\nVolg @kimjongun voor het laatste nieuws.\n")
        self.index_json("--db", "k.db", "corpus")
        data = self.q_json("kimjongun")
        self.assertEqual((data["suggestion"], data["corrected"]), ("kim jongun", False))
        self.assertEqual([h["id"] for h in data["results"]], ["twitter.txt"])
        # Not a compound whose parts many articles have, but not side by side.
        for i in range(4):
            with open(os.path.join(self.work, "corpus", "huis%d.txt" % i), "w", encoding="utf-8") as f:
                f.write("date 2019-01-0%d\ntitle Huis\n\nHet huis van de arts.\n" % (i + 1))
        with open(os.path.join(self.work, "corpus", "huisarts.txt"), "w", encoding="utf-8") as f:
            f.write("date 2019-01-09\ntitle Dokter\n\nDe huisarts kwam langs.\n")
        self.index_json("--db", "k.db", "corpus")
        data = self.q_json("huisarts")
        self.assertEqual((data["suggestion"], [h["id"] for h in data["results"]]), (None, ["huisarts.txt"]))

    def test_a_word_nearest_to_the_misspelling_is_corrected_to_what_it_misspells(self):
        data = self.q_json("Yongbiom")  # one edit from Yongbion, two from Yongbyon
        self.assertEqual((data["suggestion"], data["corrected"]), ("Yongbyon", True))
        self.assertNotIn("tikfout.txt", [h["id"] for h in data["results"]])


class TestEnglish(FeatureCase):

    def test_untagged_english_article_is_detected_as_english(self):
        data = self.q_json("title:Envoys", expect_rc=0)
        hit = next(h for h in data["results"] if h["id"] == UNTAGGED_EN_NAME)
        self.assertEqual(hit["lang"], "en")
        self.assertIn(UNTAGGED_EN_NAME, self.id_set("lang:en"))

    def test_lang_en_finds_tagged_and_detected_articles_only(self):
        tagged = {i for i, d in self.docs.items() if d["lang"] == "en"}
        self.assertEqual(self.id_set("lang:en"), tagged | {UNTAGGED_EN_NAME})

    def test_untagged_dutch_articles_stay_dutch(self):
        untagged_nl = {i for i, d in self.docs.items() if not d["lang"] and i != UNTAGGED_EN_NAME}
        self.assertTrue(untagged_nl, "corpus precondition")
        self.assertFalse(untagged_nl & self.id_set("lang:en"))
        data = self.q_json("sancties", expect_rc=0)
        for h in data["results"]:
            if h["id"] in untagged_nl:
                self.assertIn(h["lang"], (None, "nl"), h["id"])  # not detected as English
            elif h["id"] in self.docs and self.docs[h["id"]]["lang"] == "nl":
                self.assertEqual(h["lang"], "nl", h["id"])

    def test_an_inflected_english_query_finds_other_inflections(self):
        forms = r"\bnegotiat(?:e|es|ed|ing|ion|ions)\b"
        english = {i for i, d in self.docs.items() if d["lang"] == "en"} | {UNTAGGED_EN_NAME}
        others_only = ids_matching(self.docs, forms) - ids_matching(self.docs, r"\bnegotiations\b")
        self.assertTrue(others_only, "corpus precondition")
        self.assertIn(UNTAGGED_EN_NAME, others_only, "written with 'negotiating' only")
        self.assertLessEqual(others_only, english)
        got = self.id_set("negotiations")
        self.assertLessEqual(others_only, got)
        self.assertLessEqual(ids_matching(self.docs, forms), got)
        for doc_id in got:
            self.assertRegex(fold(self.docs[doc_id]["text"]), r"\bnegotiat", doc_id)

    def test_dutch_articles_keep_dutch_analysis(self):
        # A Dutch plural finds a Dutch singular-only article (Dutch stemming),
        # while an English query word does not reach Dutch articles by stem.
        plural_only = ids_matching(self.docs, r"\bverklaringen\b") - ids_matching(self.docs, r"\bverklaring\b")
        singular_only = ids_matching(self.docs, r"\bverklaring\b") - ids_matching(self.docs, r"\bverklaringen\b")
        self.assertTrue(singular_only, "corpus precondition")
        self.assertLessEqual(singular_only, self.id_set("verklaringen"))
        self.assertLessEqual(plural_only, self.id_set("verklaring"))


class TestWordsOfTwoLanguages(TempCorpusCase):
    """A Dutch article and an English one where one language's stem of a
    word is another word in the other language."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "nl.txt": "titel: Jaarcijfers\ndatum: 2019-05-03\n\nHet bedrijf staat ver van zijn doelen, zei de "
                      "directeur. Daarna volgde een lange uitleg over begrotingen, regels, afspraken, controles, "
                      "inspecties, rapportages en vergaderingen. Het verlies was groot.\n",
            "en.txt": "title: Missile test\ndate: 2019-05-07\nlang: en\n\nIt was a kind of test, officials "
                      "said on Monday.\n",
            "kinderen.txt": "titel: Scholen\ndatum: 2019-05-08\n\nDe kinderen gaan weer naar school.\n",
        })
        cls.index_workdir()

    def hits(self, *words):
        r = self.query("--db", self.db, "--format", "json", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {h["id"]: [h["snippet"][b:e] for b, e in h["highlights"]] for h in json.loads(r.stdout)["results"]}

    def test_a_dutch_word_does_not_find_an_english_word_its_dutch_stem_spells(self):
        # Dutch "kinderen" stems as "kind": not "a kind of" in the English article.
        self.assertEqual(set(self.hits("kinderen")), {"kinderen.txt"})
        self.assertEqual(set(self.hits("kind")), {"kinderen.txt", "en.txt"})  # the word as typed: both

    def test_a_dutch_article_is_marked_by_the_dutch_stem_only(self):
        # The English stem of "verlies" is "ver", another word in Dutch.
        self.assertEqual(self.hits("verlies"), {"nl.txt": ["verlies"]})


class TestWildcardsAndJoinedWords(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "nk.txt": "titel: Noord-Koreaanse raket\ndatum: 2019-06-03\n\nNoord-Korea lanceerde een raket. "
                      "In 's-Gravenhage werd overlegd.\n",
            "dvk.txt": "titel: Test\ndatum: 2019-06-04\n\nDe DVK heeft een raket getest.\n",
            "zk.txt": "titel: Seoul\ndatum: 2019-06-05\n\nZuid-Korea protesteerde.\n",
            "dh.txt": "titel: Overleg in 's-Gravenhage\ndatum: 2019-06-06\n\nDe ministers kwamen bijeen.\n",
        })
        cls.index_workdir()

    def test_a_title_word_that_starts_with_an_apostrophe(self):
        # The parser took no field before the apostrophe: "titel" was a body word.
        for typed in ("titel:'s-Gravenhage", "titel:\u2019s-Gravenhage", "Titel:'s-gravenhage"):
            self.assertEqual(self.ids(typed), {"dh.txt"}, typed)
        self.assertEqual(self.ids("'s-Gravenhage"), {"dh.txt", "nk.txt"})

    def ids(self, *words):
        r = self.query("--db", self.db, "--format", "json", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {h["id"] for h in json.loads(r.stdout)["results"]}

    def test_a_wildcard_after_a_hyphen_or_apostrophe_finds_the_words_it_begins(self):
        self.assertEqual(self.ids("Noord-Kor*"), {"nk.txt"})
        self.assertEqual(self.ids("'s-Grav*"), {"nk.txt", "dh.txt"})
        self.assertEqual(self.ids("title:noord-kor*"), {"nk.txt"})
        self.assertEqual(self.ids("raket", "-Noord-Kor*"), {"dvk.txt"})

    def test_a_hyphenated_member_written_as_one_word_brings_its_group(self):
        # "Noord-Korea = DVK" in the synonym file
        self.assertEqual(self.ids("Noordkorea"), self.ids("Noord-Korea"))
        self.assertIn("dvk.txt", self.ids("noordkorea"))


class TestCompoundPartsApart(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "raad.txt": "titel: Kabinet\ndatum: 2020-03-01\n\nDe ministerraad besprak vrijdag het plan.\n",
            "apart.txt": "titel: Overleg\ndatum: 2020-03-02\n\nDe raad van ministers kwam bijeen.\n",
            "ministerie.txt": "titel: Burgers\ndatum: 2020-03-03\n\nHet ministerie wil de raadpleging van "
                              "burgers uitbreiden.\n",
            "crisis.txt": "titel: Club\ndatum: 2020-03-04\n\nHet bestuur van de club trad af. De crisis duurt "
                          "voort; het bestuur zoekt een uitweg uit de crisis.\n",
            "bestuurscrisis.txt": "titel: Gemeente\ndatum: 2020-03-05\n\nDe bestuurscrisis in de gemeente is "
                                  "voorbij.\n",
            "gemeente.txt": "titel: Raad\ndatum: 2020-03-06\n\nHet bestuur van de gemeente vergaderde.\n",
        })
        cls.index_workdir()

    def ids_ranked(self, *words):
        r = self.query("--db", self.db, "--format", "json", *words)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [h["id"] for h in json.loads(r.stdout)["results"]]

    def test_a_compound_typed_with_another_linker_finds_it_as_written_first(self):
        # "bestuurcrisis" (no -s-): its parts apart ranked above "bestuurscrisis".
        self.assertEqual(self.ids_ranked("bestuurcrisis"), ["bestuurscrisis.txt", "crisis.txt"])
        self.assertEqual(self.ids_ranked("bestuurscrisis"), ["bestuurscrisis.txt", "crisis.txt"])

    def test_a_compounds_part_is_not_marked_where_the_hit_lacks_the_compound(self):
        # "bestuur" was marked in an article found by "gemeente" alone.
        r = self.query("--db", self.db, "--format", "json", "bestuurscrisis", "gemeente")
        self.assertEqual(r.returncode, 0, r.stderr)
        marks = {h["id"]: (h["matched"], [h["snippet"][b:e] for b, e in h["highlights"]])
                 for h in json.loads(r.stdout)["results"]}
        self.assertEqual(marks["gemeente.txt"], (["gemeente"], ["gemeente"]))
        self.assertEqual(marks["bestuurscrisis.txt"], (["bestuurscrisis", "gemeente"], ["bestuurscrisis", "gemeente"]))
        self.assertEqual(marks["crisis.txt"], (["bestuurscrisis"], ["bestuur", "crisis", "bestuur", "crisis"]))

    def test_a_part_is_near_its_forms_not_a_word_that_merely_starts_like_it(self):
        # "ministerie ... raadpleging" read as "minister" near "raad".
        r = self.query("--db", self.db, "--format", "json", "ministerraad")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual({h["id"] for h in json.loads(r.stdout)["results"]}, {"raad.txt", "apart.txt"})


class TestPairsThatShareAnEnd(ArticlesCase):
    """A word whose end is left out for the next word's, as Dutch writes a
    pair: "Noord- en Zuid-Korea" is about Noord-Korea too."""

    ARTICLES = {
        "spelen.txt": "title: Samen naar de Spelen\n\nAtleten van Noord- en Zuid-Korea liepen samen het stadion in.\n",
        "boeren.txt": "title: Boeren klagen\n\nDe land- en tuinbouw lijdt onder de in- en uitvoerheffingen.\n",
        "regel.txt": "title: Afgebroken\n\nDe delegaties van Noord-\nen Zuid-Korea spraken elkaar.\n",
        "zuid.txt": "title: Alleen het zuiden\n\nZuid-Korea en Japan spraken over handel.\n",
        "letters.txt": "title: Slordig\n\nHij schreef hoofd- en kleine letters door elkaar.\n",
    }

    def test_the_first_word_of_the_pair_is_found_whole(self):
        for query in ("Noord-Korea", "noordkorea"):
            self.assertEqual(self.ids(query), ["regel.txt", "spelen.txt"], query)
        self.assertEqual(self.ids("landbouw"), ["boeren.txt"])
        self.assertEqual(self.ids("invoerheffingen"), ["boeren.txt"])

    def test_the_last_word_is_found_as_before_and_nothing_else_is_made(self):
        self.assertEqual(self.ids("Zuid-Korea"), ["regel.txt", "spelen.txt", "zuid.txt"])
        self.assertEqual(self.ids("tuinbouw"), ["boeren.txt"])
        self.assertEqual(self.ids("hoofdkleine"), [])  # no word of the lexicon


class TestRanking(FeatureCase):

    def test_exact_word_ranks_above_compound_only_articles(self):
        exact = ids_matching(self.docs, r"\bverklaring\b")
        compound_only = ids_matching(self.docs, r"\w+verklaring(?:en)?\b") - ids_matching(
            self.docs, r"\bverklaring(?:en)?\b")
        self.assertTrue(exact and compound_only, "corpus precondition")
        ids = self.ids("verklaring")
        rank = self.rank_of(ids)
        self.assertLessEqual(exact | compound_only, set(ids))
        self.assertIn(ids[0], exact)
        worst_exact = max(rank[i] for i in exact)
        best_compound = min(rank[i] for i in compound_only)
        self.assertLess(worst_exact, best_compound,
                        "a compound-only article (%s) ranks above an exact-word one (%s)"
                        % (ids[best_compound], ids[worst_exact]))

    def test_a_compound_query_finds_its_parts_written_apart(self):
        apart = ids_matching(self.docs, r"\bverlichting\s+van\s+de\s+sancties?\b") - ids_matching(
            self.docs, r"sanctieverlichting")
        self.assertTrue(apart, "corpus precondition")
        data = self.q_json("sanctieverlichting", expect_rc=0)
        got = {h["id"]: h for h in data["results"]}
        self.assertLessEqual(ids_matching(self.docs, r"\bsanctieverlichting\b"), set(got))
        for doc_id in apart:
            self.assertIn(doc_id, got)
            self.assertEqual(got[doc_id]["matched"], ["sanctieverlichting"])
        # The parts match by stem anywhere in the article ("sancties ... verlichten").
        for doc_id in got:
            t = fold(self.docs[doc_id]["text"])
            self.assertTrue("sanctieverlichting" in t or ("sanctie" in t and "verlicht" in t), doc_id)

    def test_a_compounds_parts_near_each_other_rank_above_parts_far_apart(self):
        # Near: a word starting "sanctie" within six positions of one
        # starting "verlicht", either order (query_builder.h,
        # compound_parts_window); far: both in the article, never near.
        def near(doc_id):
            words = re.findall(r"\w+", fold(self.docs[doc_id]["text"]))
            a = [i for i, w in enumerate(words) if w.startswith("sanctie")]
            b = [i for i, w in enumerate(words) if w.startswith("verlicht")]
            return any(abs(i - j) < 6 for i in a for j in b)
        both = ids_matching(self.docs, r"\bsanctie", r"\bverlicht") - ids_matching(self.docs, r"sanctieverlichting")
        near_ids = {i for i in both if near(i)}
        far_ids = both - near_ids
        self.assertTrue(near_ids and far_ids, "corpus precondition")
        ids = [h["id"] for h in self.q_json("sanctieverlichting", expect_rc=0)["results"]]
        rank = self.rank_of(ids)
        self.assertLessEqual(both, set(ids))  # far apart still found, at a lower weight
        self.assertLess(max(rank[i] for i in near_ids), min(rank[i] for i in far_ids))


class TestLayouts(FeatureCase):
    """One database and two local shards give the same answers."""

    QUERIES = [("Verenigde", "Staten", "sancties"), ("VS",), ("Yongbion",), ("sancties", "Yongbion"),
               ("verklaring",), ("sanctieverlichting",), ("negotiations",), ("lang:en",)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sharded = os.path.join(cls.work, "sharded.db")
        r = run([KNIPSEL_INDEX, "--db", cls.sharded, "--shards", "2", "-q", "corpus"], cls.work)
        if r.returncode != 0:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise AssertionError("indexing with --shards 2 failed: %r" % r.stderr)

    def answer(self, db, words):
        r = self.query("--db", db, "--format", "json", "-n", "100", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        return data

    @staticmethod
    def order(data):
        """Ids in rank order, a run of equal scores (ties, ordered by docid) as a set."""
        out = []
        for h in data["results"]:
            key = (h["matched_all"], round(h["score"], 6))
            if out and out[-1][0] == key:
                out[-1][1].add(h["id"])
            else:
                out.append((key, {h["id"]}))
        return out

    def test_one_database_and_two_shards_give_the_same_answers(self):
        self.assertTrue(os.path.isdir(os.path.join(self.sharded, "shard-1")))
        for words in self.QUERIES:
            with self.subTest(query=words):
                one, two = self.answer(self.db, words), self.answer(self.sharded, words)
                self.assertTrue(one["results"], "no results at all")
                self.assertEqual(two["suggestion"], one["suggestion"])
                self.assertEqual(two["corrected"], one["corrected"])
                self.assertEqual(two.get("synonyms"), one.get("synonyms"))
                self.assertEqual(two["total"], one["total"])
                self.assertEqual(self.order(two), self.order(one))


if __name__ == "__main__":
    unittest.main()
