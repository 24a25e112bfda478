"""The in-process signature code against OpenSSH and git themselves (the oracles).

Our SSHSIG verification must accept exactly what `ssh-keygen -Y verify` accepts, our signatures
must verify with ssh-keygen, and our reading of commit signatures must agree with git's `%G?`
given an allowed-signers file built from the same keys.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from disclose.approval import sshsig
from disclose.approval.gitinfo import History
from disclose.approval.roster import Key, Person, Roster

KINDS = [("ed25519", []), ("ecdsa", ["-b", "256"]), ("ecdsa", ["-b", "384"]), ("rsa", ["-b", "2048"])]


def keygen(tmp: Path, name: str, kind: str, extra: list[str]) -> Path:
    path = tmp / name
    subprocess.run(["ssh-keygen", "-q", "-t", kind, *extra, "-N", "", "-C", name, "-f", str(path)], check=True)
    return path


def ssh_verify(tmp: Path, pub: Path, message: bytes, signature: str, namespace: str) -> bool:
    allowed = tmp / "allowed"
    allowed.write_text(f"signer {pub.read_text()}")
    sig = tmp / "msg.sig"
    sig.write_text(signature)
    r = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", "signer", "-n", namespace,
                        "-s", str(sig)], input=message, capture_output=True)
    return r.returncode == 0


@pytest.mark.parametrize("kind,extra", KINDS, ids=["ed25519", "ecdsa256", "ecdsa384", "rsa"])
def test_our_signatures_verify_with_ssh_keygen_and_theirs_with_ours(tmp_path: Path, kind: str, extra: list[str]):
    private = keygen(tmp_path, "k", kind, extra)
    pub = private.with_suffix(".pub")
    message = "索引号 MB0A12342/2026-00001 同意公开\n".encode()
    ours = sshsig.sign(message, "disclose-test", str(private))
    assert ssh_verify(tmp_path, pub, message, ours, "disclose-test")
    assert not ssh_verify(tmp_path, pub, message + b"x", ours, "disclose-test")
    assert not ssh_verify(tmp_path, pub, message, ours, "other-namespace")

    (tmp_path / "m").write_bytes(message)
    subprocess.run(["ssh-keygen", "-Y", "sign", "-q", "-n", "disclose-test", "-f", str(private), str(tmp_path / "m")],
                   check=True)
    theirs = (tmp_path / "m.sig").read_text()
    key = sshsig.PublicKey.parse(pub.read_text())
    assert sshsig.verify(theirs, message, "disclose-test", [key]) == key
    for bad_message, namespace in ((message + b"x", "disclose-test"), (message, "other-namespace")):
        with pytest.raises(sshsig.SignatureError):
            sshsig.verify(theirs, bad_message, namespace, [key])
    other = sshsig.PublicKey.parse(keygen(tmp_path, "other", "ed25519", []).with_suffix(".pub").read_text())
    with pytest.raises(sshsig.SignatureError, match="不是登记的密钥"):
        sshsig.verify(theirs, message, "disclose-test", [other])
    # The fingerprint is the one ssh-keygen prints.
    printed = subprocess.run(["ssh-keygen", "-lf", str(pub)], capture_output=True, text=True).stdout.split()[1]
    assert key.fingerprint == printed


def test_a_flipped_bit_anywhere_in_the_signature_fails(tmp_path: Path):
    private = keygen(tmp_path, "k", "ed25519", [])
    key = sshsig.PublicKey.parse(private.with_suffix(".pub").read_text())
    message = b"statement"
    blob = sshsig.unarmor(sshsig.sign(message, "ns", str(private)))
    for i in range(0, len(blob), 7):
        bad = bytearray(blob)
        bad[i] ^= 0x01
        with pytest.raises(sshsig.SignatureError):
            sshsig.verify(sshsig.armor(bytes(bad)), message, "ns", [key])


def test_commit_signers_agree_with_git(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    alice = keygen(tmp_path, "alice", "ed25519", [])
    bob = keygen(tmp_path, "bob", "ecdsa", ["-b", "256"])
    eve = keygen(tmp_path, "eve", "ed25519", [])  # not in the roster

    def git(*args: str) -> str:
        env = {"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@example", "GIT_COMMITTER_NAME": "x",
               "GIT_COMMITTER_EMAIL": "x@example", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        return subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True,
                              check=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "gpg.format", "ssh")
    plan = []
    for i, signer in enumerate([alice, None, bob, eve, alice]):
        (repo / f"f{i}.md").write_text(f"第 {i} 版\n")
        git("add", "-A")
        if signer is None:
            git("commit", "-q", "-m", f"c{i}")
        else:
            git("-c", f"user.signingkey={signer}", "commit", "-q", "-S", "-m", f"c{i}")
        plan.append((git("rev-parse", "HEAD").strip(), f"f{i}.md"))
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("".join(f"{n}@example {p.with_suffix('.pub').read_text()}" for n, p in
                               (("alice", alice), ("bob", bob))))
    log = git("-c", f"gpg.ssh.allowedSignersFile={allowed}", "log", "--format=%H %G?")
    git_says = {line.split()[0]: line.split()[1] for line in log.splitlines()}
    roster = Roster(tuple(Person(n, n, ("clerk",), (Key(sshsig.PublicKey.parse(p.with_suffix(".pub").read_text())),))
                          for n, p in (("alice", alice), ("bob", bob))))
    history = History.read(repo, roster, None)
    for commit, name in plan:
        ours = history.signer(commit)
        good = git_says[commit] == "G"  # git: good signature by an allowed signer
        assert (ours.person is not None) == good, (name, git_says[commit], ours)
        authors = history.authors_of([name])
        assert authors.known == good
    assert [history.signer(c).person for c, _ in plan] == ["alice", None, "bob", None, "alice"]


def test_what_the_workers_verified_answers_only_for_that_very_signature(tmp_path: Path, monkeypatch):
    """The build verifies signatures in its workers (preverify) and the gate's checks look them
    up (remember): a signature ssh-keygen rejects is never remembered, a remembered one answers
    only for its own key, message and namespace, and an unknown key is still refused."""
    monkeypatch.setattr(sshsig, "_VERIFIED", set())
    private = keygen(tmp_path, "k", "ed25519", [])
    pub = private.with_suffix(".pub")
    key = sshsig.PublicKey.parse(pub.read_text())
    message = "索引号 MB0A12342/2026-00001 同意公开\n".encode()
    good = sshsig.sign(message, "ns", str(private))
    blob = bytearray(sshsig.unarmor(good))
    blob[-3] ^= 0x01
    forged = sshsig.armor(bytes(blob))
    assert ssh_verify(tmp_path, pub, message, good, "ns") and not ssh_verify(tmp_path, pub, message, forged, "ns")

    assert sshsig.preverify(forged, message, "ns") is None
    assert sshsig.preverify(good, message + b"x", "ns") is None
    assert sshsig.preverify(good, message, "other") is None
    assert sshsig.preverify("不是签名", message, "ns") is None
    digest = sshsig.preverify(good, message, "ns")
    assert digest is not None
    sshsig.remember([digest])

    def no_crypto(line: str) -> object:
        raise AssertionError("a remembered signature needs no arithmetic")

    monkeypatch.setattr(sshsig, "_load_key", no_crypto)
    assert sshsig.verify(good, message, "ns", [key]) == key  # a lookup
    monkeypatch.undo()
    monkeypatch.setattr(sshsig, "_VERIFIED", {digest})
    for bad_message, namespace, armored in ((message + b"x", "ns", good), (message, "other", good),
                                            (message, "ns", forged)):
        with pytest.raises(sshsig.SignatureError):
            sshsig.verify(armored, bad_message, namespace, [key])
    other = sshsig.PublicKey.parse(keygen(tmp_path, "other", "ed25519", []).with_suffix(".pub").read_text())
    with pytest.raises(sshsig.SignatureError, match="不是登记的密钥"):
        sshsig.verify(good, message, "ns", [other])
