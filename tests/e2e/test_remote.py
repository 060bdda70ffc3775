"""Remote shards served by Xapian's own xapian-tcpsrv on loopback: the same
answers as the local shards, a clear error naming a shard that is down,
and --allow-partial."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CORPUS_DIR, KNIPSEL_INDEX, KNIPSEL_QUERY, run  # noqa: E402

QUERIES = ["sancties Yongbyon", "Noord-Korea", "\"geen akkoord\"", "Iran NOT Korea", "lang:en",
           "date:2018..2018 topontmoeting", "denucleari*", "verklaring", "Verenigde Staten sancties",
           "sanctieverlichting", "nuclear talks", "VS AND sancties", "Yongbyon NOT sancties"]
# Misspelt: Xapian's remote backend serves no spelling data; knipsel then
# suggests from the index's words (README). These come out the same.
MISSPELT = ["Yongbion", "sancties Pyongjang", "handelsoorlg", "Hanoi-top"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("xapian-tcpsrv did not start on port %d" % port)


@unittest.skipUnless(shutil.which("xapian-tcpsrv"), "xapian-tcpsrv (Debian xapian-tools) is not installed")
class RemoteShards(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="knipsel-remote-")
        self.servers = []
        local = os.path.join(self.tmp, "local")
        r = run([KNIPSEL_INDEX, "--db", local, "--shards", "2", "-q", CORPUS_DIR], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.ports = []
        for shard in ("shard-0", "shard-1"):
            port = free_port()
            # Its own session: xapian-tcpsrv signals its whole process group on exit.
            p = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port),
                                  os.path.join(local, shard)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
            self.servers.append(p)
            self.ports.append(port)
        for port in self.ports:
            wait_listening(port)
        self.remote = os.path.join(self.tmp, "remote")
        os.mkdir(self.remote)
        with open(os.path.join(self.remote, "XAPIANDB"), "w") as f:
            f.writelines("remote 127.0.0.1:%d\n" % p for p in self.ports)

    def tearDown(self):
        for p in self.servers:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def query(self, db, q, *extra):
        return run([KNIPSEL_QUERY, "--db", db, "--format", "json", "-n", "50", *extra, "--", q], cwd=self.tmp)

    def test_remote_shards_answer_like_local_ones(self):
        for q in QUERIES:
            local = json.loads(self.query(os.path.join(self.tmp, "local"), q).stdout)
            r = self.query(self.remote, q)
            self.assertIn(r.returncode, (0, 1), r.stderr)
            remote = json.loads(r.stdout)
            self.assertEqual(remote["total"], local["total"], q)
            if q.endswith("*"):
                # Xapian expands a wildcard on each remote shard with its own
                # statistics: the same documents, but scores may differ (README).
                self.assertEqual(sorted(h["id"] for h in remote["results"]),
                                 sorted(h["id"] for h in local["results"]), q)
                continue
            # Xapian merges the statistics of remote shards: same scores, same order.
            self.assertEqual([(h["id"], round(h["score"], 6), h["snippet"]) for h in remote["results"]],
                             [(h["id"], round(h["score"], 6), h["snippet"]) for h in local["results"]], q)
            self.assertEqual(remote.get("synonyms"), local.get("synonyms"), q)

    def test_show_over_remote_shards_gives_the_stored_articles(self):
        ids = ["persoverzicht-2019.jsonl#hanoi-01", "2018-04-27-panmunjom-top.md", "geen-artikel.txt"]
        shown = {}
        for name, db in (("local", os.path.join(self.tmp, "local")), ("remote", self.remote)):
            r = run([KNIPSEL_QUERY, "--db", db, "--show", "--format", "json", *ids], cwd=self.tmp)
            self.assertEqual(r.returncode, 1, r.stderr)  # one id is no article's
            shown[name] = json.loads(r.stdout)
        self.assertEqual([a["id"] for a in shown["remote"]["articles"]], ids[:2])
        self.assertEqual(shown["remote"]["missing"], ["geen-artikel.txt"])
        self.assertEqual(shown["remote"], shown["local"])

    def test_like_over_remote_shards_finds_what_local_shards_find(self):
        for id_ in ("2019-02-27-hanoi-eerste-dag.txt", "wire-english.jsonl#pyongyang-yongbyon"):
            got = {}
            for name, db in (("local", os.path.join(self.tmp, "local")), ("remote", self.remote)):
                r = run([KNIPSEL_QUERY, "--db", db, "--like", id_, "--format", "json"], cwd=self.tmp)
                self.assertEqual(r.returncode, 0, r.stderr)
                got[name] = json.loads(r.stdout)
            self.assertEqual(got["remote"]["query"], got["local"]["query"], id_)
            self.assertEqual([(h["id"], round(h["score"], 6)) for h in got["remote"]["results"]],
                             [(h["id"], round(h["score"], 6)) for h in got["local"]["results"]], id_)
            self.assertNotIn(id_, [h["id"] for h in got["remote"]["results"]])

    def test_facets_over_remote_shards_are_those_of_local_ones(self):
        # Xapian's ValueCountMatchSpy runs on each server and the counts are merged.
        for q in ("sancties", "Noord-Korea", "lang:en", "Iran NOT Korea", "denucleari*"):
            local = json.loads(self.query(os.path.join(self.tmp, "local"), q, "--facets").stdout)
            r = self.query(self.remote, q, "--facets")
            self.assertEqual(r.returncode, 0, r.stderr)
            remote = json.loads(r.stdout)
            self.assertGreater(local["facets"]["matches"], 0, q)
            self.assertEqual(remote["facets"], local["facets"], q)

    def test_sorting_by_date_and_filters_over_remote_shards(self):
        # Oldest first is run as the dated articles, then the undated ones
        # (Xapian's remote backend takes no KeyMaker); a source: word is
        # looked up in the shards' terms.
        for q, extra in [("sancties", ("--sort", "date")), ("sancties Iran", ("--sort", "date")),
                         ("Korea", ("--sort", "-date")), ("bron:Noordzee sancties", ())]:
            local = json.loads(self.query(os.path.join(self.tmp, "local"), q, *extra).stdout)
            r = self.query(self.remote, q, *extra)
            self.assertEqual(r.returncode, 0, r.stderr)
            remote = json.loads(r.stdout)
            self.assertGreater(len(local["results"]), 5, q)
            self.assertEqual(remote["total"], local["total"], q)
            self.assertEqual([(h["id"], h["date"]) for h in remote["results"]],
                             [(h["id"], h["date"]) for h in local["results"]], q)

    def test_spelling_suggestions_over_remote_shards(self):
        for q in MISSPELT:
            local = json.loads(self.query(os.path.join(self.tmp, "local"), q).stdout)
            remote = json.loads(self.query(self.remote, q).stdout)
            self.assertTrue(local["corrected"], q)
            self.assertEqual((remote["suggestion"], remote["corrected"]), (local["suggestion"], local["corrected"]), q)
            self.assertEqual([h["id"] for h in remote["results"]], [h["id"] for h in local["results"]], q)

    def test_a_shard_that_is_down_is_named_and_partial_search_is_possible(self):
        self.servers[1].terminate()
        self.servers[1].wait(timeout=10)
        r = run([KNIPSEL_QUERY, "--db", self.remote, "--connect-timeout", "2000", "sancties"], cwd=self.tmp)
        self.assertEqual(r.returncode, 69, r.stderr)
        self.assertIn("127.0.0.1:%d" % self.ports[1], r.stderr)
        self.assertEqual(len([l for l in r.stderr.splitlines() if ": error: " in l]), 1, r.stderr)
        r = self.query(self.remote, "sancties", "--allow-partial")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning", r.stderr)
        data = json.loads(r.stdout)
        self.assertTrue(data["partial"])
        self.assertEqual(len(data["missing_shards"]), 1)
        full = json.loads(self.query(os.path.join(self.tmp, "local"), "sancties").stdout)
        self.assertLess(data["total"], full["total"])
        self.assertGreater(data["total"], 0)

    def test_a_shard_whose_server_cannot_open_its_index_is_unavailable_too(self):
        # The server answers, but its index is gone (a disk not mounted there):
        # that was exit 74, "damaged", and --allow-partial did not help.
        shard = os.path.join(self.tmp, "local", "shard-1")
        os.rename(shard, shard + ".weg")
        r = run([KNIPSEL_QUERY, "--db", self.remote, "sancties"], cwd=self.tmp)
        self.assertEqual(r.returncode, 69, r.stderr)
        self.assertRegex(r.stderr, r"error: shard .*127\.0\.0\.1:%d.* cannot be opened by its server" % self.ports[1])
        r = self.query(self.remote, "sancties", "--allow-partial")
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        self.assertTrue(data["partial"])
        self.assertGreater(data["total"], 0)

    def test_a_shard_lost_during_the_search_is_unavailable_not_damaged(self):
        # A server that drops each connection after a millisecond of quiet.
        self.servers[1].terminate()
        self.servers[1].wait(timeout=10)
        p = subprocess.Popen(["xapian-tcpsrv", "--timeout", "1", "--interface", "127.0.0.1", "--port",
                              str(self.ports[1]), os.path.join(self.tmp, "local", "shard-1")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.servers[1] = p
        wait_listening(self.ports[1])
        r = run([KNIPSEL_QUERY, "--db", self.remote, "sancties"], cwd=self.tmp)
        if r.returncode == 0:
            self.skipTest("the server answered within its millisecond")
        self.assertEqual(r.returncode, 69, r.stderr)
        # Named by Xapian's context of the error: it said "a remote shard failed".
        errors = [l for l in r.stderr.splitlines() if ": error: " in l]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("127.0.0.1:%d" % self.ports[1], errors[0])
        self.assertNotIn("127.0.0.1:%d" % self.ports[0], errors[0])

    def test_the_indexer_refuses_to_write_remote_shards(self):
        r = run([KNIPSEL_INDEX, "--db", self.remote, CORPUS_DIR], cwd=self.tmp)
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("remote shards", r.stderr)


if __name__ == "__main__":
    unittest.main()
