"""The workflow files staff copy into their code host: valid YAML that runs our commands."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def test_pre_commit_runs_disclose_check_on_documents():
    conf = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = conf["repos"][0]["hooks"][0]
    assert hook["entry"] == ".venv/bin/disclose check" and hook["files"] == r"^content/.*\.md$"


def test_github_and_gitlab_templates():
    gh = yaml.safe_load((ROOT / ".github/workflows/disclose.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") + s.get("uses", "") for s in gh["jobs"]["check"]["steps"]]
    assert any("--format sarif" in s for s in steps) and any("upload-sarif" in s for s in steps)
    assert any("--preview" in s for s in steps)
    assert any("make publish STRICT=1" in s.get("run", "") for s in gh["jobs"]["publish"]["steps"])
    assert gh["jobs"]["publish"]["env"]["DISCLOSE_TRUST"] == "${{ vars.DISCLOSE_TRUST }}"
    assert all(s.get("with", {}).get("fetch-depth") == 0 for job in gh["jobs"].values()
               for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    gl = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gl["variables"]["GIT_DEPTH"] == "0"
    assert "make publish STRICT=1" in gl["publish"]["script"]
    assert "DISCLOSE_TRUST" in (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
