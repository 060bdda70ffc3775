"""End-to-end tests of re-indexing: incremental runs, dry runs, --full, the
writer lock, crash safety, searches during a run and the knipsel-reindex
wrapper.

The articles are generated here (a fixed Dutch vocabulary, seeded random), so
every expected count comes from what the test wrote, not from knipsel's own
output. Indexes are compared with Xapian's own xapian-delve: the same term
list (with term frequencies; the Q terms are the document ids) and the same
document count as a fresh index of the same folder.
"""

import fcntl
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

# also runnable as `python3 -m unittest tests/e2e/test_reindex.py` from the source root
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, SOURCE_ROOT, clean_env  # noqa: E402

DELVE = shutil.which("xapian-delve") or "/usr/bin/xapian-delve"
REINDEX_WRAPPER = os.path.join(SOURCE_ROOT, "indexer", "contrib", "knipsel-reindex")

# What the --json summary must hold (README, issue).
SUMMARY_KEYS = {"added", "replaced", "removed", "unchanged", "skipped", "errors",
                "warnings", "seconds", "docs_in_index", "interrupted"}
ACTION = re.compile(r"^(add|replace|remove) (.+)$")
TIMEOUT = 120   # whole runs over the big folder take ~2 s, more on a loaded machine


def run(argv, cwd, env=None):
    return subprocess.run(argv, cwd=cwd, env=env if env is not None else clean_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, encoding="utf-8", errors="replace")

WORDS = ("vrede akkoord sancties raket kernproef minister regering verkiezingen overleg top "
         "grens handel economie tarieven diplomatie gesprekken veiligheid bondgenoot verdrag "
         "leger oefening kust haven schip vliegtuig burgers protest rechter parlement wet "
         "begroting energie gas olie stroom klimaat water dijk boer landbouw school zorg "
         "ziekenhuis arts onderzoek rapport cijfers groei inflatie rente bank markt beurs "
         "bedrijf fabriek werk staking vakbond loon huur woning stad dorp provincie gemeente "
         "wethouder burgemeester rivier brug trein station fiets snelweg kabinet coalitie "
         "oppositie debat motie stemming ambassade gezant").split()


# --- generated corpora ---------------------------------------------------------

def write_txt(path, date, title, words):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("date %s\ntitle %s\n\n%s\n" % (date, title, " ".join(words)))


def jsonl_line(line_id, body, date="2021-03-04"):
    return json.dumps({"id": line_id, "title": "Regel %s" % line_id, "date": date,
                       "source": "Persbureau Noordzee", "body": body}, ensure_ascii=False) + "\n"


