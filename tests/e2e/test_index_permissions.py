"""End-to-end tests of an index's permissions across the runs that replace
its folder: --full, the automatic rebuild after an upgrade, --compact and a
reshard. The new folder takes the old index's modes, group and (as root)
owner, not the running process's umask and group: a group-restricted archive
stays so, and a cron job with umask 077 does not lock Omega (www-data) out.

Each test starts in a fresh temp folder with articles it writes itself. The
group and owner parts need root (as in CI) and are skipped otherwise.
"""

import grp
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

# also runnable as `python3 -m unittest tests/e2e/test_index_permissions.py` from the source root
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, clean_env, require_binaries  # noqa: E402

TIMEOUT = 120
AS_ROOT = os.geteuid() == 0


def run(argv, cwd, umask=-1):
    return subprocess.run(argv, cwd=cwd, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, encoding="utf-8", errors="replace", umask=umask)


def other_group():
    """A group that exists and is not ours: nogroup where there is one."""
    for name in ("nogroup", "www-data", "nobody"):
        try:
            gid = grp.getgrnam(name).gr_gid
        except KeyError:
            continue
        if gid != os.getegid():
            return gid
    return next(g.gr_gid for g in grp.getgrall() if g.gr_gid != os.getegid())


def other_owner():
    """A user that exists and is not us: nobody where there is one."""
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return next(p.pw_uid for p in pwd.getpwall() if p.pw_uid != os.geteuid())


def entries(db):
    """Every folder and file of the index folder `db`, itself included."""
    yield db
    for folder, dirs, files in os.walk(db):
        for name in dirs + files:
            yield os.path.join(folder, name)


class IndexPermissions(unittest.TestCase):
    def setUp(self):
        require_binaries()
        self.tmp = tempfile.mkdtemp(prefix="knipsel-e2e-perms-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.corpus = os.path.join(self.tmp, "corpus")
        self.db = os.path.join(self.tmp, "p.db")
        self.write_articles(0, 6)
        self.gid = other_group() if AS_ROOT else os.getegid()
        self.uid = other_owner() if AS_ROOT else os.geteuid()

    def write_articles(self, start, count):
        os.makedirs(self.corpus, exist_ok=True)
        for i in range(start, start + count):
            with open(os.path.join(self.corpus, "a%03d.txt" % i), "w", encoding="utf-8") as f:
                f.write("date 2019-02-%02d\ntitle Bericht %d\n\nDe minister sprak over uniekwoord%d en de "
                        "begroting van de gemeente.\n" % (i % 28 + 1, i, i))

    def index(self, *args, umask=-1):
        r = run([KNIPSEL_INDEX, "--db", self.db, "-q"] + list(args), self.tmp, umask)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def restrict(self):
        """What the tester's `chgrp -R G p.db; chmod 750 p.db; chmod 640 p.db/*` does, shard folders too."""
        for path in entries(self.db):
            folder = os.path.isdir(path)
            os.chmod(path, 0o750 if folder else 0o640)
            if AS_ROOT:
                os.chown(path, self.uid, self.gid)

    def assert_restricted(self):
        for path in entries(self.db):
            st = os.stat(path)
            want = 0o750 if stat.S_ISDIR(st.st_mode) else 0o640
            self.assertEqual(oct(stat.S_IMODE(st.st_mode)), oct(want), path)
            if AS_ROOT:
                self.assertEqual((st.st_uid, st.st_gid), (self.uid, self.gid), path)
        for left in (".new", ".compact"):
            self.assertFalse(os.path.exists(self.db + left))
        r = run([KNIPSEL_QUERY, "--db", self.db, "-n", "1", "uniekwoord3"], self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_full_keeps_the_modes_group_and_owner_of_the_index(self):
        self.index(self.corpus)
        self.restrict()
        self.assertEqual(self.index("--full").stderr, "")  # no warning: every path took its access
        self.assert_restricted()

    def test_full_under_umask_077_keeps_the_index_readable_by_its_group(self):
        self.index(self.corpus)
        self.restrict()
        self.index("--full", umask=0o077)
        self.assert_restricted()

    def test_rebuild_after_an_upgrade_under_umask_077_keeps_the_modes(self):
        if not shutil.which("xapian-metadata"):
            self.skipTest("xapian-metadata (xapian-tools) not installed")
        self.index(self.corpus)
        meta = lambda key: subprocess.run(["xapian-metadata", "get", self.db, key], capture_output=True,
                                          text=True, check=True).stdout.rstrip("\n")
        older = re.sub(r"knipsel-analyser/(\d+)", lambda m: "knipsel-analyser/%d" % (int(m.group(1)) - 1),
                       meta("knipsel:analyser"))
        subprocess.run(["xapian-metadata", "set", self.db, "knipsel:analyser", older], check=True)
        subprocess.run(["xapian-metadata", "set", self.db, "knipsel:self", ""], check=True)
        self.restrict()
        r = self.index(umask=0o077)
        self.assertIn("rebuilt in full", r.stderr)
        self.assert_restricted()

    def test_compact_of_two_shards_keeps_the_modes_group_and_owner(self):
        self.index("--shards", "2", self.corpus)
        self.assertTrue(os.path.isdir(os.path.join(self.db, "shard-1")))
        self.restrict()
        self.index("--compact", umask=0o077)
        self.assertFalse(os.path.exists(os.path.join(self.db, "shard-0")))
        self.assert_restricted()

    def test_full_into_two_shards_gives_the_new_shard_folders_the_index_folders_mode(self):
        self.index(self.corpus)
        self.restrict()
        self.index("--full", "--shards", "2", umask=0o077)
        self.assertTrue(os.path.isdir(os.path.join(self.db, "shard-1")))
        self.assert_restricted()

    def test_an_incremental_run_under_umask_077_keeps_the_files_modes(self):
        # Xapian writes iamglass anew at each commit, with the umask's mode.
        self.index(self.corpus)
        self.restrict()
        self.write_articles(6, 2)
        self.index(umask=0o077)
        self.assert_restricted()

    def test_a_new_index_takes_the_umask(self):
        self.index(self.corpus, umask=0o077)
        for path in entries(self.db):
            st = os.stat(path)
            want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
            self.assertEqual(oct(stat.S_IMODE(st.st_mode)), oct(want), path)
            self.assertEqual((st.st_uid, st.st_gid), (os.geteuid(), os.getegid()), path)


if __name__ == "__main__":
    unittest.main()
