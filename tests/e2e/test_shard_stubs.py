"""A stub's lines as knipsel-query reads them, and what it says about its
shards: the same shard listed twice however it is spelled (found by Xapian's
database UUID), a missing local shard with --allow-partial, which setting
two shards differ in, blanks, IPv6 and the program form of a remote line,
and which shards cannot be reached and why (test_remote.py: one lost during
the search)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CORPUS_DIR, KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, require_binaries, run  # noqa: E402
from test_remote import free_port, wait_listening  # noqa: E402

TCPSRV = shutil.which("xapian-tcpsrv")


def error_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("knipsel-query: error: ")]


@unittest.skipUnless(TCPSRV, "xapian-tcpsrv (Debian xapian-tools) is not installed")
class ShardStubs(unittest.TestCase):
    """An index of the demo corpus in two local shards, each also served by
    its own xapian-tcpsrv on loopback."""

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.tmp = tempfile.mkdtemp(prefix="knipsel-stubs-")
        cls.local = os.path.join(cls.tmp, "local")
        r = run([KNIPSEL_INDEX, "--db", cls.local, "--shards", "2", "-q", CORPUS_DIR], cwd=cls.tmp)
        assert r.returncode == 0, r.stderr
        cls.servers, cls.ports = [], []
        for shard in ("shard-0", "shard-1"):
            cls.ports.append(free_port())
            cls.servers.append(cls.serve(os.path.join(cls.local, shard), cls.ports[-1]))
        for port in cls.ports:
            wait_listening(port)

    @classmethod
    def tearDownClass(cls):
        for p in cls.servers:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def serve(db, port, *extra):
        # Its own session: xapian-tcpsrv signals its whole process group on exit.
        return subprocess.Popen([TCPSRV, *extra, "--interface", "127.0.0.1", "--port", str(port), db],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def stub(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def query(self, db, *args):
        return run([KNIPSEL_QUERY, "--db", db, "--format", "json", "-n", "50", *args], cwd=self.tmp)

    def total(self, db, *args):
        r = self.query(db, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["total"]

    # --- A: one shard listed twice, however spelled -------------------------

    def assert_listed_twice(self, stub, line, first, *extra):
        r = self.query(stub, *extra, "sancties")
        self.assertEqual(r.returncode, 66, r.stderr)
        errors = error_lines(r.stderr)
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("line %d of %s" % (line, stub), errors[0])
        self.assertIn("lists the shard of line %d again" % first, errors[0])
        self.assertEqual(r.stdout, "")

    def test_a_remote_shard_spelled_two_ways_is_listed_twice_exit_66(self):
        # 127.0.0.1 and localhost passed the check: each hit came twice, exit 0.
        port = self.ports[0]
        stub = self.stub("dup-remote.stub", "remote 127.0.0.1:%d\nremote localhost:%d\n" % (port, port))
        self.assert_listed_twice(stub, 2, 1)
        r = self.query(stub, "sancties")
        self.assertIn("remote 127.0.0.1:%d" % port, r.stderr)
        self.assertIn("remote localhost:%d" % port, r.stderr)
        self.assert_listed_twice(stub, 2, 1, "--allow-partial")  # the stub's mistake, not a shard down

    def test_a_local_shard_and_its_server_are_listed_twice_exit_66(self):
        stub = self.stub("dup-mixed.stub", "auto %s/shard-0\nremote 127.0.0.1:%d\n" % (self.local, self.ports[0]))
        self.assert_listed_twice(stub, 2, 1)

    def test_a_shard_also_listed_by_a_stub_inside_is_listed_twice_exit_66(self):
        stub = self.stub("dup-nested.stub", "auto %s\nauto %s/shard-1\n" % (self.local, self.local))
        self.assert_listed_twice(stub, 2, 1)

    # --- B: a missing local shard with --allow-partial ----------------------

    def test_allow_partial_leaves_out_a_missing_local_shard(self):
        # It was exit 66, "no such index", --allow-partial or not.
        gone = os.path.join(self.tmp, "niet-gekoppeld", "x.db")
        stub = self.stub("missing-local.stub", "auto %s\nremote 127.0.0.1:%d\n" % (gone, self.ports[1]))
        r = self.query(stub, "sancties")
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("no such index", r.stderr)
        self.assertIn("--allow-partial", r.stderr)
        r = self.query(stub, "--allow-partial", "sancties")
        self.assertEqual(r.returncode, 0, r.stderr)
        warnings = [l for l in r.stderr.splitlines() if "warning" in l]
        self.assertEqual(len(warnings), 1, r.stderr)
        self.assertIn(gone, warnings[0])
        data = json.loads(r.stdout)
        self.assertTrue(data["partial"])
        self.assertEqual(len(data["missing_shards"]), 1)
        self.assertIn(gone, data["missing_shards"][0])
        self.assertEqual(data["total"], self.total(os.path.join(self.local, "shard-1"), "sancties"))

    # --- D: blanks, IPv6, the program form ----------------------------------

    def test_blanks_separate_and_trail_harmlessly(self):
        # A trailing space was exit 66 "names no port", two spaces exit 69.
        whole = self.total(self.local, "sancties")
        for text in ("remote 127.0.0.1:%d \nremote  127.0.0.1:%d\n",
                     "remote\t127.0.0.1:%d\t\r\n  remote \t 127.0.0.1:%d  \r\n"):
            stub = self.stub("blanks.stub", text % tuple(self.ports))
            self.assertEqual(self.total(stub, "sancties"), whole, repr(text))
        stub = self.stub("blanks-local.stub", "auto  %s/shard-0 \nauto\t%s/shard-1\t\n" % (self.local, self.local))
        self.assertEqual(self.total(stub, "sancties"), whole)

    def test_an_ipv6_host_is_refused_with_a_clear_message(self):
        # Xapian 1.4's TCP backend resolves IPv4 addresses only: it was exit
        # 69, "Couldn't resolve host".
        for target in ("[::1]:%d" % self.ports[0], "::1:%d" % self.ports[0]):
            stub = self.stub("v6.stub", "remote %s\n" % target)
            r = self.query(stub, "--allow-partial", "sancties")
            self.assertEqual(r.returncode, 66, r.stderr)
            errors = error_lines(r.stderr)
            self.assertEqual(len(errors), 1, r.stderr)
            self.assertIn("line 1 of %s" % stub, errors[0])
            self.assertIn("IPv6", errors[0])

    @unittest.skipUnless(shutil.which("xapian-progsrv"), "xapian-progsrv is not installed")
    def test_the_program_form_of_a_remote_line_works(self):
        # "remote :PROGRAM ARGS" is Xapian's: it was refused as "no port".
        stub = self.stub("prog.stub", "remote :xapian-progsrv %s/shard-0\nremote 127.0.0.1:%d\n"
                         % (self.local, self.ports[1]))
        self.assertEqual(self.total(stub, "sancties"), self.total(self.local, "sancties"))
        # The same database as a TCP line: listed twice.
        stub = self.stub("prog-dup.stub", "remote :xapian-progsrv %s/shard-0\nremote 127.0.0.1:%d\n"
                         % (self.local, self.ports[0]))
        self.assert_listed_twice(stub, 2, 1)

    # --- E: which shard was lost, and why -----------------------------------

    def test_when_no_shard_can_be_reached_each_is_named_with_its_reason(self):
        # It said only "no shard of r3.db can be reached".
        down = [free_port(), free_port()]
        stub = self.stub("none.stub", "".join("remote 127.0.0.1:%d\n" % p for p in down))
        r = self.query(stub, "--allow-partial", "--connect-timeout", "500", "sancties")
        self.assertEqual(r.returncode, 69, r.stderr)
        errors = error_lines(r.stderr)
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertRegex(errors[0], r"no shard of %s can be reached: 127\.0\.0\.1:%d \(connection refused\), "
                                    r"127\.0\.0\.1:%d \(connection refused\)" % (stub, down[0], down[1]))


class ShardSettings(unittest.TestCase):
    """Two small indexes whose analysers differ in a setting, not a version."""

    ARTICLES = {"a.txt": "title Sancties\n\nDe sancties tegen het land blijven van kracht.\n",
                "b.txt": "title Akkoord\n\nGeen akkoord over de sancties in Hanoi.\n"}

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.tmp = tempfile.mkdtemp(prefix="knipsel-settings-")
        corpus = os.path.join(cls.tmp, "corpus")
        os.mkdir(corpus)
        for name, text in cls.ARTICLES.items():
            with open(os.path.join(corpus, name), "w") as f:
                f.write(text)
        schemas = os.path.join(cls.tmp, "schemas")
        shutil.copytree(SCHEMAS_DIR, schemas)
        with open(os.path.join(schemas, "stopwords-nl.txt"), "a") as f:
            f.write("akkoord\n")
        for name, schema in (("gewoon", os.path.join(SCHEMAS_DIR, "knipsel.toml")),
                             ("anders", os.path.join(schemas, "knipsel.toml"))):
            r = run([KNIPSEL_INDEX, "--db", os.path.join(cls.tmp, name), "--schema", schema, "-q", corpus],
                    cwd=cls.tmp)
            assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_a_shard_with_another_stopword_is_named_for_its_settings_not_its_version(self):
        # It said "another analyser", hint "the same version of knipsel-index".
        stub = os.path.join(self.tmp, "twee.stub")
        with open(stub, "w") as f:
            f.write("auto gewoon\nauto anders\n")
        r = run([KNIPSEL_QUERY, "--db", stub, "sancties"], cwd=self.tmp)
        self.assertEqual(r.returncode, 78, r.stderr)
        errors = error_lines(r.stderr)
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("(auto anders) was built with other analysis settings than the first shard", errors[0])
        self.assertIn("stopwords-nl.txt", errors[0])
        self.assertNotIn("version", r.stderr)
        self.assertRegex(r.stderr, r"(?m)^hint: .*same schema")


if __name__ == "__main__":
    unittest.main()