def generate_corpus(folder, n_txt, seed, jsonl=(), words_per_doc=150, prefix="art"):
    """n_txt .txt articles PREFIXnnnnn.txt (every tenth in sub/), plus .jsonl
    files given as (name, n_lines). Every document carries a unique marker
    word (kenmerknnnnn, regelmerkNAMEnnnn). Returns the set of document ids."""
    r = random.Random(seed)
    ids = set()
    for i in range(n_txt):
        rel = ("sub/%s%05d.txt" if i % 10 == 9 else "%s%05d.txt") % (prefix, i)
        words = [r.choice(WORDS) for _ in range(words_per_doc)] + ["kenmerk%05d" % i]
        r.shuffle(words)
        write_txt(os.path.join(folder, rel), "20%02d-%02d-%02d" % (10 + i % 12, 1 + i % 12, 1 + i % 28),
                  "Bericht %d over %s" % (i, r.choice(WORDS)), words)
        ids.add(rel)
    for name, n_lines in jsonl:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            for k in range(n_lines):
                body = " ".join([r.choice(WORDS) for _ in range(words_per_doc // 2)] +
                                ["regelmerk%s%04d" % (name.split(".")[0].replace("-", ""), k)])
                f.write(jsonl_line("r%04d" % k, body))
                ids.add("%s#r%04d" % (name, k))
    return ids


# --- looking into an index with Xapian's own tools -----------------------------

def delve_info(db):
    """xapian-delve's database summary as {key: value}; None when it cannot read."""
    try:
        r = subprocess.run([DELVE, db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30, encoding="utf-8", errors="replace")
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        return None
    info = {}
    for line in r.stdout.splitlines():
        if " = " in line:
            k, v = line.split(" = ", 1)
            info[k.strip()] = v.strip()
    return info


def doc_count(db):
    info = delve_info(db)
    return int(info["number of documents"]) if info and "number of documents" in info else None


def delve_terms(db):
    """Every term with its term frequency, one "TERM FREQ" per line."""
    r = subprocess.run([DELVE, "-a", "-1", "-v", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60, encoding="utf-8", errors="surrogateescape")
    if r.returncode != 0:
        raise AssertionError("xapian-delve -a failed on %s: %s" % (db, r.stderr))
    lines = r.stdout.splitlines()
    assert lines and lines[0].startswith("All terms"), lines[:1]
    return lines[1:]


def ids_in(terms):
    return {t.rsplit(" ", 1)[0][1:] for t in terms if t.startswith("Q")}


def db_snapshot(db):
    """Files of the index folder with size and mtime, the folder listing around
    it, and xapian-delve's summary (revision, document count). Xapian's empty
    lock file "flintlock" is left out: xapian-delve itself touches it when it
    checks whether the index is open for writing, and opening creates it."""
    files = {}
    for dirpath, _, names in os.walk(db):
        for n in names:
            if n == "flintlock":
                continue
            st = os.stat(os.path.join(dirpath, n))
            files[os.path.relpath(os.path.join(dirpath, n), db)] = (st.st_size, st.st_mtime_ns)
    parent = os.path.dirname(os.path.abspath(db))
    return {"files": files, "siblings": sorted(os.listdir(parent)), "delve": delve_info(db)}


def wait_until(cond, timeout, step=0.01):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


class HeldLock:
    """Holds the writer lock of an index (DB.lock, flock) as knipsel-index
    does, with the same kind of note naming the holder."""

    def __init__(self, db):
        self.fd = os.open(db + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, ("knipsel-index (pid %d, since test)\n" % os.getpid()).encode(), 0)

    def release(self):
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


# --- base ----------------------------------------------------------------------

class ReindexCase(unittest.TestCase):

    def setUp(self):
        for b in (KNIPSEL_INDEX, KNIPSEL_QUERY, DELVE):
            if not os.access(b, os.X_OK):
                raise unittest.SkipTest("not built / not installed: %s" % b)
        self.work = tempfile.mkdtemp(prefix="knipsel-reindex-")
        self.addCleanup(shutil.rmtree, self.work, True)

    def p(self, *parts):
        return os.path.join(self.work, *parts)

    def index(self, *args, cwd=None, env=None):
        return run([KNIPSEL_INDEX] + list(args), cwd or self.work, env)

    def query(self, *args, cwd=None):
        return run([KNIPSEL_QUERY] + list(args), cwd or self.work)

    def index_json(self, *args, expect_rc=0, cwd=None):
        r = self.index("--json", *args, cwd=cwd)
        self.assertGreaterEqual(r.returncode, 0, "knipsel-index killed by signal %d; stderr=%r"
                                % (-r.returncode, r.stderr))
        self.assertEqual(r.returncode, expect_rc, "argv=%r stdout=%r stderr=%r" % (args, r.stdout, r.stderr))
        lines = [l for l in r.stdout.splitlines() if l.strip()]
        self.assertTrue(lines, "no output: stderr=%r" % r.stderr)
        try:
            data = json.loads(lines[-1])
        except ValueError:
            self.fail("--json summary is not JSON: %r" % r.stdout)
        self.assertLessEqual(SUMMARY_KEYS, set(data), data)
        return data, r

    def counts(self, data):
        return {k: data[k] for k in ("added", "replaced", "removed", "unchanged")}

    def search_ids(self, db, *words):
        r = self.query("--db", db, "--format", "json", "-n", "10000", *words)
        self.assertIn(r.returncode, (0, 1), "rc=%d stderr=%r" % (r.returncode, r.stderr))
        return {x["id"] for x in json.loads(r.stdout)["results"]}

    def start_index(self, *args, name="bg"):
        """knipsel-index in the background, output to files; killed at the end
        of the test if still running."""
        out = open(self.p(name + ".out"), "w+", encoding="utf-8")
        err = open(self.p(name + ".err"), "w+", encoding="utf-8")
        proc = subprocess.Popen([KNIPSEL_INDEX] + list(args), cwd=self.work, env=clean_env(),
                                stdout=out, stderr=err)
        proc.out_file, proc.err_file = out, err

        def stop():
            if proc.poll() is None:
                proc.kill()          # SIGKILL, this pid only
            proc.wait()
            out.close()
            err.close()
        self.addCleanup(stop)
        return proc

    def output_of(self, proc, timeout=TIMEOUT):
        proc.wait(timeout=timeout)
        proc.out_file.seek(0)
        proc.err_file.seek(0)
        return proc.out_file.read(), proc.err_file.read()

    def kill9(self, proc):
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def assert_same_index(self, db, reference_db, reference_terms=None):
        """Same document count and the same terms with the same frequencies."""
        self.assertEqual(doc_count(db), doc_count(reference_db))
        got = delve_terms(db)
        want = reference_terms if reference_terms is not None else delve_terms(reference_db)
        if got != want:
            g, w = set(got), set(want)
            self.fail("index %s differs from a fresh index %s: ids only in it %s, ids missing %s, "
                      "%d term lines only in it (e.g. %s), %d missing (e.g. %s)"
                      % (db, reference_db, sorted(ids_in(g - w))[:10], sorted(ids_in(w - g))[:10],
                         len(g - w), sorted(g - w)[:5], len(w - g), sorted(w - g)[:5]))


# --- incremental runs on a small generated folder ------------------------------

N_SMALL_TXT = 12
N_SMALL_LINES = 5


class SmallCase(ReindexCase):

    def setUp(self):
        super().setUp()
        self.src = self.p("archief")
        os.mkdir(self.src)
        self.ids = generate_corpus(self.src, N_SMALL_TXT, seed=7, jsonl=[("bundel.jsonl", N_SMALL_LINES)],
                                   words_per_doc=60)
        self.n = len(self.ids)
        self.db = self.p("k.db")

    def s(self, *parts):
        return os.path.join(self.src, *parts)

    def first_run(self):
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(data["added"], self.n, data)
        self.assertEqual(data["docs_in_index"], self.n)
        return data

    def jsonl_lines(self):
        with open(self.s("bundel.jsonl"), encoding="utf-8") as f:
            return f.readlines()

    def write_jsonl(self, lines):
        with open(self.s("bundel.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(lines)

    def fresh_copy_matches(self):
        """A fresh index of the same folder has the same terms and count."""
        fresh = self.p("fresh.db")
        shutil.rmtree(fresh, ignore_errors=True)
        self.index_json("--db", fresh, self.src)
        self.assert_same_index(self.db, fresh)


class TestIncremental(SmallCase):

    def test_json_summary_has_all_keys_and_types(self):
        data = self.first_run()
        self.assertEqual(self.counts(data), {"added": self.n, "replaced": 0, "removed": 0, "unchanged": 0})
        self.assertEqual(data["skipped"], 0)
        self.assertEqual(data["errors"], [])
        self.assertEqual(data["warnings"], [])
        self.assertIsInstance(data["seconds"], (int, float))
        self.assertGreaterEqual(data["seconds"], 0)
        self.assertEqual(doc_count(self.db), self.n)
        self.assertEqual(ids_in(delve_terms(self.db)), self.ids)

    def test_unchanged_files_are_not_read_again(self):
        self.first_run()
        rev = delve_info(self.db)["revision"]
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        # nothing to write: at most the roots metadata commit, no new documents
        self.assertEqual(doc_count(self.db), self.n)
        self.assertLessEqual(int(delve_info(self.db)["revision"]) - int(rev), 1)

    def test_an_edit_that_keeps_size_and_mtime_is_seen_by_the_ctime(self):
        # Same size, same mtime, other bytes (an edit restored to its old
        # time, as touch -d, cp -p or rsync -a leave it): the ctime, which
        # no tool sets back, changed, so the file is read again.
        self.first_run()
        path = self.s("art00003.txt")
        st = os.stat(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        swapped = text.replace("kenmerk00003", "wisselw00003")
        self.assertEqual(len(swapped), len(text))
        with open(path, "w", encoding="utf-8") as f:
            f.write(swapped)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": self.n - 1})
        self.assertEqual(self.search_ids(self.db, "wisselw00003"), {"art00003.txt"})
        self.assertEqual(self.search_ids(self.db, "kenmerk00003"), set())

    def test_two_files_of_one_size_and_time_swapped_by_name_are_both_replaced(self):
        a, b = self.s("wissel-a.txt"), self.s("wissel-b.txt")
        with open(a, "w", encoding="utf-8") as f:
            f.write("title Alfa\n\nHet woord appelboom staat hier.\n")
        with open(b, "w", encoding="utf-8") as f:
            f.write("title Beta\n\nHet woord perenboom staat hier.\n")
        for path in (a, b):
            os.utime(path, (1577880000, 1577880000))
        self.index_json("--db", self.db, self.src)
        self.assertEqual(self.search_ids(self.db, "appelboom"), {"wissel-a.txt"})
        os.rename(a, self.s("tmp"))
        os.rename(b, a)
        os.rename(self.s("tmp"), b)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(data["replaced"], 2, data)
        self.assertEqual(self.search_ids(self.db, "appelboom"), {"wissel-b.txt"})
        self.assertEqual(self.search_ids(self.db, "perenboom"), {"wissel-a.txt"})

    def test_touched_file_with_same_content_is_unchanged_and_its_stamp_remembered(self):
        self.first_run()
        path = self.s("art00004.txt")
        t = time.time() + 7200
        os.utime(path, (t, t))
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        # The new stamp was recorded: the next run writes nothing.
        rev = delve_info(self.db)["revision"]
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assertLessEqual(int(delve_info(self.db)["revision"]) - int(rev), 1)
        self.assertEqual(self.search_ids(self.db, "kenmerk00004"), {"art00004.txt"})

    def test_changed_file_is_replaced(self):
        self.first_run()
        with open(self.s("sub", "art00009.txt"), "a", encoding="utf-8") as f:
            f.write("Naschrift met het vervangingswoord.\n")
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": self.n - 1})
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(self.search_ids(self.db, "vervangingswoord"), {"sub/art00009.txt"})
        self.assertEqual(self.search_ids(self.db, "kenmerk00009"), {"sub/art00009.txt"})
        self.fresh_copy_matches()

    def test_vanished_file_is_removed_unless_no_prune(self):
        self.first_run()
        os.remove(self.s("art00002.txt"))
        data, _ = self.index_json("--db", self.db, "--no-prune", self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n - 1})
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(self.search_ids(self.db, "kenmerk00002"), {"art00002.txt"})
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": self.n - 1})
        self.assertEqual(data["docs_in_index"], self.n - 1)
        self.assertEqual(self.search_ids(self.db, "kenmerk00002"), set())
        self.assertNotIn("art00002.txt", ids_in(delve_terms(self.db)))
        self.fresh_copy_matches()

    def test_renamed_file_is_one_added_one_removed(self):
        self.first_run()
        os.rename(self.s("art00005.txt"), self.s("hernoemd.txt"))
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 1, "unchanged": self.n - 1})
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(self.search_ids(self.db, "kenmerk00005"), {"hernoemd.txt"})
        ids = ids_in(delve_terms(self.db))
        self.assertIn("hernoemd.txt", ids)
        self.assertNotIn("art00005.txt", ids)
        self.fresh_copy_matches()

    def test_jsonl_lines_are_removed_replaced_and_added_one_by_one(self):
        self.first_run()
        lines = self.jsonl_lines()
        self.assertEqual(len(lines), N_SMALL_LINES)
        # remove one line
        del lines[2]
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": self.n - 1})
        self.assertEqual(self.search_ids(self.db, "regelmerkbundel0002"), set())
        self.assertEqual(self.search_ids(self.db, "regelmerkbundel0003"), {"bundel.jsonl#r0003"})
        # change one line's body
        o = json.loads(lines[0])
        o["body"] += " gewijzigdwoord"
        lines[0] = json.dumps(o, ensure_ascii=False) + "\n"
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": self.n - 2})
        self.assertEqual(self.search_ids(self.db, "gewijzigdwoord"), {"bundel.jsonl#r0000"})
        # add a line
        lines.append(jsonl_line("extra", "een toegevoegdwoord in een nieuwe regel"))
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 0, "unchanged": self.n - 1})
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(self.search_ids(self.db, "toegevoegdwoord"), {"bundel.jsonl#extra"})
        self.fresh_copy_matches()

    def test_many_changes_at_once_give_the_same_index_as_a_fresh_run(self):
        self.first_run()
        os.remove(self.s("art00000.txt"))
        os.rename(self.s("art00001.txt"), self.s("sub", "verplaatst.txt"))
        with open(self.s("art00006.txt"), "a", encoding="utf-8") as f:
            f.write("extra zin over de haven.\n")
        t = time.time() + 100
        os.utime(self.s("art00007.txt"), (t, t))
        write_txt(self.s("nieuw", "art-nieuw.txt"), "2022-02-02", "Nieuw", ["nieuwkomer", "vrede"])
        lines = self.jsonl_lines()
        lines = lines[1:] + [jsonl_line("laatste", "slotregel woord")]
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        # added: verplaatst, art-nieuw, #laatste; removed: art00000, art00001, #r0000
        self.assertEqual(self.counts(data), {"added": 3, "replaced": 1, "removed": 3, "unchanged": self.n - 4})
        self.fresh_copy_matches()


class TestJsonlGrowsLineByLine(SmallCase):
    """A changed .jsonl costs its changed lines: its unchanged articles'
    documents are not written again (their stored file stamps stay those
    of the run that wrote them; the file's own is in its record), and the
    next run finds the file as it was."""

    N = 200

    def setUp(self):
        super().setUp()
        self.write_jsonl([jsonl_line("g%04d" % k, "groei%04d regel over de begroting" % k) for k in range(self.N)])
        self.ids = {i for i in self.ids if not i.startswith("bundel.jsonl#")}
        self.ids |= {"bundel.jsonl#g%04d" % k for k in range(self.N)}
        self.n = len(self.ids)

    def stamps(self):
        """{docid: slot 100 (the file stamp a document was written with)}."""
        r = subprocess.run([DELVE, "-V100", self.db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60, encoding="utf-8", errors="replace")
        self.assertEqual(r.returncode, 0, r.stderr)
        head, _, values = r.stdout.partition(": ")  # "Value 100 for each document: 1:STAMP 2:STAMP ..."
        self.assertTrue(head.startswith("Value 100"), r.stdout[:80])
        stamps = dict(v.split(":", 1) for v in values.split())
        self.assertTrue(stamps)
        return stamps

    def assert_nothing_left(self):
        rev = delve_info(self.db)["revision"]
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assertEqual(delve_info(self.db)["revision"], rev, "a run after it wrote again")

    def test_one_line_appended_adds_one_and_leaves_the_other_documents_untouched(self):
        self.first_run()
        before = self.stamps()
        lines = self.jsonl_lines()
        lines.append(jsonl_line("nieuw", "een aangehangenwoord"))
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 0, "unchanged": self.n})
        after = self.stamps()
        self.assertEqual({d: after[d] for d in before}, before, "unchanged articles were written again")
        self.assertEqual(self.search_ids(self.db, "aangehangenwoord"), {"bundel.jsonl#nieuw"})
        self.n += 1
        self.assert_nothing_left()
        self.fresh_copy_matches()

    def test_one_line_changed_replaces_one_and_one_deleted_removes_one(self):
        self.first_run()
        lines = self.jsonl_lines()
        o = json.loads(lines[7])
        o["body"] += " veranderdwoord"
        lines[7] = json.dumps(o, ensure_ascii=False) + "\n"
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": self.n - 1})
        self.assertEqual(self.search_ids(self.db, "veranderdwoord"), {"bundel.jsonl#g0007"})
        self.assert_nothing_left()
        del lines[100]
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": self.n - 1})
        self.assertEqual(self.search_ids(self.db, "groei0100"), set())
        self.n -= 1
        self.assert_nothing_left()
        self.fresh_copy_matches()

    def test_reordered_or_touched_lines_change_nothing(self):
        self.first_run()
        lines = self.jsonl_lines()
        random.Random(3).shuffle(lines)
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assert_nothing_left()
        t = time.time() + 50
        os.utime(self.s("bundel.jsonl"), (t, t))
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assert_nothing_left()
        self.fresh_copy_matches()

    def test_a_duplicate_id_appended_is_an_error_and_the_first_keeps_it(self):
        self.first_run()
        lines = self.jsonl_lines()
        lines.append(jsonl_line("g0003", "een dubbelwoord"))
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src, expect_rc=1)
        self.assertEqual([e["reason"] for e in data["errors"]],
                         ["duplicate id 'g0003' (first on line 4)"])
        self.assertEqual(self.search_ids(self.db, "dubbelwoord"), set())
        self.assertEqual(self.search_ids(self.db, "groei0003"), {"bundel.jsonl#g0003"})

    def test_dry_run_counts_as_the_run(self):
        self.first_run()
        lines = self.jsonl_lines()
        del lines[5]
        lines.append(jsonl_line("nieuw", "een aangehangenwoord"))
        self.write_jsonl(lines)
        dry, _ = self.index_json("--db", self.db, "--dry-run", self.src)
        self.assertEqual({(c["action"], c["id"]) for c in dry["changes"]},
                         {("add", "bundel.jsonl#nieuw"), ("remove", "bundel.jsonl#g0005")})
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(dry), self.counts(data))
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 1, "unchanged": self.n - 1})


