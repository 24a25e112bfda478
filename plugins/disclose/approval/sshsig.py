"""OpenSSH signatures (the SSHSIG format of `ssh-keygen -Y sign`), made and verified in-process.

The format is OpenSSH's PROTOCOL.sshsig; the signatures are interchangeable with
`ssh-keygen -Y sign/verify` and with git's SSH commit signatures (namespace "git"), which
the tests check against ssh-keygen itself. Verification runs in-process (a build verifies
thousands of statements; a subprocess each would dominate the build). Signing uses the key
file in-process when it is an unencrypted OpenSSH key, and `ssh-keygen -Y sign` otherwise
(passphrase prompts, ssh-agent), so nothing here ever asks for a passphrase.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

MAGIC = b"SSHSIG"
BEGIN, END = "-----BEGIN SSH SIGNATURE-----", "-----END SSH SIGNATURE-----"
_CURVE_HASH = {"nistp256": hashes.SHA256, "nistp384": hashes.SHA384, "nistp521": hashes.SHA512}
_MSG_HASH = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}


class SignatureError(Exception):
    """A signature that cannot be read, made or verified; the message is Chinese."""


# Digests of (key, signature, signed data) triples that verified: a memo of a pure function
# (a triple that verified once always does), filled only by `remember` with what `preverify`
# computed in this build's own forked workers, so the gate's checks in the parent are lookups.
# Whether the key may sign for that person, stage and date is still decided by the gate.
_VERIFIED: set[bytes] = set()


def _digest(blob: bytes, sig_blob: bytes, data: bytes) -> bytes:
    return hashlib.sha256(_string(blob) + _string(sig_blob) + _string(data)).digest()


@lru_cache(maxsize=256)
def _load_key(line: str) -> object:
    return serialization.load_ssh_public_key(line.encode())


def preverify(armored: str, message: bytes, namespace: str) -> bytes | None:
    """Verify a signature against the key inside it (no roster involved): the digest for
    `remember` when it verifies, else None. Run in the workers, in parallel."""
    try:
        sig = Signature.parse(armored)
    except SignatureError:
        return None
    if sig.namespace != namespace or sig.hash_alg not in _MSG_HASH:
        return None
    data = signed_data(namespace, message, sig.hash_alg)
    return _digest(sig.key.blob, sig.sig, data) if sig.key.verify_raw(sig.sig, data) else None


def remember(digests: Iterable[bytes]) -> None:
    """Add what `preverify` found valid (in a worker of this build) to the memo."""
    _VERIFIED.update(digests)


@dataclass(frozen=True)
class PublicKey:
    """An SSH public key: its wire blob, type and SHA256 fingerprint (as ssh-keygen -l prints)."""

    blob: bytes

    @property
    def type(self) -> str:
        return _read_string(self.blob, 0)[0].decode()

    @property
    def fingerprint(self) -> str:
        return "SHA256:" + base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")

    @property
    def line(self) -> str:
        """The key as an authorized_keys line (type and base64, no comment)."""
        return f"{self.type} {base64.b64encode(self.blob).decode()}"

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """A key from `type base64 [comment]`, as in a .pub file or authorized_keys."""
        parts = text.strip().split()
        if len(parts) < 2:
            raise SignatureError(f"公钥格式无效：{text.strip()[:40]}")
        try:
            blob = base64.b64decode(parts[1], validate=True)
            serialization.load_ssh_public_key(f"{parts[0]} {parts[1]}".encode())
        except (ValueError, UnsupportedAlgorithm):
            raise SignatureError(f"公钥格式无效或类型不受支持：{parts[0]} {parts[1][:16]}…") from None
        if _read_string(blob, 0)[0].decode() != parts[0]:
            raise SignatureError(f"公钥类型与内容不符：{parts[0]}")
        return cls(blob)

    def verify_raw(self, sig_blob: bytes, data: bytes) -> bool:
        """Check an SSH signature blob (algorithm name + signature) over data (or find that
        this very check already succeeded in this process or its workers: `remember`)."""
        if _VERIFIED and _digest(self.blob, sig_blob, data) in _VERIFIED:
            return True
        key = _load_key(self.line)
        alg, off = _read_string(sig_blob, 0)
        raw, _ = _read_string(sig_blob, off)
        try:
            if isinstance(key, ed25519.Ed25519PublicKey) and alg == b"ssh-ed25519":
                key.verify(raw, data)
            elif isinstance(key, rsa.RSAPublicKey) and alg in (b"rsa-sha2-256", b"rsa-sha2-512"):
                algo = hashes.SHA512() if alg == b"rsa-sha2-512" else hashes.SHA256()
                key.verify(raw, data, padding.PKCS1v15(), algo)
            elif isinstance(key, ec.EllipticCurvePublicKey) and alg.decode() == self.type:
                r, off2 = _read_mpint(raw, 0)
                s, _ = _read_mpint(raw, off2)
                curve = self.type.rsplit("-", 1)[-1]
                key.verify(encode_dss_signature(r, s), data, ec.ECDSA(_CURVE_HASH[curve]()))
            else:
                return False
        except (InvalidSignature, ValueError, KeyError):
            return False
        return True


def _string(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def _read_string(buf: bytes, off: int) -> tuple[bytes, int]:
    if off + 4 > len(buf):
        raise SignatureError("签名数据不完整")
    (n,) = struct.unpack(">I", buf[off:off + 4])
    if off + 4 + n > len(buf):
        raise SignatureError("签名数据不完整")
    return buf[off + 4:off + 4 + n], off + 4 + n


def _read_mpint(buf: bytes, off: int) -> tuple[int, int]:
    raw, off = _read_string(buf, off)
    return int.from_bytes(raw, "big", signed=True), off


def _mpint(n: int) -> bytes:
    raw = n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b""
    return _string(raw)


def signed_data(namespace: str, message: bytes, hash_alg: str = "sha512") -> bytes:
    """The bytes an SSHSIG signature actually signs."""
    return (MAGIC + _string(namespace.encode()) + _string(b"") + _string(hash_alg.encode())
            + _string(_MSG_HASH[hash_alg](message).digest()))


def armor(blob: bytes) -> str:
    b64 = base64.b64encode(blob).decode()
    return "\n".join([BEGIN, *(b64[i:i + 70] for i in range(0, len(b64), 70)), END]) + "\n"


def unarmor(text: str) -> bytes:
    lines = [x.strip() for x in text.strip().splitlines()]
    if not lines or lines[0] != BEGIN or lines[-1] != END:
        raise SignatureError("签名不是 SSH 签名格式（应以 -----BEGIN SSH SIGNATURE----- 开头）")
    try:
        return base64.b64decode("".join(lines[1:-1]), validate=True)
    except ValueError:
        raise SignatureError("签名的 base64 编码无效") from None


@dataclass(frozen=True)
class Signature:
    """A parsed SSHSIG: who signed (public key), in which namespace, and the raw signature."""

    key: PublicKey
    namespace: str
    hash_alg: str
    sig: bytes

    @classmethod
    def parse(cls, armored: str) -> Signature:
        blob = unarmor(armored)
        if blob[:6] != MAGIC or len(blob) < 10 or struct.unpack(">I", blob[6:10])[0] != 1:
            raise SignatureError("签名的格式标识或版本无效")
        pub, off = _read_string(blob, 10)
        ns, off = _read_string(blob, off)
        _reserved, off = _read_string(blob, off)
        alg, off = _read_string(blob, off)
        sig, off = _read_string(blob, off)
        if off != len(blob):
            raise SignatureError("签名末尾有多余数据")
        return cls(PublicKey(pub), ns.decode(errors="replace"), alg.decode(errors="replace"), sig)


def verify(armored: str, message: bytes, namespace: str, allowed: list[PublicKey]) -> PublicKey:
    """The allowed key that made this signature over message in namespace; raises otherwise."""
    sig = Signature.parse(armored)
    if sig.namespace != namespace:
        raise SignatureError(f"签名用途“{sig.namespace}”不是“{namespace}”")
    if sig.hash_alg not in _MSG_HASH:
        raise SignatureError(f"签名的摘要算法“{sig.hash_alg}”不受支持")
    match = next((k for k in allowed if k.blob == sig.key.blob), None)
    if match is None:
        raise SignatureError(f"签名密钥 {sig.key.fingerprint} 不是登记的密钥")
    if not match.verify_raw(sig.sig, signed_data(namespace, message, sig.hash_alg)):
        raise SignatureError("签名与内容不符（内容或签名被改动过）")
    return match


def _sign_inprocess(private: object, namespace: str, message: bytes) -> str:
    data = signed_data(namespace, message)
    if isinstance(private, ed25519.Ed25519PrivateKey):
        sig = _string(b"ssh-ed25519") + _string(private.sign(data))
    elif isinstance(private, rsa.RSAPrivateKey):
        sig = _string(b"rsa-sha2-512") + _string(private.sign(data, padding.PKCS1v15(), hashes.SHA512()))
    elif isinstance(private, ec.EllipticCurvePrivateKey):
        curve = {"secp256r1": "nistp256", "secp384r1": "nistp384", "secp521r1": "nistp521"}[private.curve.name]
        r, s = decode_dss_signature(private.sign(data, ec.ECDSA(_CURVE_HASH[curve]())))
        sig = _string(f"ecdsa-sha2-{curve}".encode()) + _string(_mpint(r) + _mpint(s))
    else:
        raise SignatureError("密钥类型不受支持（支持 Ed25519、ECDSA、RSA）")
    pub = private.public_key().public_bytes(serialization.Encoding.OpenSSH,  # type: ignore[attr-defined]
                                            serialization.PublicFormat.OpenSSH)
    blob = (MAGIC + struct.pack(">I", 1) + _string(PublicKey.parse(pub.decode()).blob)
            + _string(namespace.encode()) + _string(b"") + _string(b"sha512") + _string(sig))
    return armor(blob)


def sign(message: bytes, namespace: str, key: str | None = None) -> str:
    """Sign with a private key file (`key`), else the ssh-agent, else git's user.signingkey.

    `key` may also be a public key file or a `key::ssh-… AAAA…` literal, whose private half is
    in the agent. Returns the armored signature.
    """
    key = key or _git_signing_key()
    if key is None:
        raise SignatureError("没有可用的签名密钥：请用 --key 指定私钥文件，或把密钥加入 ssh-agent，"
                             "或设置 git config user.signingkey")
    if key.startswith("key::"):
        return _sign_with_ssh_keygen(message, namespace, public_text=key[5:])
    path = Path(key).expanduser()
    if not path.is_file():
        raise SignatureError(f"签名密钥文件不存在：{key}")
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        try:
            private = serialization.load_ssh_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            return _sign_with_ssh_keygen(message, namespace, key_file=path)  # passphrase: ssh-keygen asks
        return _sign_inprocess(private, namespace, message)
    return _sign_with_ssh_keygen(message, namespace, public_text=data.decode())


def _git_signing_key() -> str | None:
    r = subprocess.run(["git", "config", "user.signingkey"], capture_output=True, text=True)
    if r.returncode == 0 and r.stdout.strip():
        return r.stdout.strip()
    if os.environ.get("SSH_AUTH_SOCK"):
        r = subprocess.run(["ssh-add", "-L"], capture_output=True, text=True)
        keys = [x for x in r.stdout.splitlines() if x.strip()]
        if r.returncode == 0 and len(keys) == 1:
            return "key::" + keys[0]
        if len(keys) > 1:
            raise SignatureError("ssh-agent 中有多个密钥，请用 --key 指定其中一个的公钥文件")
    return None


def _sign_with_ssh_keygen(message: bytes, namespace: str, *, key_file: Path | None = None,
                          public_text: str | None = None) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        if key_file is None:
            key_file = Path(tmp, "key.pub")
            key_file.write_text(public_text.strip() + "\n")  # type: ignore[union-attr]
        msg = Path(tmp, "statement")
        msg.write_bytes(message)
        args = ["ssh-keygen", "-Y", "sign", "-q", "-n", namespace, "-f", str(key_file)]
        if public_text is not None:
            args.insert(3, "-U")  # the private half is in the agent
        r = subprocess.run([*args, str(msg)], capture_output=True, text=True)
        sig = Path(tmp, "statement.sig")
        if r.returncode != 0 or not sig.exists():
            raise SignatureError(f"ssh-keygen 签名失败：{r.stderr.strip() or r.returncode}")
        return sig.read_text()


def load_keys(text: str, where: str) -> list[PublicKey]:
    """Public keys from authorized_keys-style text (one per line, # comments)."""
    keys = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                keys.append(PublicKey.parse(line))
            except SignatureError as exc:
                raise SignatureError(f"{where} 第 {n} 行：{exc}") from None
    return keys
