"""Synthetic Chinese disclosure documents for the benchmarks (deterministic, seeded)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WORDS = (
    "社会救助 最低生活保障 特困人员 临时救助 养老服务 居家养老 社区养老 护理型床位 老年助餐 "
    "婚姻登记 殡葬服务 社会组织 年度检查 基层治理 村务公开 政务公开 就业创业 职业培训 "
    "高校毕业生 就业见习 社会保险 失业保险 稳岗返还 劳动关系 根治欠薪 人才引进 事业单位 "
    "公开招聘 资金管理 专项检查 动态复核 信息共享 便民服务 综合窗口 审核确认 公示制度 "
    "工作机制 责任分工 进度安排 考核评价 监督检查 整改落实 风险防范 数据统计 财政保障 "
    "服务质量 安全管理 应急处置 宣传引导 政策解读 群众满意度 办理时限 申请材料 经办机构"
).split()
CONNECT = ("进一步", "切实", "全面", "扎实推进", "着力", "持续", "统筹", "健全", "完善", "规范", "加强")
ORGS = (("mzj", "MB0A12342"), ("rsj", "MB0B56784"), ("zfb", "MB0C24687"))
CATEGORIES = ("gzjh", "gzzj", "gfxwj", "qtwj", "zcjd", "tzgg", "tjxx", "rsxx")
NUMERALS = "一二三四五六七八九十"


@dataclass
class SynthDoc:
    """One generated document: metadata and Markdown body."""

    title: str
    org: str
    org_code: str
    category: str
    created: dt.date
    published: dt.date
    serial: int
    body: str

    @property
    def index_no(self) -> str:
        return f"{self.org_code}/{self.created.year}-{self.serial:05d}"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(CONNECT) + rng.choice(WORDS) for _ in range(rng.randint(3, 6))]
    return "，".join(words) + f"，全年完成{rng.randint(2, 98)}项任务。"


def body(rng: random.Random, target_chars: int = 1000) -> str:
    parts, size, section = [], 0, 0
    while size < target_chars:
        if rng.random() < 0.25 and section < 9:
            parts.append(f"## {NUMERALS[section]}、{rng.choice(WORDS)}")
            section += 1
        para = "".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        parts.append(para)
        size += len(para)
    parts.append("| 项目 | 2025年 | 2026年 |\n| --- | --- | --- |\n" + "".join(
        f"| {rng.choice(WORDS)} | {rng.randint(10, 999)} | {rng.randint(10, 999)} |\n" for _ in range(4)))
    return "\n\n".join(parts) + "\n"


def generate(n: int, seed: int = 20261123) -> Iterator[SynthDoc]:
    """n documents across three publishers, eight categories and two years."""
    rng = random.Random(seed)
    serials: dict[tuple[str, int], int] = {}
    for i in range(n):
        org, code = ORGS[i % len(ORGS)]
        created = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
        serials[(org, created.year)] = serial = serials.get((org, created.year), 0) + 1
        yield SynthDoc(f"关于{rng.choice(WORDS)}和{rng.choice(WORDS)}工作的通知（第{i + 1}号）", org, code,
                       CATEGORIES[i % len(CATEGORIES)], created,
                       created + dt.timedelta(days=rng.randint(1, 15)), serial, body(rng))


def write_ours(docs: list[SynthDoc], content: Path) -> None:
    """Our format: YAML front matter, plus the ledger of issued numbers."""
    ledger = []
    for d in docs:
        path = content / d.org / str(d.created.year) / f"{d.serial:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: {d.title}\nindex_no: {d.index_no}\ncategory: {d.category}\n"
            f"disclosure: 主动公开\npublisher: {d.org}\ncreated: {d.created}\n"
            f"published: {d.published}\n---\n\n{d.body}", encoding="utf-8")
        ledger.append(f"{d.index_no}\t{d.created}\t{path.relative_to(content.parent).as_posix()}\n")
    (content / "index-numbers.ledger").write_text("".join(sorted(ledger)), encoding="utf-8")


def write_pelican(docs: list[SynthDoc], content: Path) -> None:
    """The same bodies with Pelican's native `Key: value` header and explicit slugs."""
    for d in docs:
        path = content / d.org / str(d.created.year) / f"{d.serial:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        slug = d.index_no.replace("/", "-")
        path.write_text(f"Title: {d.title}\nDate: {d.published}\nCategory: {d.category}\n"
                        f"Slug: {slug}\n\n{d.body}", encoding="utf-8")