class TestDryRun(SmallCase):

    def prepare_changes(self):
        self.first_run()
        write_txt(self.s("toegevoegd.txt"), "2022-01-01", "Toegevoegd", ["toevoeging", "vrede"])
        with open(self.s("art00008.txt"), "a", encoding="utf-8") as f:
            f.write("gewijzigd\n")
        os.remove(self.s("art00010.txt"))
        self.write_jsonl(self.jsonl_lines()[:-1])
        return {("add", "toegevoegd.txt"), ("replace", "art00008.txt"), ("remove", "art00010.txt"),
                ("remove", "bundel.jsonl#r%04d" % (N_SMALL_LINES - 1))}

    def actions(self, stdout):
        return {ACTION.match(l).groups() for l in stdout.splitlines() if ACTION.match(l)}

    def test_dry_run_prints_actions_and_changes_nothing(self):
        expected = self.prepare_changes()
        time.sleep(0.02)   # so that a write would show in the mtimes
        before = db_snapshot(self.db)
        for flag in ("--dry-run", "-n"):
            with self.subTest(flag=flag):
                r = self.index("--db", self.db, flag, self.src)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.actions(r.stdout), expected, r.stdout)
                # every action line is one of the expected, none twice
                self.assertEqual(len([l for l in r.stdout.splitlines() if ACTION.match(l)]), len(expected))
                self.assertEqual(db_snapshot(self.db), before)
        self.assertEqual(self.search_ids(self.db, "kenmerk00010"), {"art00010.txt"})
        self.assertEqual(self.search_ids(self.db, "toevoeging"), set())
        # the real run then does what the dry run announced
        data, r = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 1, "removed": 2, "unchanged": self.n - 3})
        self.assertEqual(self.actions(r.stdout), set(), "a real run prints no action lines")
        self.fresh_copy_matches()

    def test_dry_run_with_json_puts_the_actions_in_the_summary(self):
        expected = self.prepare_changes()
        data, r = self.index_json("--db", self.db, "--dry-run", self.src)  # stdout is one JSON object
        self.assertEqual({(c["action"], c["id"]) for c in data["changes"]}, expected)
        self.assertEqual(len(data["changes"]), len(expected))
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 1, "removed": 2, "unchanged": self.n - 3})

    def test_dry_run_with_no_index_lists_everything_and_creates_nothing(self):
        r = self.index("--db", self.db, "-n", self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.actions(r.stdout), {("add", i) for i in self.ids})
        self.assertFalse(os.path.exists(self.db))
        self.assertFalse(os.path.exists(self.db + ".lock"))

    def test_dry_run_plans_a_file_taking_the_id_of_one_just_deleted(self):
        # a/x.txt keeps the id and b/x.txt is its duplicate; once a/x.txt is
        # deleted the run adds b/x.txt. The dry run said it stayed a duplicate
        # of the deleted file (an error, exit 1, no add).
        for folder, name, word in (("a", "x.txt", "xenona"), ("a", "z.txt", "zulu"), ("b", "x.txt", "xenonb")):
            write_txt(self.p(folder, name), "2023-03-03", "Titel %s uit %s" % (name, folder), [word])
        self.index_json("--db", self.db, self.p("a"), self.p("b"), expect_rc=1)
        os.remove(self.p("a", "x.txt"))
        dry, r = self.index_json("--db", self.db, "--dry-run")
        self.assertEqual(dry["errors"], [], r.stderr)
        self.assertEqual([(c["action"], c["id"]) for c in dry["changes"]], [("remove", "x.txt"), ("add", "x.txt")])
        r = self.index("--db", self.db, "-n")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual([l for l in r.stdout.splitlines() if ACTION.match(l)], ["remove x.txt", "add x.txt"])
        real, _ = self.index_json("--db", self.db)
        self.assertEqual(self.counts(real), self.counts(dry))
        self.assertEqual(self.counts(real), {"added": 1, "replaced": 0, "removed": 1, "unchanged": 1})
        self.assertEqual(self.search_ids(self.db, "xenonb"), {"x.txt"})

    def test_dry_run_counts_the_documents_the_index_would_hold(self):
        # It gave the count of the index as it is ("... 2 removed, ...;
        # 17 documents in k.db"), which the real run then contradicted.
        self.prepare_changes()
        r = self.index("--db", self.db, "-n", self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^1 added, 1 replaced, %d unchanged, 2 removed, .*; would be %d documents "
                                   r"in .*k\.db$" % (self.n - 3, self.n - 1))
        dry, _ = self.index_json("--db", self.db, "-n", self.src)
        self.assertEqual(dry["docs_in_index"], self.n - 1)
        real, r = self.index_json("--db", self.db, self.src)
        self.assertEqual(real["docs_in_index"], self.n - 1)

    def test_full_dry_run_lists_what_the_rebuild_would_index_and_drop(self):
        # It was refused (exit 64), though the synopsis and the README
        # present the two together.
        self.first_run()
        os.remove(self.s("art00010.txt"))
        self.write_jsonl(self.jsonl_lines()[:-1])
        before = db_snapshot(self.db)
        r = self.index("--db", self.db, "--full", "-n")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [ACTION.match(l).groups() for l in r.stdout.splitlines() if ACTION.match(l)]
        dropped = {"art00010.txt", "bundel.jsonl#r%04d" % (N_SMALL_LINES - 1)}
        self.assertEqual({i for a, i in lines if a == "add"}, self.ids - dropped)
        self.assertEqual({i for a, i in lines if a == "remove"}, dropped)
        self.assertEqual(len(lines), self.n)
        self.assertRegex(r.stdout, r"(?m)^%d added, 0 replaced, 0 unchanged, 2 removed, .*; would be %d documents "
                                   r"in .*k\.db$" % (self.n - 2, self.n - 2))
        self.assertEqual(db_snapshot(self.db), before)
        self.assertFalse([n for n in os.listdir(self.work) if n.startswith("k.db.") and n != "k.db.lock"])
        dry, _ = self.index_json("--db", self.db, "--full", "--dry-run")
        self.assertEqual((dry["full"], dry["added"], dry["removed"], dry["docs_in_index"]),
                         (True, self.n - 2, 2, self.n - 2))
        self.assertEqual({c["id"] for c in dry["changes"] if c["action"] == "remove"}, dropped)
        real, _ = self.index_json("--db", self.db, "--full")
        self.assertEqual((real["added"], real["docs_in_index"]), (dry["added"], dry["docs_in_index"]))

    def test_dry_run_lines_escape_what_would_break_them(self):
        # One line an id, for scripts to read: a newline or ESC in a file
        # name is written as knipsel-query shows an id, a backslash doubled.
        src = self.p("namen")
        os.mkdir(src)
        for name in ("nl\nnaam.txt", "esc\x1b[31mrood.txt", "gewoon.txt", "nl\\x0Anaam.txt"):
            with open(os.path.join(src, name), "w", encoding="utf-8") as f:
                f.write("Een artikel.\n")
        r = self.index("--db", self.p("namen.db"), "-n", src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(l for l in r.stdout.splitlines() if l.startswith("add ")),
                         sorted(["add esc\\x1B[31mrood.txt", "add gewoon.txt", "add nl\\x0Anaam.txt",
                                 "add nl\\\\x0Anaam.txt"]))  # a backslash doubled: not the newline one

    def test_dry_run_works_while_the_lock_is_held(self):
        expected = self.prepare_changes()
        lock = HeldLock(self.db)
        self.addCleanup(lock.release)
        before = db_snapshot(self.db)
        r = self.index("--db", self.db, "--dry-run", self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.actions(r.stdout), expected)
        self.assertEqual(db_snapshot(self.db), before)
        # while a real run is refused, naming the holder
        r = self.index("--db", self.db, self.src)
        self.assertEqual(r.returncode, 75, r.stderr)
        self.assertIn("pid %d" % os.getpid(), r.stderr)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: ")
        lock.release()
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(data["added"], 1)


