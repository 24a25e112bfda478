"""Shared fixtures: a writable copy of the fixture site and runners for the real CLI.

`SiteCopy.cli` runs `disclose` in this process (`cli.main(argv)`, about 0.5 s faster a call than
a new interpreter; builds included, as `build_site` always runs Pelican in-process); commands in
PROCESS_COMMANDS, `SiteCopy.cli_process` and `run_cli` start a real `python -m disclose` where the
process boundary is the point (the console script's exit status, exit on a signal, servers).
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
TODAY = "2026-06-01"


class SiteCopy:
    """A fixture site copied into a temporary folder, with helpers to edit and check it."""

    def __init__(self, root: Path, keys: str = "fixture") -> None:
        self.root = root
        self.conf = root / "pelicanconf.py"
        self.keys = keys  # whose demo keys: "fixture" (tests/fixtures/keys) or "sample" (演示)

    def key(self, person: str) -> str:
        """This site's demo private key of a person."""
        return key(person) if self.keys == "fixture" else str(SAMPLE_KEYS / f"演示-{person}")

    def approve(self, path: str, person: str, *args: str, **kw: str) -> subprocess.CompletedProcess[str]:
        """`disclose approve PATH --as PERSON --key <their demo key>` (plus extra arguments)."""
        return self.cli("approve", path, "--as", person, "--key", self.key(person), *args, **kw)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def sign_git(self, person: str) -> None:
        """Make this copy's commits signed with a person's demo key (git's SSH signing)."""
        private = self.root.parent / f"signing-{person}"  # ssh-keygen wants a 0600 key file
        shutil.copyfile(self.key(person), private)
        private.chmod(0o600)
        git(self.root, "config", "gpg.format", "ssh")
        git(self.root, "config", "user.signingkey", str(private))
        git(self.root, "config", "commit.gpgsign", "true")

    def cli(self, *args: str, settings: str | None = None,
            today: str = TODAY) -> subprocess.CompletedProcess[str]:
        """Run the real `disclose` command in this site (in this process unless the command
        needs its own, see PROCESS_COMMANDS)."""
        argv = ["-s", settings or str(self.conf), *args]
        if args and args[0] in PROCESS_COMMANDS:
            return run_cli(argv, cwd=self.root, today=today)
        return run_cli_in_process(argv, cwd=self.root, today=today)

    def cli_process(self, *args: str, settings: str | None = None,
                    today: str = TODAY) -> subprocess.CompletedProcess[str]:
        """Run `python -m disclose` in a new process in this site."""
        return run_cli(["-s", settings or str(self.conf), *args], cwd=self.root, today=today)

    def corpus(self):
        from disclose import config
        from disclose.build import load_settings
        from disclose.corpus import load_corpus

        s = load_settings(self.conf)
        return load_corpus(Path(s["PATH"]), self.root, config.load(s["DISCLOSE"]))

    def problems(self) -> list[str]:
        return [str(p) for p in self.corpus().problems]


