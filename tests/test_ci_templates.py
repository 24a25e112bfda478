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


def test_scheduled_inspection_and_linkcheck_jobs():
    gh = yaml.safe_load((ROOT / ".github/workflows/disclose.yml").read_text(encoding="utf-8"))
    triggers = gh[True] if True in gh else gh["on"]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"][0]["cron"]
    for job, command in (("inspect", "disclose inspect --days 7"), ("linkcheck", "disclose linkcheck")):
        assert gh["jobs"][job]["if"] == "github.event_name == 'schedule'"
        assert any(command in s.get("run", "") for s in gh["jobs"][job]["steps"])
    # The scheduled run must not deploy, and the merge-request check must not run on it.
    assert "schedule" not in gh["jobs"]["publish"]["if"] and "schedule" not in gh["jobs"]["check"]["if"]
    gl = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for job, command in (("inspect", "disclose inspect --days 7"), ("linkcheck", "disclose linkcheck")):
        assert gl[job]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
        assert any(command in line for line in gl[job]["script"])
    assert gl["publish"]["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}


def test_ci_entry_point_is_valid_bash_that_ends_in_make_test():
    """.ci/run is what CI runs: a syntax error there fails CI before any test (it happened once,
    a block pasted into its header comment)."""
    import subprocess

    run = ROOT / ".ci" / "run"
    assert subprocess.run(["bash", "-n", str(run)], capture_output=True).returncode == 0
    lines = [line for line in run.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0] == "set -euo pipefail" and lines[-1] == "make test"