class TestRootsFullAndExitCodes(SmallCase):

    def test_roots_are_remembered(self):
        self.first_run()
        write_txt(self.s("sub", "later.txt"), "2022-05-05", "Later", ["laatkomer"])
        elsewhere = self.p("elders")
        os.mkdir(elsewhere)
        # no DIR, run from another folder: the recorded (absolute) root is used
        data, _ = self.index_json("--db", self.db, cwd=elsewhere)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assertEqual(self.search_ids(self.db, "laatkomer"), {"sub/later.txt"})
        # a second root is remembered too
        other = self.p("tweede")
        generate_corpus(other, 3, seed=99, words_per_doc=20, prefix="tweede")
        data, _ = self.index_json("--db", self.db, other)
        self.assertEqual(data["added"], 3)
        write_txt(os.path.join(other, "nog.txt"), "2022-06-06", "Nog", ["tweedewortel"])
        os.remove(self.s("art00011.txt"))
        data, _ = self.index_json("--db", self.db, cwd=elsewhere)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 1, "unchanged": self.n + 3})

    def test_a_file_given_alone_is_re_indexed_and_its_folder_kept(self):
        self.first_run()
        with open(self.s("art00004.txt"), "a", encoding="utf-8") as f:
            f.write("enkelbestandwoord\n")
        data, _ = self.index_json("--db", self.db, self.s("art00004.txt"))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": 0})
        self.assertEqual(data["docs_in_index"], self.n, "the rest of its folder stays")
        self.assertEqual(self.search_ids(self.db, "enkelbestandwoord"), {"art00004.txt"})
        # The recorded roots: the folder, not the file a second time (its id twice).
        data, _ = self.index_json("--db", self.db)
        self.assertEqual(data["errors"], [])
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        # Given together with its folder, the file is the folder's.
        data, _ = self.index_json("--db", self.db, self.src, self.s("art00004.txt"))
        self.assertEqual(data["errors"], [])
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})

    def test_a_file_root_is_recorded_as_that_file(self):
        folder = self.p("los")
        os.mkdir(folder)
        write_txt(os.path.join(folder, "een.txt"), "2022-01-01", "Een", ["eenwoord"])
        write_txt(os.path.join(folder, "ander.txt"), "2022-01-02", "Ander", ["anderwoord"])
        data, _ = self.index_json("--db", self.db, os.path.join(folder, "een.txt"))
        self.assertEqual(data["added"], 1)
        data, _ = self.index_json("--db", self.db)  # the recorded roots
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 1})
        self.assertEqual(self.search_ids(self.db, "anderwoord"), set(), "its folder was not taken for it")

    def test_a_folder_inside_an_indexed_folder_is_indexed_as_part_of_it(self):
        # "knipsel-index ~/archief/sub" after ~/archief: the ids the folder's
        # own walk gives, not a second copy of every document under new ids.
        self.first_run()
        write_txt(self.s("sub", "nieuw.txt"), "2022-05-05", "Nieuw", ["deelwortel"])
        os.remove(self.s("sub", "art00009.txt"))
        os.remove(self.s("art00001.txt"))  # outside the part given: not this run's to prune
        data, _ = self.index_json("--db", self.db, self.s("sub"))
        self.assertEqual((data["errors"], data["warnings"]), ([], []))
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 1, "unchanged": 0})
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(self.search_ids(self.db, "deelwortel"), {"sub/nieuw.txt"})
        # A file in it given alone: its id under the folder too.
        with open(self.s("sub", "nieuw.txt"), "a", encoding="utf-8") as f:
            f.write("bijgewerkt\n")
        data, _ = self.index_json("--db", self.db, self.s("sub", "nieuw.txt"))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 1, "removed": 0, "unchanged": 0})
        self.assertEqual(self.search_ids(self.db, "bijgewerkt"), {"sub/nieuw.txt"})
        # Nothing new was recorded: the plain run walks the folder once.
        data, _ = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"]), ([], []))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": self.n - 1})
        self.fresh_copy_matches()

    def test_a_folder_indexed_before_the_folder_around_it_moves_into_it(self):
        # The inner folder first (ids relative to it), then the outer one:
        # one document per file, with the outer folder's ids, as fresh.
        sub_ids = {i for i in self.ids if i.startswith("sub/")}
        data, _ = self.index_json("--db", self.db, self.s("sub"))
        self.assertEqual(data["added"], len(sub_ids))
        self.assertEqual(self.search_ids(self.db, "kenmerk00009"), {"art00009.txt"})
        data, r = self.index_json("--db", self.db, self.src)
        self.assertEqual(data["errors"], [])
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*archief/sub: no longer indexed on its own: "
                                   r"it lies inside the indexed folder .*archief")
        self.assertEqual(self.counts(data), {"added": self.n, "replaced": 0, "removed": len(sub_ids), "unchanged": 0})
        self.assertEqual(self.search_ids(self.db, "kenmerk00009"), {"sub/art00009.txt"})
        self.fresh_copy_matches()
        data, r = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"]), ([], []))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})

    def test_the_same_folder_given_twice_is_walked_once(self):
        self.first_run()
        data, _ = self.index_json("--db", self.db, self.src, self.src + "/", os.path.relpath(self.src, self.work))
        self.assertEqual(data["errors"], [])
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})

    def test_an_empty_root_folder_keeps_its_documents(self):
        # A disk that is not mounted leaves its mount point: an empty folder,
        # or one with a stray file that is no article (a note, a PDF).
        self.first_run()
        os.rename(self.src, self.p("elders"))
        os.mkdir(self.src)
        for stray in (None, "LEESMIJ.pdf"):
            if stray:
                with open(os.path.join(self.src, stray), "w", encoding="utf-8") as f:
                    f.write("mount point\n")
            with self.subTest(stray=stray):
                data, r = self.index_json("--db", self.db, expect_rc=1)
                self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 0})
                self.assertEqual(data["docs_in_index"], self.n)
                self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*archief: folder holds no article "
                                           r"\(.txt, .md, .html, .htm, .jsonl, .rss, .atom\); the 13 files")
        os.remove(os.path.join(self.src, "LEESMIJ.pdf"))
        # mounted again: nothing to do
        os.rmdir(self.src)
        os.rename(self.p("elders"), self.src)
        data, _ = self.index_json("--db", self.db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        # emptied on purpose: --full refuses it as it does a disk not
        # mounted (it dropped all 13, exit 0), and --forget rebuilds without them
        shutil.rmtree(self.src)
        os.mkdir(self.src)
        r = self.index("--db", self.db, "--full")
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^hint: .* --full --forget .*archief$")
        data, _ = self.index_json("--db", self.db, "--full", "--forget", self.src)
        self.assertEqual(data["docs_in_index"], 0)

    def test_a_recorded_folder_that_moved_is_forgotten_once_its_documents_moved(self):
        self.first_run()
        moved = self.p("verhuisd")
        os.rename(self.src, moved)
        # Gone, its documents still in the index: an error, they are kept.
        data, r = self.index_json("--db", self.db, expect_rc=1)
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*archief: indexed folder is gone; the 13 files "
                                   r"the index holds from it are kept .*moved\? index it at its new place")
        # Indexed at its new place, the documents move with it ...
        data, _ = self.index_json("--db", self.db, moved)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": self.n, "removed": 0, "unchanged": 0})
        # ... and the old place, holding nothing now, is no longer recorded: said once.
        data, r = self.index_json("--db", self.db)
        self.assertEqual(data["errors"], [])
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*archief: indexed folder is gone and the index "
                                   r"holds nothing from it: no longer indexed")
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        data, r = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"]), ([], []))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})

    def test_a_second_folder_indexed_later_does_not_take_the_ids_of_the_first(self):
        # Both hold art00001.txt: the second, in a run of its own, replaced
        # the first one's article without a word.
        self.first_run()
        other = self.p("tweede")
        os.mkdir(other)
        write_txt(os.path.join(other, "art00001.txt"), "2023-03-03", "Tweede", ["tweedewoord"])
        write_txt(os.path.join(other, "eigen.txt"), "2023-03-03", "Eigen", ["eigenwoord"])
        data, r = self.index_json("--db", self.db, other, expect_rc=1)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 0, "unchanged": 0})
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*tweede/art00001.txt: duplicate id 'art00001.txt' "
                                   r"\(also in .*archief/art00001.txt, which keeps it\)$")
        self.assertEqual(ids_in(delve_terms(self.db)), self.ids | {"eigen.txt"})

    def test_a_duplicate_id_of_two_folders_in_one_run_names_both_files(self):
        other = self.p("tweede")
        os.mkdir(other)
        write_txt(os.path.join(other, "art00001.txt"), "2023-03-03", "Tweede", ["tweedewoord"])
        data, r = self.index_json("--db", self.db, self.src, other, expect_rc=1)
        m = re.search(r"(?m)^knipsel-index: error: (.*): duplicate id 'art00001.txt' "
                      r"\(already indexed in this run, from (.*), which keeps it\)$", r.stderr)
        self.assertIsNotNone(m, r.stderr)
        self.assertEqual({os.path.basename(os.path.dirname(f)) for f in m.groups()},
                         {os.path.basename(self.src), "tweede"})

    def test_a_folder_gone_for_a_while_keeps_its_ids_from_a_folder_indexed_beside_it(self):
        # The other folder's art00001.txt, a duplicate while both were
        # there, took over the id when the first was not mounted, and the
        # first one's article was lost for good.
        self.first_run()
        other = self.p("tweede")
        os.mkdir(other)
        write_txt(os.path.join(other, "art00001.txt"), "2023-03-03", "Tweede", ["tweedewoord"])
        self.index_json("--db", self.db, other, expect_rc=1)
        os.rename(self.src, self.p("niet-gekoppeld"))
        data, r = self.index_json("--db", self.db, expect_rc=1)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 0})
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*tweede/art00001.txt: duplicate id 'art00001.txt' "
                                   r"\(also in the indexed folder .*archief, which is gone; it keeps it while the "
                                   r"index keeps its documents\)$")
        self.assertEqual(self.search_ids(self.db, "tweedewoord"), set())
        os.rename(self.p("niet-gekoppeld"), self.src)
        data, r = self.index_json("--db", self.db, expect_rc=1)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*tweede/art00001.txt: duplicate id 'art00001.txt' "
                                   r"\(also in .*archief/art00001.txt, which keeps it\)$")

    def test_a_file_given_on_its_own_then_deleted_loses_its_documents(self):
        # Its folder is there: a deletion, not a disk that is not mounted.
        # It was "indexed folder is gone" at every run, its document kept.
        folder = self.p("los")
        os.mkdir(folder)
        single, beside = os.path.join(folder, "los.txt"), os.path.join(folder, "ernaast.txt")
        write_txt(single, "2023-03-03", "Los", ["loswoord"])
        write_txt(beside, "2023-03-03", "Ernaast", ["ernaastwoord"])
        self.index_json("--db", self.db, single, beside)
        os.remove(single)
        data, r = self.index_json("--db", self.db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": 1})
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*los/los.txt: indexed file is gone: 1 document "
                                   r"removed from the index, and the file no longer indexed$")
        self.assertEqual(self.search_ids(self.db, "loswoord"), set())
        data, r = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"]), ([], []))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 1})
        # Its folder gone too (a disk not mounted): kept, and said of the file.
        os.rename(folder, self.p("elders"))
        data, r = self.index_json("--db", self.db, expect_rc=1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*los/ernaast.txt: indexed file is gone with its "
                                   r"folder; its 1 document is kept \(a disk not mounted\?")
        self.assertEqual(self.search_ids(self.db, "ernaastwoord"), {"ernaast.txt"})

    def test_a_deleted_file_given_inside_an_indexed_folder_loses_its_documents(self):
        # A script that re-indexes the files it just changed or deleted: it
        # was "no such file", exit 66, and the document stayed.
        self.first_run()
        gone = self.s("sub", "art00009.txt")
        os.remove(gone)
        before = db_snapshot(self.db)
        r = self.index("--db", self.db, "-n", gone)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([l for l in r.stdout.splitlines() if ACTION.match(l)], ["remove sub/art00009.txt"])
        self.assertEqual(db_snapshot(self.db), before)
        data, r = self.index_json("--db", self.db, gone, self.s("art00001.txt"))
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 1, "unchanged": 1})
        self.assertEqual(data["docs_in_index"], self.n - 1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*archief/sub/art00009.txt: gone from the indexed "
                                   r"folder .*archief: 1 document removed from the index$")
        self.assertEqual(self.search_ids(self.db, "kenmerk00009"), set())
        # Given again: nothing left to remove, still no error.
        data, r = self.index_json("--db", self.db, gone)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 0})
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*archief/sub/art00009.txt: gone from the indexed "
                                   r"folder .*archief, and the index holds nothing from it$")
        # With --no-prune it is kept, as a file that vanished from a walk.
        os.remove(self.s("art00002.txt"))
        data, r = self.index_json("--db", self.db, "--no-prune", self.s("art00002.txt"))
        self.assertEqual(data["removed"], 0)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*archief/art00002.txt: gone from the indexed "
                                   r"folder .*archief: its 1 document is kept \(--no-prune\)$")
        self.assertEqual(self.search_ids(self.db, "kenmerk00002"), {"art00002.txt"})
        # A folder deleted from it, given: its files' documents go.
        write_txt(self.s("sub", "erbij.txt"), "2023-03-03", "Erbij", ["erbijwoord"])
        self.index_json("--db", self.db, self.s("sub", "erbij.txt"))
        shutil.rmtree(self.s("sub"))
        data, r = self.index_json("--db", self.db, self.s("sub"))
        self.assertEqual(data["removed"], 1)
        self.assertEqual(self.search_ids(self.db, "erbijwoord"), set())
        # In no indexed folder, or in a folder that is gone too: no such file, as before.
        for path in (self.p("elders.txt"), self.s("weg", "art00003.txt")):
            with self.subTest(path=path):
                r = self.index("--db", self.db, path)
                self.assertEqual(r.returncode, 66, r.stderr)
                self.assertRegex(r.stderr, r"^knipsel-index: error: no such file: ")
        self.assertEqual(self.search_ids(self.db, "kenmerk00003"), {"art00003.txt"})

    def test_a_file_given_on_its_own_then_deleted_and_given_again_loses_its_documents(self):
        # The README's "a file given on its own that is gone ... was
        # deleted" held only for a run that named no file.
        folder = self.p("los")
        os.mkdir(folder)
        single = os.path.join(folder, "los.txt")
        write_txt(single, "2023-03-03", "Los", ["loswoord"])
        self.index_json("--db", self.db, single)
        os.remove(single)
        data, r = self.index_json("--db", self.db, single)
        self.assertEqual(data["removed"], 1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*los/los.txt: indexed file is gone: 1 document "
                                   r"removed from the index, and the file no longer indexed$")
        self.assertEqual(self.search_ids(self.db, "loswoord"), set())

    def test_no_dir_and_no_index_is_no_such_index_and_makes_nothing(self):
        # A mistyped KNIPSEL_DB, or the index's disk not mounted: exit 66,
        # and no DB.lock left behind (on the empty mount point).
        before = sorted(os.listdir(self.work))
        for extra in ([], ["--full"]):
            with self.subTest(extra=extra):
                r = self.index("--db", self.db, *extra)
                self.assertEqual(r.returncode, 66, r.stderr)
                self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: no folder given and no index at .*k.db "
                                           r"to take them from$")
                self.assertEqual(sorted(os.listdir(self.work)), before)
        # With neither --db nor $KNIPSEL_DB, a bare `knipsel-index`: bad usage.
        r = self.index()
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertEqual(sorted(os.listdir(self.work)), before)
        r = self.index(env=clean_env(KNIPSEL_DB=self.db))
        self.assertEqual(r.returncode, 66, r.stderr)

    def test_full_rebuild_holds_exactly_the_current_files(self):
        self.first_run()
        os.remove(self.s("art00003.txt"))
        write_txt(self.s("vers.txt"), "2023-03-03", "Vers", ["versewoord"])
        with open(self.s("art00004.txt"), "a", encoding="utf-8") as f:
            f.write("aanvulling\n")
        self.write_jsonl(self.jsonl_lines()[1:])
        data, _ = self.index_json("--db", self.db, "--full", self.src)
        self.assertEqual(data["docs_in_index"], self.n - 1)
        self.assertEqual(data["errors"], [])
        self.assertFalse(os.path.exists(self.db + ".new"))
        ids = ids_in(delve_terms(self.db))
        self.assertEqual(ids, (self.ids - {"art00003.txt", "bundel.jsonl#r0000"}) | {"vers.txt"})
        self.fresh_copy_matches()
        # --full without DIR rebuilds the recorded roots
        os.remove(self.s("art00005.txt"))
        data, _ = self.index_json("--db", self.db, "--full")
        self.assertEqual(data["docs_in_index"], self.n - 2)
        self.assertFalse(os.path.exists(self.db + ".new"))
        self.fresh_copy_matches()

    def test_full_with_trailing_slash_on_db(self):
        # Shell completion adds the slash: `--db k.db/` is the same index.
        self.first_run()
        os.remove(self.s("art00003.txt"))
        r = self.index("--db", self.db + "/", "--full", self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(self.work).count("k.db.new"), 0)
        self.assertFalse(os.path.exists(os.path.join(self.db, ".new")),
                         "the new index was built inside the old one")
        self.assertEqual(doc_count(self.db), self.n - 1)

    def test_exit_codes(self):
        r = self.index("--db", self.db, self.p("bestaat-niet"))
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("bestaat-niet", r.stderr)
        for bad in (["--compact", "--dry-run"], ["--batch", "0"], ["--wait", "-1"], ["--geen-optie"]):
            with self.subTest(argv=bad):
                r = self.index("--db", self.db, *bad, self.src)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertFalse(os.path.exists(self.db))
        # a broken .jsonl line: 1, the rest indexed, the error with file and line
        lines = self.jsonl_lines()
        lines.insert(1, "{dit is geen json\n")
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src, expect_rc=1)
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertEqual(len(data["errors"]), 1, data["errors"])
        err = data["errors"][0]
        self.assertTrue(err["file"].endswith("bundel.jsonl"), err)
        self.assertEqual(err.get("line"), 2)
        self.assertIsInstance(err["reason"], str)
        self.assertTrue(err["reason"])
        # a bad line must not lose the file's other documents on re-runs
        # (the unchanged file is not read again, so its error is not repeated)
        for _ in range(2):
            r = self.index("--db", self.db, "--json", self.src)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            data = json.loads(r.stdout)
            self.assertEqual(data["docs_in_index"], self.n)
            self.assertEqual(data["removed"], 0)
        self.assertEqual(self.search_ids(self.db, "regelmerkbundel0004"), {"bundel.jsonl#r0004"})
        # the line mended: added, the others unchanged
        del lines[1]
        self.write_jsonl(lines)
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n})

    def corrupt(self, name, files):
        db = self.p(name)
        os.mkdir(db)
        r = random.Random(name)
        for f, size in files:
            with open(os.path.join(db, f), "wb") as fh:
                fh.write(bytes(r.getrandbits(8) for _ in range(size)))
        return db

    def assert_clean_failure(self, r, tool, codes):
        self.assertGreaterEqual(r.returncode, 0, "%s crashed (signal %d): %r" % (tool, -r.returncode, r.stderr))
        self.assertIn(r.returncode, codes, "%s rc=%d stderr=%r" % (tool, r.returncode, r.stderr))
        self.assertRegex(r.stderr, r"(?m)^%s: error: " % tool)
        self.assertNotIn("terminate called", r.stderr)

    def test_damaged_index_exit_74(self):
        db = self.corrupt("kapot.db", [("iamglass", 600), ("postlist.glass", 8192),
                                       ("termlist.glass", 8192), ("docdata.glass", 8192)])
        self.assert_clean_failure(self.query("--db", db, "vrede"), "knipsel-query", (74,))
        self.assert_clean_failure(self.query("--db", db, "--format", "json", "vrede"), "knipsel-query", (74,))
        before = db_snapshot(db)
        self.assert_clean_failure(self.index("--db", db, self.src), "knipsel-index", (73, 74))
        self.assert_clean_failure(self.index("--db", db, "-n", self.src), "knipsel-index", (73, 74))
        self.assert_clean_failure(self.index("--db", db), "knipsel-index", (73, 74))
        self.assertEqual(db_snapshot(db)["files"], before["files"], "the damaged index was changed")
        # With no folder given it cannot read the folders it records: the
        # hint names the way out.
        r = self.index("--db", db, "--full")
        self.assert_clean_failure(r, "knipsel-index", (74,))
        self.assertIn("cannot read the folders recorded in %s" % db, r.stderr)
        self.assertIn("hint: the index is damaged: give its folders, knipsel-index --db %s --full FOLDER..." % db,
                      r.stderr)
        # --full rebuilds it from scratch: the way out
        data, _ = self.index_json("--db", db, "--full", self.src)
        self.assertEqual(data["docs_in_index"], self.n)
        self.assertFalse(os.path.exists(db + ".new"))
        self.assertEqual(self.search_ids(db, "kenmerk00001"), {"art00001.txt"})

    def test_too_many_open_files_is_no_damage(self):
        # A low open-files limit (a systemd unit's) is not a damaged index:
        # no advice to throw it away, and the next run with the usual
        # limit goes on.
        import resource
        self.first_run()
        before = db_snapshot(self.db)

        def few_files():
            resource.setrlimit(resource.RLIMIT_NOFILE, (8, 8))
        # Under UBSan (CI's sanitizer stage) a vptr check that misses its
        # cache tests the memory with a pipe, which fails here for want of
        # a descriptor and is then reported as an invalid vptr: not ours.
        suppressions = self.p("ubsan.supp")
        with open(suppressions, "w", encoding="utf-8") as f:
            f.write("vptr_check:*\n")
        ubsan = os.environ.get("UBSAN_OPTIONS", "")
        env = clean_env(UBSAN_OPTIONS=(ubsan + ":" if ubsan else "") + "suppressions=" + suppressions)
        # One file, not the folder: its walk takes no descriptor for folders
        # before the index is opened, so the open is what runs short.
        for argv in ([KNIPSEL_INDEX, "--db", self.db, self.s("art00001.txt")],
                     [KNIPSEL_QUERY, "--db", self.db, "vrede"]):
            with self.subTest(tool=os.path.basename(argv[0])):
                r = subprocess.run(argv, cwd=self.work, env=env, capture_output=True, text=True,
                                   preexec_fn=few_files, timeout=TIMEOUT)
                self.assertEqual(r.returncode, 74, r.stderr)
                self.assertIn("Too many open files", r.stderr)
                self.assertIn("hint: the index is not damaged: raise the open-files limit", r.stderr)
                self.assertNotIn("rebuild", r.stderr)
        self.assertEqual(db_snapshot(self.db)["files"], before["files"])
        data, _ = self.index_json("--db", self.db, self.src)
        self.assertEqual(data["unchanged"], self.n)

    def test_folder_of_garbage_as_index_is_refused(self):
        # Not a Xapian database at all: knipsel-query says there is no index
        # (66); knipsel-index must not write an index into somebody else's
        # folder of files.
        db = self.corrupt("rommel.db", [("notities.bin", 3000), ("foto.jpg", 5000)])
        self.assert_clean_failure(self.query("--db", db, "vrede"), "knipsel-query", (66,))
        before = sorted(os.listdir(db))
        r = self.index("--db", db, self.src)
        self.assert_clean_failure(r, "knipsel-index", (73, 74))
        self.assertEqual(sorted(os.listdir(db)), before)


    def test_full_never_deletes_what_is_not_an_index(self):
        # --full swaps in a new index and deletes the old one: a mistyped
        # --db (the articles' own folder, a file) must survive it.
        notes = self.p("notities.txt")
        with open(notes, "w", encoding="utf-8") as f:
            f.write("niet weggooien\n")
        def contents(path):
            if os.path.isdir(path):
                return sorted(os.listdir(path))
            with open(path, encoding="utf-8") as f:
                return f.read()
        for db, codes in ((self.src, (74,)), (notes, (73,))):
            with self.subTest(db=db):
                before = contents(db)
                r = self.index("--db", db, "--full", self.src)
                self.assert_clean_failure(r, "knipsel-index", codes)
                self.assertIn("does not replace it", r.stderr)
                self.assertEqual(contents(db), before)
                self.assertFalse(os.path.exists(db + ".new"))