def run_cli(args: list[str], cwd: Path, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """Run `python -m disclose ARGS` with today's date pinned."""
    env = {**os.environ, "DISCLOSE_TODAY": today, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "disclose", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


# Commands always run in their own process by SiteCopy.cli: the servers block. (Builds run
# in-process: tests/test_cli.py::test_in_process_build_matches_a_real_process compares the two.)
PROCESS_COMMANDS = frozenset({"search-server", "desk", "serve"})


def run_cli_in_process(args: Sequence[str], cwd: Path, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """`disclose ARGS` through `cli.main(argv)` in this process, as `run_cli` would run it: in `cwd`,
    with today pinned, stdout and stderr captured (rich consoles included, 200 columns, no
    colour), argparse's SystemExit turned into the exit code, git caches cleared."""
    from disclose.approval import gitinfo
    from disclose.cli import main, output

    out, err = io.StringIO(), io.StringIO()
    saved_cwd = os.getcwd()
    saved_env = {k: os.environ.get(k) for k in ("DISCLOSE_TODAY", "COLUMNS")}
    consoles = [(c, c._file, c._width, c._color_system) for c in (output.console, output.console_err)]
    gitinfo.clear_cache()
    os.environ.update(DISCLOSE_TODAY=today, COLUMNS="200")  # COLUMNS: argparse's usage lines too
    os.chdir(cwd)
    try:
        for console, *_ in consoles:
            console.file = out if console is output.console else err
            console._width, console._color_system = 200, None  # as COLUMNS=200 on a pipe
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if isinstance(exc.code, str):
                    err.write(exc.code + "\n")
    finally:
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for console, file, width, colours in consoles:
            console._file, console._width, console._color_system = file, width, colours
    return subprocess.CompletedProcess(["disclose", *args], code, out.getvalue(), err.getvalue())


KEYS = ROOT / "tests" / "fixtures" / "keys"            # demo keys of the fixture's roster
SAMPLE_KEYS = ROOT / "content" / "_review" / "demo-keys"  # demo keys of the sample site (演示)


@pytest.fixture(scope="session", autouse=True)
def trust_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trust anchor of the tests: the fixture's and the sample site's demo admin keys,
    set for the whole session (module-scoped fixtures build sites too)."""
    path = tmp_path_factory.mktemp("trust") / "admin.pub"
    path.write_text((KEYS / "demo-admin.pub").read_text() + (SAMPLE_KEYS / "演示-admin.pub").read_text())
    os.environ["DISCLOSE_TRUST"] = str(path)
    return path


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch, trust_file: Path) -> None:
    monkeypatch.setenv("DISCLOSE_TODAY", TODAY)
    monkeypatch.setenv("DISCLOSE_TRUST", str(trust_file))


def key(person: str) -> str:
    """The fixture's demo private key of a person, as a --key argument."""
    return str(KEYS / f"demo-{person}")


def sign_policy(root: Path, baseline: str = "HEAD", admin_key: str | None = None) -> None:
    """The administrator (demo key) signs the roster and policy with a baseline, and commits."""
    run = run_cli_in_process(["-s", str(root / "pelicanconf.py"), "roster", "sign", "--key",
                              admin_key or key("admin"), "--baseline", baseline], cwd=root)
    assert run.returncode == 0, run.stderr
    commit_all(root, "管理员签名名册")


STAFF = "staff@ceshi.example"  # the fixture's author: also in its roster, to test four-eyes


def git(root: Path, *args: str, email: str = STAFF) -> str:
    """Run git in a site copy as a given author."""
    env = {**os.environ, "GIT_AUTHOR_NAME": email.split("@")[0], "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": email.split("@")[0], "GIT_COMMITTER_EMAIL": email}
    result = subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(root: Path, message: str = "更新", email: str = STAFF) -> None:
    """Commit everything in a site copy as `email`."""
    git(root, "add", "-A", email=email)
    git(root, "commit", "-q", "-m", message, email=email)
    from disclose.approval import gitinfo

    gitinfo.clear_cache()


def clone_sample(dest: Path, keys: str = "sample") -> SiteCopy:
    """This repository's sample site as a writable copy: a clone for its git history (signed
    commits and four-eyes checks need it) with the working tree laid over it, so the tests see
    uncommitted changes to content, theme and configuration, as `make html` would."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for rel in sorted(set(os.fsdecode(name) for name in listed.split(b"\0") if name)):
        src, dst = ROOT / rel, dest / rel
        if not src.exists() and not src.is_symlink():
            dst.unlink(missing_ok=True)  # deleted in the working tree
        elif src.is_symlink() or not dst.is_file() or dst.is_symlink() \
                or src.stat().st_size != dst.stat().st_size or src.read_bytes() != dst.read_bytes():
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.unlink(missing_ok=True)
            shutil.copy2(src, dst, follow_symlinks=False)
    return SiteCopy(dest, keys=keys)


def all_text(out: Path) -> dict[str, str]:
    """Every output file as text (gzip files decompressed)."""
    texts = {}
    for p in out.rglob("*"):
        if p.is_file():
            raw = p.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            texts[p.relative_to(out).as_posix()] = raw.decode("utf-8", errors="replace")
    return texts


@pytest.fixture
def site(tmp_path: Path) -> SiteCopy:
    """A fresh, writable copy of tests/fixtures/site, committed to a new git repository by
    its staff author (so the approval records shipped with the fixture are valid)."""
    return signed_copy(tmp_path / "site")


def signed_copy(dest: Path) -> SiteCopy:
    """The fixture site in a new git repository: committed unsigned (the history a site has
    before adopting signatures), the roster and policy signed by the administrator with that
    commit as the baseline, and signed commits by the staff member from then on."""
    shutil.copytree(FIXTURE_SITE, dest)
    git(dest, "init", "-q", "-b", "main")
    commit_all(dest, "导入测试网站")
    sign_policy(dest)  # the unsigned import is the baseline: its author is `staff` by e-mail
    copy = SiteCopy(dest)
    copy.sign_git("staff")  # from here on every commit is signed: by the staff member unless a test says
    return copy


def build_sample_on(day: str, out: Path) -> Path:
    """Publish the sample site (this working tree) into `out` as on `day` (YYYY-MM-DD)."""
    from disclose.build import build_site

    before = os.environ.get("DISCLOSE_TODAY")
    os.environ["DISCLOSE_TODAY"] = day
    try:
        build_site(ROOT / "pelicanconf.py", out)
    finally:
        os.environ["DISCLOSE_TODAY"] = before or TODAY
    return out