def _keypair(folder: Path, name: str) -> tuple[str, str]:
    """A throw-away Ed25519 key (bench only): (private key file, public key line)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    folder.mkdir(parents=True, exist_ok=True)
    private = folder / name
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                          serialization.NoEncryption()))
    private.chmod(0o600)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    (folder / f"{name}.pub").write_text(public + "\n", encoding="utf-8")
    return str(private), public


def approve_all(site: Path, content: Path) -> Path:
    """Commit the corpus to git as a staff author and record signed review and approval of every
    document, as if the reviewers had done it with their keys, so the gate publishes them
    (bench only; keys are made on the spot). Returns the trust anchor (administrator .pub)."""
    import subprocess

    from disclose import config, inventory, urls
    from disclose.approval import records, sshsig, statements, trust
    from disclose.approval.hashing import content_hash
    from disclose.approval.roster import Roster
    from disclose.build import load_settings
    from disclose.reader import read_document
    from disclose.render import Renderer

    subprocess.run(["git", "init", "-q", str(site)], check=True)
    keys = site / ".bench-keys"
    (site / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (site / ".git" / "info" / "exclude").write_text(".bench-keys/\n", encoding="utf-8")
    rev_key, rev_pub = _keypair(keys, "reviewer")
    app_key, app_pub = _keypair(keys, "approver")
    admin_key, _ = _keypair(keys, "admin")
    (content / "_review").mkdir(parents=True, exist_ok=True)
    (content / "_review" / "roster.yml").write_text(f"""people:
  - id: reviewer
    name: 审查员
    roles: [reviewer]
    keys: [{rev_pub}]
  - id: approver
    name: 分管领导
    roles: [approver]
    keys: [{app_pub}]
  - id: staff
    name: 工作人员
    roles: [clerk]
    email: staff@bench.example
""", encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "staff", "GIT_AUTHOR_EMAIL": "staff@bench.example",
           "GIT_COMMITTER_NAME": "staff", "GIT_COMMITTER_EMAIL": "staff@bench.example",
           "PATH": "/usr/bin:/bin"}
    for cmd in (["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", "-C", str(site), *cmd], check=True, env=env)
    root = Path(__file__).resolve().parents[1]
    settings = config.load(load_settings(root / "pelicanconf.py", {"PATH": str(content)})["DISCLOSE"])
    rules = inventory.Rules.of(settings, content.resolve().relative_to(site.resolve()).as_posix())
    renderer = Renderer()
    for path in sorted(content.rglob("*.md")):
        doc = read_document(path, site, settings, rules)
        # The hash covers the document's inventory, linked files included: render for the links.
        rendered = renderer.render(doc.body, source_path=doc.source_path, body_line=doc.body_line,
                                   repo_root=site, asset_dir=urls.doc_files(doc), rules=rules)
        sha = content_hash(inventory.of(doc, rendered.assets), site)
        at = f"{doc.created}T09:00:00+08:00"
        decisions = []
        for stage, person, key in (("review", "reviewer", rev_key), ("approve", "approver", app_key)):
            d = records.Decision(stage, records.APPROVED, person, at, "同意", sha)
            sig = sshsig.sign(statements.decision_bytes(doc.index_no, d), statements.NAMESPACE, key)
            decisions.append(records.Decision(stage, records.APPROVED, person, at, "同意", sha, sig))
        records.save(content / "_review" / "records", records.Records(doc.index_no, decisions))
    head = subprocess.run(["git", "-C", str(site), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    roster = Roster.load(content / "_review" / "roster.yml", "roster")
    trust.sign(content / settings.approval.policy, settings, roster.raw, admin_key, head)
    return keys / "admin.pub"