class TestFoldersThatGoAway(ReindexCase):
    """A recorded folder that is not there, or goes away during a run (a
    share unmounted, a folder moved): what the index holds from it stays."""

    def setUp(self):
        super().setUp()
        self.share, self.db = self.p("share"), self.p("k.db")
        for d in range(1, 5):
            for f in range(1, 4):
                write_txt(self.p("share", "d%d" % d, "f%d.txt" % f), "2023-03-03", "Stuk %d%d" % (d, f),
                          ["archiefstuk", "onderwerp%d%d" % (d, f)])
        self.all_ids = {"d%d/f%d.txt" % (d, f) for d in range(1, 5) for f in range(1, 4)}
        self.index_json("--db", self.db, self.share)
        for d in range(1, 5):  # tonight's changes: every file is read again
            for f in range(1, 4):
                with open(self.p("share", "d%d" % d, "f%d.txt" % f), "a", encoding="utf-8") as out:
                    out.write("wijziging\n")

    def run_while(self, db, folder, change, *args):
        """A run that `change` changes the disk under while its walk is in
        `folder`, the run then going on: a link to nothing there makes the
        run's first line on stderr, which a full pipe holds up until
        `change` is done. Returns the exit code, the JSON summary and stderr."""
        if not os.path.exists("/proc/self/wchan"):
            raise unittest.SkipTest("no /proc/PID/wchan to see the run wait")
        os.symlink("nergens.txt", os.path.join(folder, "kapot.txt"))
        r, w = os.pipe()
        os.set_blocking(w, False)
        filled = 0
        try:
            while True:
                filled += os.write(w, b"." * 4095 + b"\n")
        except BlockingIOError:
            pass
        os.set_blocking(w, True)
        with open(self.p("run.out"), "w+", encoding="utf-8") as out:
            proc = subprocess.Popen([KNIPSEL_INDEX, "--db", db, "--json", *args], cwd=self.work, env=clean_env(),
                                    stdout=out, stderr=w)
            os.close(w)
            self.addCleanup(lambda: proc.poll() is not None or (proc.kill(), proc.wait()))

            def waits_on_stderr():
                for task in os.listdir("/proc/%d/task" % proc.pid):
                    with open("/proc/%d/task/%s/wchan" % (proc.pid, task)) as f:
                        if "pipe_write" in f.read():
                            return True
                return proc.poll() is not None
            self.assertTrue(wait_until(waits_on_stderr, TIMEOUT))
            self.assertIsNone(proc.poll(), "the run ended without writing to stderr")
            change()
            with os.fdopen(r, "rb") as f:
                err = f.read()[filled:].decode("utf-8", "replace")
            proc.wait(timeout=TIMEOUT)
            out.seek(0)
            return proc.returncode, json.loads(out.read().splitlines()[-1]), err

    def test_a_root_that_goes_away_during_a_run_keeps_its_documents(self):
        # Every file the run had not read yet was taken for deleted: the
        # documents of all 12 removed, exit 0.
        flat, db = self.p("vlak"), self.p("vlak.db")
        for f in range(12):
            write_txt(os.path.join(flat, "f%02d.txt" % f), "2023-03-03", "Stuk %d" % f, ["archiefstuk"])
        self.index_json("--db", db, flat)
        for name in os.listdir(flat):
            with open(os.path.join(flat, name), "a", encoding="utf-8") as out:
                out.write("wijziging\n")
        rc, data, err = self.run_while(db, flat, lambda: os.rename(flat, self.p("vlak.unmounted")))
        self.assertEqual(rc, 1, err)
        self.assertRegex(err, r"(?m)^knipsel-index: error: .*/vlak: indexed folder went away during the run; "
                              r"the 12 files the index holds from it are kept")
        self.assertEqual((data["removed"], data["docs_in_index"]), (0, 12), err)
        self.assertEqual(len(self.search_ids(db, "archiefstuk")), 12)
        # Back (mounted again): the next run reads them.
        os.rename(self.p("vlak.unmounted"), flat)
        data, _ = self.index_json("--db", db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 12, "removed": 0, "unchanged": 0})

    def test_a_subfolder_that_goes_away_during_a_run_keeps_its_documents(self):
        # A folder under the root (a bind mount, a folder moved) likewise;
        # a file deleted meanwhile from a folder that stays is removed.
        def change():
            os.rename(self.p("share", "d3"), self.p("d3.elders"))
            os.remove(self.p("share", "d2", "f3.txt"))
        rc, data, err = self.run_while(self.db, self.p("share", "d3"), change)
        self.assertEqual(rc, 1, err)
        self.assertRegex(err, r"(?m)^knipsel-index: error: .*/share/d3: folder went away during the run; what "
                              r"the index holds from it is kept")
        self.assertEqual(len(data["errors"]), 1, err)
        self.assertEqual((data["removed"], data["docs_in_index"]), (1, 11), err)
        self.assertEqual(self.search_ids(self.db, "archiefstuk"), self.all_ids - {"d2/f3.txt"})
        # Still gone when a run begins: its files were deleted, as any folder's.
        data, _ = self.index_json("--db", self.db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 3, "unchanged": 8})

    def test_full_keeps_the_recorded_folders_and_refuses_while_one_is_gone(self):
        lokaal = self.p("lokaal")
        write_txt(os.path.join(lokaal, "a.txt"), "2023-03-03", "Lokaal", ["lokaalstuk"])
        self.index_json("--db", self.db, lokaal)
        os.rename(self.share, self.p("share.unmounted"))
        before = db_snapshot(self.db)
        # It dropped the folder for good with exit 0, saying "the index
        # holds nothing from it"; `--full lokaal` dropped it without a word.
        for args in (["--full"], ["--full", lokaal]):
            with self.subTest(args=args):
                r = self.index("--db", self.db, *args)
                self.assertEqual(r.returncode, 66, r.stderr)
                self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: indexed folder is gone: .*/share \(12 files "
                                           r"in the index\); --full would lose their articles")
                self.assertRegex(r.stderr, r"(?m)^hint: .* --full --forget .*/share$")
                self.assertNotIn("holds nothing", r.stderr)
                self.assertEqual(db_snapshot(self.db), before)
                self.assertFalse(os.path.exists(self.db + ".new"))
        # Back: --full with one folder given rebuilds the others too.
        os.rename(self.p("share.unmounted"), self.share)
        data, _ = self.index_json("--db", self.db, "--full", lokaal)
        self.assertEqual((data["added"], data["docs_in_index"]), (13, 13))
        data, _ = self.index_json("--db", self.db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": 13})
        # Gone for good: --forget rebuilds without it, and it is no longer indexed.
        shutil.rmtree(self.share)
        data, r = self.index_json("--db", self.db, "--full", "--forget", self.share)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*/share: no longer indexed \(--forget\): the "
                                   r"rebuilt index leaves out the 12 files")
        self.assertEqual(data["docs_in_index"], 1)
        data, r = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"], data["unchanged"]), ([], [], 1))

    def test_a_folder_indexed_on_its_own_before_that_goes_away_during_a_run_keeps_its_documents(self):
        # share/d3 indexed on its own first, then share whole: d3 moved away
        # during that run lost its 3 documents, while the error said "kept".
        db = self.p("d3eerst.db")
        self.index_json("--db", db, self.p("share", "d3"))
        rc, data, err = self.run_while(db, self.p("share", "d3"),
                                       lambda: os.rename(self.p("share", "d3"), self.p("d3.elders")), self.share)
        self.assertEqual(rc, 1, err)
        self.assertRegex(err, r"(?m)^knipsel-index: error: .*/share/d3: folder went away during the run; what "
                              r"the index holds from it is kept")
        self.assertNotIn("no longer indexed on its own", err)
        self.assertEqual(data["removed"], 0, err)
        self.assertLessEqual({"f1.txt", "f2.txt", "f3.txt"}, self.search_ids(db, "archiefstuk"))
        # Back: the next run reads share whole, and d3's files move into its ids.
        os.rename(self.p("d3.elders"), self.p("share", "d3"))
        os.remove(self.p("share", "d3", "kapot.txt"))
        data, r = self.index_json("--db", db)
        self.assertIn("no longer indexed on its own", r.stderr)
        self.assertEqual(self.search_ids(db, "archiefstuk"), self.all_ids)
        self.assertEqual(data["docs_in_index"], 12)

    def test_full_refuses_a_recorded_folder_that_holds_no_article_as_a_gone_one(self):
        # The empty mount point of a share not mounted: a run keeps its
        # documents (exit 1), but --full dropped them all, exit 0.
        lokaal = self.p("lokaal")
        write_txt(os.path.join(lokaal, "a.txt"), "2023-03-03", "Lokaal", ["lokaalstuk"])
        self.index_json("--db", self.db, lokaal)
        os.rename(self.share, self.p("share.unmounted"))
        os.mkdir(self.share)
        before = db_snapshot(self.db)
        for stray in (None, "LEESMIJ.pdf"):
            if stray:
                open(os.path.join(self.share, stray), "w").close()
            for args in (["--full"], ["--full", lokaal], ["--full", self.share]):
                with self.subTest(stray=stray, args=args):
                    r = self.index("--db", self.db, *args)
                    self.assertEqual(r.returncode, 66, r.stderr)
                    self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: indexed folder is empty: .*/share "
                                               r"\(holds no article; 12 files in the index\); --full would lose")
                    self.assertRegex(r.stderr, r"(?m)^hint: .* --full --forget .*/share$")
                    self.assertEqual(db_snapshot(self.db), before)
                    self.assertFalse(os.path.exists(self.db + ".new"))
        # A run without --full says so, and names --full --forget.
        data, r = self.index_json("--db", self.db, expect_rc=1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*/share: folder holds no article .* kept \(a disk "
                                   r"not mounted\?\); --full --forget .*/share rebuilds without them$")
        # Emptied on purpose: --forget.
        data, r = self.index_json("--db", self.db, "--full", "--forget", self.share)
        self.assertEqual(data["docs_in_index"], 1)

    def test_full_leaves_out_a_file_given_on_its_own_that_was_deleted(self):
        # It refused (66), calling the file a gone folder, a disk not mounted.
        folder = self.p("los")
        write_txt(os.path.join(folder, "los.txt"), "2023-03-03", "Los", ["loswoord"])
        self.index_json("--db", self.db, os.path.join(folder, "los.txt"))
        os.remove(os.path.join(folder, "los.txt"))
        data, r = self.index_json("--db", self.db, "--full")
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: warning: .*los/los.txt: indexed file is gone")
        self.assertEqual(data["docs_in_index"], 12)
        data, r = self.index_json("--db", self.db)
        self.assertEqual((data["errors"], data["warnings"], data["unchanged"]), ([], [], 12))

    def test_forget_takes_a_trailing_slash_and_more_than_one_folder(self):
        oud, lokaal = self.p("oud"), self.p("lokaal")
        write_txt(os.path.join(oud, "o.txt"), "2023-03-03", "Oud", ["oudstuk"])
        write_txt(os.path.join(lokaal, "a.txt"), "2023-03-03", "Lokaal", ["lokaalstuk"])
        self.index_json("--db", self.db, oud, lokaal)
        shutil.rmtree(self.share)
        shutil.rmtree(oud)
        # "not a folder or file that the index records", listing that very folder.
        data, r = self.index_json("--db", self.db, "--full", "--forget", "share/", "--forget", oud + "/")
        self.assertEqual(len(re.findall(r"(?m)^knipsel-index: warning: .*: no longer indexed \(--forget\)",
                                        r.stderr)), 2, r.stderr)
        self.assertEqual(data["docs_in_index"], 1)

    def test_a_refused_forget_on_an_index_not_there_makes_nothing(self):
        # It left nieuw.db.lock behind.
        before = sorted(os.listdir(self.work))
        r = self.index("--db", self.p("nieuw.db"), "--full", "--forget", "nas", self.share)
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("there is no index at", r.stderr)
        self.assertEqual(sorted(os.listdir(self.work)), before)

    def test_full_of_a_folder_inside_a_recorded_one_rebuilds_that_one(self):
        # It made d1 a root of its own (ids "f1.txt") and forgot share.
        self.index_json("--db", self.db)
        data, _ = self.index_json("--db", self.db, "--full", self.p("share", "d1"))
        self.assertEqual(data["docs_in_index"], 12)
        self.assertEqual(self.search_ids(self.db, "archiefstuk"), self.all_ids)

    def test_forget_needs_full_and_a_recorded_folder(self):
        r = self.index("--db", self.db, "--forget", self.share)
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("--forget needs --full", r.stderr)
        r = self.index("--db", self.db, "--full", "--forget", self.p("elders"))
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^hint: it records .*/share$")


class TestReindexWrapper(SmallCase):

    def wrapper(self, *args):
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        return subprocess.run([REINDEX_WRAPPER] + list(args), cwd=self.work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                              encoding="utf-8", errors="replace")

    def log_lines(self, log):
        with open(log, encoding="utf-8") as f:
            return f.read().splitlines()

    def summary_of(self, lines):
        found = [re.search(r"knipsel-reindex\[\d+\] summary (\{.*\})$", l) for l in lines]
        found = [m for m in found if m]
        self.assertEqual(len(found), 1, lines)
        data = json.loads(found[0].group(1))
        self.assertLessEqual(SUMMARY_KEYS, set(data))
        return data

    def test_wrapper_reindexes_recorded_roots_and_logs(self):
        self.first_run()
        write_txt(self.s("avond.txt"), "2024-01-01", "Avond", ["nachtwerk"])
        log = self.p("reindex.log")
        r = self.wrapper("--db", self.db, "--log", log)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = self.log_lines(log)
        data = self.summary_of(lines)
        self.assertEqual(self.counts(data), {"added": 1, "replaced": 0, "removed": 0, "unchanged": self.n})
        self.assertTrue(any(re.search(r"knipsel-reindex\[\d+\] ok: ", l) for l in lines), lines)
        self.assertEqual(self.search_ids(self.db, "nachtwerk"), {"avond.txt"})

    def test_wrapper_broken_jsonl_line_exit_1(self):
        self.first_run()
        self.write_jsonl(self.jsonl_lines() + ["{kapot\n"])
        log = self.p("reindex.log")
        r = self.wrapper("--db", self.db, "--log", log)
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = self.log_lines(log)
        self.assertTrue(any("done with errors" in l for l in lines), lines)
        self.assertEqual(len(self.summary_of(lines)["errors"]), 1)
        self.assertTrue(any(re.search(r"knipsel-index: error: .*bundel\.jsonl:%d" % (N_SMALL_LINES + 1), l)
                            for l in lines), lines)

    def test_wrapper_gives_up_on_a_lock_held_too_long(self):
        self.first_run()
        lock = HeldLock(self.db)
        self.addCleanup(lock.release)
        log = self.p("reindex.log")
        r = self.wrapper("--db", self.db, "--log", log, "--wait", "0.3")
        self.assertEqual(r.returncode, 75, r.stderr)
        lines = self.log_lines(log)
        self.assertTrue(any("skipped:" in l for l in lines), lines)
        self.assertTrue(any("pid %d" % os.getpid() in l for l in lines), lines)

    def test_a_signal_to_the_wrapper_stops_knipsel_index_once_and_is_logged(self):
        # As timeout(1), a terminal's Ctrl-C or its closing do: the signal
        # goes to the wrapper's whole process group. knipsel-index ran on
        # without its parent (or, signalled twice, ended without its
        # summary); SIGHUP's 129 was logged as a failure.
        self.first_run()
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
            with self.subTest(signal=sig.name):
                self.stop_wrapper_with(sig, code)

    def stop_wrapper_with(self, sig, code):
        lock = HeldLock(self.db)  # knipsel-index waits for it: surely running
        self.addCleanup(lock.release)
        log = self.p("reindex-%s.log" % sig.name)
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        w = subprocess.Popen([REINDEX_WRAPPER, "--db", self.db, "--log", log, "--wait", "30"], cwd=self.work,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.addCleanup(lambda: w.poll() is None and os.killpg(w.pid, signal.SIGKILL))
        deadline = time.monotonic() + 10
        while not self.indexers_of(self.db) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(self.indexers_of(self.db), "knipsel-index did not start")
        time.sleep(0.3)
        os.killpg(w.pid, sig)
        self.assertEqual(w.wait(timeout=30), code)
        deadline = time.monotonic() + 5
        while self.indexers_of(self.db) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.indexers_of(self.db), [], "knipsel-index left running")
        lines = self.log_lines(log)
        self.assertTrue(any("stopped by a signal" in l for l in lines), lines)
        self.assertTrue(any("knipsel-index: error: interrupted by %s" % sig.name in l for l in lines), lines)
        lock.release()

    @staticmethod
    def indexers_of(db):
        """Pids of running knipsel-index processes on `db`."""
        pids = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and os.path.basename(argv[0]) == b"knipsel-index" and os.fsencode(db) in argv:
                pids.append(int(pid))
        return pids


# --- a big generated folder: crashes, locks, concurrent searches ----------------

N_BIG_TXT = 3000
BIG_JSONL = [("000-bundel.jsonl", 500), ("art01500-bundel.jsonl", 100), ("zz-bundel.jsonl", 100)]


class BigCase(ReindexCase):
    """One generated folder of ~4000 documents (read only for the tests) and a
    fresh reference index of it, built once."""

    @classmethod
    def setUpClass(cls):
        for b in (KNIPSEL_INDEX, KNIPSEL_QUERY, DELVE):
            if not os.access(b, os.X_OK):
                raise unittest.SkipTest("not built / not installed: %s" % b)
        cls.shared = tempfile.mkdtemp(prefix="knipsel-reindex-big-")
        try:
            cls.big = os.path.join(cls.shared, "groot")
            cls.big_ids = generate_corpus(cls.big, N_BIG_TXT, seed=2024, jsonl=BIG_JSONL)
            cls.n_big = len(cls.big_ids)
            cls.ref_db = os.path.join(cls.shared, "referentie.db")
            r = run([KNIPSEL_INDEX, "--db", cls.ref_db, "-q", "--json", cls.big], cls.shared)
            if r.returncode != 0:
                raise AssertionError("reference index failed: rc=%d %r" % (r.returncode, r.stderr))
            cls.ref_terms = delve_terms(cls.ref_db)
            if ids_in(cls.ref_terms) != cls.big_ids:
                raise AssertionError("reference index does not hold the generated ids")
        except BaseException:
            shutil.rmtree(cls.shared, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def wait_docs(self, db, proc, at_least, timeout=20):
        """Polls until the index holds at least that many documents (the
        writer committed); fails if the writer ended first."""
        def ready():
            if proc.poll() is not None:
                return "ended"
            made = any(os.path.exists(os.path.join(db, f)) for f in ("iamglass", "XAPIANDB"))  # one shard, or a stub
            n = doc_count(db) if made else None
            return n if n is not None and n >= at_least else None
        got = wait_until(ready, timeout, step=0.005)
        self.assertIsNotNone(got, "no commit seen within %ss" % timeout)
        self.assertNotEqual(got, "ended", "the writer finished before it could be interrupted; "
                            "make the generated folder bigger")
        return got

    def wait_lock_note(self, db, proc, timeout=10):
        def noted():
            if proc.poll() is not None:
                return "ended"
            try:
                with open(db + ".lock", encoding="utf-8") as f:
                    return "pid" in f.read()
            except OSError:
                return False
        got = wait_until(noted, timeout)
        self.assertNotEqual(got, "ended", "the first writer ended too early")
        self.assertTrue(got, "the first writer never took the lock")


class TestCrashSafety(BigCase):

    def test_kill9_mid_run_loses_nothing_after_a_rerun(self):
        db = self.p("k.db")
        # 1. a first build killed after its first commit (inside the big .jsonl)
        w = self.start_index("--db", db, "--batch", "200", "-q", self.big, name="w1")
        self.wait_docs(db, w, 1)
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL, "the writer was not killed mid-run")
        n1 = doc_count(db)
        self.assertIsNotNone(n1, "the index is unreadable after kill -9")
        self.assertGreater(n1, 0)
        self.assertLess(n1, self.n_big)
        self.assertEqual(n1 % 200, 0, "only whole batches are committed")
        # queries work on what was committed
        r = self.query("--db", db, "--format", "json", "vrede")
        self.assertEqual(r.returncode, 0, r.stderr)
        json.loads(r.stdout)
        # 2. a re-run, itself killed later on: no lock clean-up needed
        w = self.start_index("--db", db, "--batch", "200", "-q", self.big, name="w2")
        self.wait_docs(db, w, n1 + 1000)
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL, "the re-run was not killed mid-run")
        n2 = doc_count(db)
        self.assertLess(n2, self.n_big)
        # 3. a normal run completes the index: what was committed is unchanged, the rest added
        data, r = self.index_json("--db", db, "--wait", "0", self.big)
        self.assertNotIn("locked", r.stderr)
        self.assertEqual(data["errors"], [])
        self.assertEqual(self.counts(data), {"added": self.n_big - n2, "replaced": 0, "removed": 0,
                                             "unchanged": n2})
        self.assertEqual(data["docs_in_index"], self.n_big)
        self.assert_same_index(db, self.ref_db, self.ref_terms)
        # and nothing is left to do
        data, _ = self.index_json("--db", db)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n_big})

    def test_interrupted_full_keeps_the_old_index_in_service(self):
        db = self.p("k.db")
        small = self.p("klein")
        generate_corpus(small, 5, seed=5, words_per_doc=30)
        data, _ = self.index_json("--db", db, small)
        self.assertEqual(data["docs_in_index"], 5)
        old_total = json.loads(self.query("--db", db, "--format", "json", "kenmerk00002").stdout)["total"]
        self.assertEqual(old_total, 1)
        # --forget: a rebuild keeps the folders the index records unless told
        w = self.start_index("--db", db, "--full", "--forget", small, "--batch", "200", "-q", self.big, name="full")
        self.assertTrue(wait_until(lambda: doc_count(db + ".new") or w.poll() is not None, 20))
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL, "--full finished before it could be interrupted")
        self.assertTrue(os.path.isdir(db + ".new"), "the interrupted --full left no PATH.new to clean")
        # the old index still serves, with its old documents
        self.assertEqual(doc_count(db), 5)
        r = self.query("--db", db, "--format", "json", "kenmerk00002")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([x["id"] for x in json.loads(r.stdout)["results"]], ["art00002.txt"])
        # the next --full cleans the stale PATH.new and swaps in the whole new index
        data, r = self.index_json("--db", db, "--full", "--forget", small, self.big)
        self.assertEqual(data["docs_in_index"], self.n_big)
        self.assertFalse(os.path.exists(db + ".new"))
        self.assert_same_index(db, self.ref_db, self.ref_terms)


class TestInterrupted(BigCase):
    """SIGTERM (systemd stopping the unit) and Ctrl-C stop a run cleanly."""

    def error_lines(self, err):
        return [l for l in err.splitlines() if l.startswith("knipsel-index: error: ")]

    def test_sigterm_mid_run_keeps_all_it_did_and_the_next_run_goes_on(self):
        # SIGHUP (the terminal of a run by hand closed) as SIGTERM
        for shards, sig in (("1", signal.SIGTERM), ("2", signal.SIGTERM), ("1", signal.SIGHUP)):
            with self.subTest(shards=shards, signal=sig.name):
                self.sigterm_mid_run(self.p("k%s%s.db" % (shards, sig.name)), shards, sig)

    def sigterm_mid_run(self, db, shards, sig):
        w = self.start_index("--db", db, "--shards", shards, "--batch", "200", "--json", "-q", self.big,
                             name="t" + shards + sig.name)
        self.wait_docs(db, w, 1)
        self.assertEqual(os.path.isfile(os.path.join(db, "XAPIANDB")), shards != "1")
        w.send_signal(sig)
        out, err = self.output_of(w)
        self.assertEqual(w.returncode, 128 + sig, "the run was not stopped by the signal: " + err)
        self.assertEqual(self.error_lines(err), ["knipsel-index: error: interrupted by %s: what was "
                                                 "written is kept; the next run goes on from there" % sig.name])
        data = json.loads(out.splitlines()[-1])
        self.assertEqual(data["interrupted"], sig.name)
        n = doc_count(db)
        self.assertLess(n, self.n_big)
        # every document it counted was committed, not only whole batches
        self.assertEqual((data["added"], data["docs_in_index"]), (n, n))
        self.assertLessEqual(self.search_ids(db, "vrede"), set(self.big_ids))
        data, r = self.index_json("--db", db, self.big)
        self.assertEqual(data["errors"], [])
        self.assertIsNone(data["interrupted"])
        self.assertEqual(self.counts(data), {"added": self.n_big - n, "replaced": 0, "removed": 0,
                                             "unchanged": n})
        self.assert_same_index(db, self.ref_db, self.ref_terms)
        # the spelling data, left to this run by the stopped one, is there
        r = self.query("--db", db, "--format", "json", "ondrezoek")
        self.assertEqual(json.loads(r.stdout)["suggestion"], "onderzoek", r.stderr)

    def test_ctrl_c_during_full_keeps_the_old_index_and_leaves_no_new_one(self):
        db = self.p("k.db")
        small = self.p("klein")
        generate_corpus(small, 5, seed=5, words_per_doc=30)
        self.index_json("--db", db, small)
        w = self.start_index("--db", db, "--full", "--batch", "200", "-q", "--json", self.big, name="full")
        self.assertTrue(wait_until(lambda: doc_count(db + ".new") or w.poll() is not None, 20))
        w.send_signal(signal.SIGINT)
        out, err = self.output_of(w)
        self.assertEqual(w.returncode, 128 + signal.SIGINT, "--full was not stopped by the signal: " + err)
        self.assertEqual(self.error_lines(err), ["knipsel-index: error: interrupted by SIGINT: --full stopped, "
                                                 "the index is as it was before it"])
        # The summary is of the index, not of the new one thrown away.
        data = json.loads(out)
        self.assertEqual((data["added"], data["docs_in_index"], data["interrupted"]), (0, 5, "SIGINT"))
        self.assertFalse(os.path.exists(db + ".new"))
        self.assertEqual(doc_count(db), 5)
        self.assertEqual(self.search_ids(db, "kenmerk00002"), {"art00002.txt"})


    def compaction_under_way(self, name):
        """A copy of the reference index and a --compact of it, caught once it writes PATH.compact."""
        db = self.p(name + ".db")
        shutil.copytree(self.ref_db, db)
        w = self.start_index("--db", db, "--compact", "--json", name=name)
        started = wait_until(lambda: "ended" if w.poll() is not None else os.path.isdir(db + ".compact") or None,
                             20, step=0.001)
        self.assertNotEqual(started, "ended", "the compaction finished before it could be interrupted")
        return db, w

    def test_a_signal_during_compact_stops_it_cleanly(self):
        # The signal killed the process: no summary, no message, and the
        # half-made PATH.compact stayed.
        db, w = self.compaction_under_way("c")
        w.send_signal(signal.SIGTERM)
        out, err = self.output_of(w)
        self.assertEqual(w.returncode, 143, err)
        self.assertEqual(json.loads(out)["interrupted"], "SIGTERM")
        self.assertIn("knipsel-index: error: interrupted by SIGTERM: --compact stopped, the index is complete but "
                      "not compacted", err)
        self.assertFalse(os.path.exists(db + ".compact"))
        self.assert_same_index(db, self.ref_db, self.ref_terms)


    def test_a_compaction_killed_with_its_process_leaves_the_lock_free(self):
        # Its child, which does the compacting, dies with it: it held the
        # lock's file too, and the next run met "locked".
        db, w = self.compaction_under_way("k")
        w.send_signal(signal.SIGKILL)
        self.output_of(w)

        def compacting():  # processes running this command line: the child is a fork of it
            found = []
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    with open("/proc/%s/cmdline" % pid, "rb") as f:
                        args = f.read().split(b"\0")
                except OSError:
                    continue
                if os.fsencode(db) in args and b"--compact" in args:
                    found.append(pid)
            return found
        self.assertEqual(wait_until(lambda: not compacting() or None, 0.5), True, compacting())
        r = self.index("--db", db, "--compact", "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(db + ".compact"))
        self.assert_same_index(db, self.ref_db, self.ref_terms)


class TestConcurrency(BigCase):

    def test_one_writer_at_a_time(self):
        db = self.p("k.db")
        w1 = self.start_index("--db", db, "--json", "-q", self.big, name="w1")
        self.wait_lock_note(db, w1)
        t0 = time.monotonic()
        r = self.index("--db", db, self.big)
        elapsed = time.monotonic() - t0
        self.assertIsNone(w1.poll(), "the first writer ended before the second tried")
        self.assertEqual(r.returncode, 75, r.stderr)
        self.assertLess(elapsed, 5, "a locked index must be refused quickly")
        self.assertIn("pid %d" % w1.pid, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: ")
        # with --wait the second one waits for the first and then succeeds
        w2 = self.start_index("--db", db, "--wait", "60", "--json", "-q", self.big, name="w2")
        out1, err1 = self.output_of(w1)
        self.assertEqual(w1.returncode, 0, err1)
        self.assertEqual(json.loads(out1)["added"], self.n_big)
        out2, err2 = self.output_of(w2)
        self.assertEqual(w2.returncode, 0, err2)
        data = json.loads(out2)
        self.assertEqual(self.counts(data), {"added": 0, "replaced": 0, "removed": 0, "unchanged": self.n_big})
        self.assert_same_index(db, self.ref_db, self.ref_terms)

    def test_a_first_run_killed_after_its_first_commit_is_finished_by_a_run_with_no_folder(self):
        # The nightly job gives no folder: the index's record of them was
        # written only at the end, so the re-run said "records none" (64).
        db = self.p("k.db")
        w = self.start_index("--db", db, "--batch", "200", "-q", self.big, name="w")
        self.wait_docs(db, w, 1)
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL, "the writer was not killed mid-run")
        self.assertLess(doc_count(db), self.n_big)
        data, r = self.index_json("--db", db)
        self.assertEqual(data["docs_in_index"], self.n_big, r.stderr)
        self.assert_same_index(db, self.ref_db, self.ref_terms)

    def test_a_first_run_killed_before_its_first_commit_is_finished_by_a_run_with_no_folder(self):
        # The folders were recorded with the first batch: killed before it,
        # the index recorded none and the nightly run said so (64), night
        # after night.
        db = self.p("k.db")
        w = self.start_index("--db", db, "--batch", "1000000", "-q", self.big, name="w")

        def recorded():
            if w.poll() is not None:
                return "ended"
            shard = os.path.join(db, "shard-0") if os.path.exists(os.path.join(db, "XAPIANDB")) else db
            if not os.path.exists(os.path.join(shard, "iamglass")):
                return None
            r = subprocess.run(["xapian-metadata", "get", shard, "knipsel:roots"], capture_output=True, text=True)
            return r.stdout.strip() or None
        got = wait_until(recorded, 20, step=0.005)
        self.assertNotIn(got, (None, "ended"), "the writer ended, or recorded nothing, before it could be killed")
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL, "the writer was not killed mid-run")
        self.assertEqual(doc_count(db), 0, "killed before its first commit")
        data, r = self.index_json("--db", db)
        self.assertEqual(data["docs_in_index"], self.n_big, r.stderr)
        self.assert_same_index(db, self.ref_db, self.ref_terms)

    def test_no_stale_lock_after_kill9(self):
        db = self.p("k.db")
        w = self.start_index("--db", db, "--batch", "100", "-q", self.big, name="w")
        self.wait_docs(db, w, 1)
        self.kill9(w)
        self.assertEqual(w.returncode, -signal.SIGKILL)
        with open(db + ".lock", encoding="utf-8") as f:
            self.assertIn("pid %d" % w.pid, f.read(), "precondition: the dead writer's note is still there")
        data, r = self.index_json("--db", db, "--wait", "0", self.big)
        self.assertNotIn("locked", r.stderr)
        self.assertEqual(data["docs_in_index"], self.n_big)

    def test_kill9_while_creating_a_new_index_needs_no_clean_up(self):
        # Killed while Xapian creates the index's files (before the first
        # commit): the next run must still work without removing anything.
        small = self.p("klein")
        generate_corpus(small, 3, seed=4, words_per_doc=10)
        for attempt in range(3):
            db = self.p("nieuw%d.db" % attempt)
            w = self.start_index("--db", db, "-q", self.big, name="w%d" % attempt)
            end = time.monotonic() + 10
            while (not os.path.exists(os.path.join(db, "postlist.glass")) and w.poll() is None
                   and time.monotonic() < end):
                pass
            self.kill9(w)
            left = sorted(os.listdir(db)) if os.path.isdir(db) else []
            r = self.index("--db", db, "--json", small)
            self.assertEqual(r.returncode, 0, "after kill -9 during creation (left: %s) the next run "
                             "fails: %r" % (left, r.stderr))
            self.assertEqual(json.loads(r.stdout)["docs_in_index"], 3)
            if "iamglass" not in left:
                break       # the interesting state was reached and handled

    def test_searches_keep_working_during_a_reindex(self):
        db = self.p("k.db")
        seed = self.p("vooraf")
        generate_corpus(seed, 3, seed=3, words_per_doc=10, prefix="vooraf")  # ids of its own
        for i in range(3):
            write_txt(os.path.join(seed, "vrede%d.txt" % i), "2019-01-01", "Vrede %d" % i, ["vrede", "nu"])
        self.index_json("--db", db, seed)
        w = self.start_index("--db", db, "--batch", "50", "-q", self.big, name="w")
        outcomes, totals, bad = [], [], []
        while w.poll() is None:
            time.sleep(0.01)    # leave the writer some of the two cores
            # every other one with --facets, which reads every match after the search
            args = ["--facets", "-n", "300"] if len(outcomes) % 2 else ["-n", "5"]
            r = subprocess.run([KNIPSEL_QUERY, "--db", db, "--format", "json"] + args + ["vrede"],
                               cwd=self.work, env=clean_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=TIMEOUT, encoding="utf-8", errors="replace")
            outcomes.append(r.returncode)
            if r.returncode not in (0, 1):
                bad.append((r.returncode, r.stderr.strip()))
                continue
            try:
                totals.append(json.loads(r.stdout)["total"])
            except (ValueError, KeyError):
                bad.append((r.returncode, "not JSON: %r" % r.stdout[:200]))
        out, err = self.output_of(w)
        self.assertEqual(w.returncode, 0, err)
        self.assertEqual(bad, [], "queries during the run failed (%d of %d)" % (len(bad), len(outcomes)))
        self.assertGreaterEqual(len(outcomes), 5, "too few queries ran during the re-index")
        self.assertGreaterEqual(len(set(totals)), 2, "the queries did not see the index grow: %s"
                                % sorted(set(totals)))
        final = json.loads(self.query("--db", db, "--format", "json", "vrede").stdout)["total"]
        self.assertGreaterEqual(final, max(totals))

    def test_search_while_a_new_index_is_being_built(self):
        # Before the first commit of a new index, a search finds nothing
        # (exit 1); it must not call the index "not a knipsel index".
        db = self.p("nieuw.db")
        w = self.start_index("--db", db, "--batch", "1000000", "-q", self.big, name="w")
        self.assertTrue(wait_until(lambda: os.path.exists(os.path.join(db, "iamglass")), 10))
        r = self.query("--db", db, "--format", "json", "vrede")
        self.assertIsNone(w.poll(), "the writer already finished: the test proves nothing")
        self.assertIn(r.returncode, (0, 1), "rc=%d stderr=%r" % (r.returncode, r.stderr))
        json.loads(r.stdout)

    def test_dry_run_while_a_writer_commits(self):
        db = self.p("k.db")
        shutil.copytree(self.ref_db, db)
        other = self.p("ander")
        generate_corpus(other, 400, seed=11, words_per_doc=40, prefix="ander")
        w = self.start_index("--db", db, "--batch", "5", "-q", other, name="w")
        self.wait_docs(db, w, self.n_big + 5)
        # The writer commits every few milliseconds, so a dry run may have to
        # give up ("index kept changing": 75, like knipsel-query); it must
        # never crash, and when it answers, the answer is right.
        runs = []
        while w.poll() is None:
            r = self.index("--db", db, "--dry-run", self.big)
            runs.append(r.returncode)
            self.assertGreaterEqual(r.returncode, 0, "dry run crashed with signal %d while a writer "
                                    "committed: %r" % (-r.returncode, r.stderr[-300:]))
            self.assertNotIn("terminate called", r.stderr)
            self.assertIn(r.returncode, (0, 75), r.stderr)
            if r.returncode == 0:
                self.assertEqual([l for l in r.stdout.splitlines() if ACTION.match(l)], [],
                                 "nothing changed in the dry run's folder")
            else:
                self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: ")
        self.output_of(w)
        self.assertEqual(w.returncode, 0)
        self.assertGreaterEqual(len(runs), 2, "the writer ended before the dry runs overlapped it")


if __name__ == "__main__":
    unittest.main()
