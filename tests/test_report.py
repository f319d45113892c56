"""`planctl report`: the compliance report, requirement by requirement, on plans it has not seen."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.check.compliance import compliance_report
from planctl.check.pipeline import CheckOptions, check_file
from planctl.cli.main import cli

EX = Path(__file__).parent / "examples" / "rules"
CLEAN = EX / "GUIDE-LEVELS" / "pass.yaml"
TODAY = date(2024, 7, 1)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def report_for(path: Path, lang: str = "nb"):  # type: ignore[no-untyped-def]
    return compliance_report(check_file(path, CheckOptions(today=TODAY, lang=lang)), lang=lang, today=TODAY)


def statuses(path: Path) -> dict[str, str]:
    return {r.id: r.status for r in report_for(path).requirements}


# plan, requirement judged, its status, exit code (every example's own `# report:` markers are checked by
# test_report_examples.py; these also hold the other requirements to «met»)
SCENARIOS = [
    (EX / "LAW-ADOPTION" / "fail-formannskapet.yaml", "LAW-ADOPTION", "missing", 1),
    (EX / "LAW-ADOPTION" / "fail-no-date.yaml", "LAW-ADOPTION", "partial", 0),
    (EX / "LAW-ADOPTION" / "fail-future.yaml", "LAW-ADOPTION", "partial", 1),
    (EX / "LAW-ADOPTION" / "fail-draft.yaml", "LAW-ADOPTION", "pending", 0),
    (EX / "LAW-ADOPTION" / "fail-unknown.yaml", "LAW-ADOPTION", "undocumented", 1),
    (EX / "LAW-COLLABORATION" / "fail.yaml", "LAW-COLLABORATION", "missing", 1),
    (EX / "LAW-COLLABORATION" / "fail-one-municipal.yaml", "LAW-COLLABORATION", "missing", 1),
    (EX / "LAW-DIVISION" / "pass-external-owner.yaml", "LAW-DIVISION", "met", 0),
    (EX / "LAW-GOALS" / "fail.yaml", "LAW-GOALS", "missing", 1),
    (EX / "LAW-ORGANISATION" / "fail-no-mandate.yaml", "LAW-ORGANISATION", "partial", 0),
    (CLEAN, "LAW-ADOPTION", "met", 0),
]


@pytest.mark.parametrize(
    ("path", "rule", "status", "code"), SCENARIOS, ids=lambda v: getattr(v, "name", str(v))
)
def test_scenarios(path: Path, rule: str, status: str, code: int) -> None:
    rep = report_for(path)
    assert {r.id: r.status for r in rep.requirements}[rule] == status
    others = {r.id: r.status for r in rep.requirements if r.id != rule}
    if path == CLEAN or rule == "LAW-ADOPTION":
        assert set(others.values()) == {"met"}, others
    assert rep.exit_code() == code
    result = CliRunner().invoke(cli, ["report", str(path), "--today", "2024-07-01"])
    assert result.exit_code == code, result.output


def requirement(rep, rule: str):  # type: ignore[no-untyped-def]
    return next(r for r in rep.requirements if r.id == rule)


def test_clean_plan_all_met_with_evidence_lines() -> None:
    rep = report_for(CLEAN)
    assert [r.status for r in rep.requirements] == ["met"] * 7
    assert all(r.todo is None and not r.findings for r in rep.requirements)
    goals = next(r for r in rep.requirements if r.id == "LAW-GOALS")
    assert goals.evidence[0].path == "/goals/0"
    assert goals.evidence[0].line == line_of(CLEAN, "{id: hovedmal")
    adoption = next(r for r in rep.requirements if r.id == "LAW-ADOPTION")
    assert adoption.evidence[0].line == line_of(CLEAN, "body: kommunestyret")
    assert "24/117" in adoption.evidence[0].text
    collab = next(r for r in rep.requirements if r.id == "LAW-COLLABORATION")
    assert collab.evidence[0].line == line_of(CLEAN, "- id: drofting")
    assert rep.guidance == ()


def test_external_owner_is_a_warning_on_the_measure_not_an_error_on_the_law() -> None:
    path = EX / "LAW-DIVISION" / "pass-external-owner.yaml"
    rep = report_for(path)
    division = requirement(rep, "LAW-DIVISION")
    assert division.status == "met" and division.findings == () and division.todo is None
    counted = [e.text for e in division.evidence if e.counts]
    assert counted == [
        "ansvarlig tjeneste «Helsestasjonen» (2 tiltak)",
        "ansvarlig tjeneste «Barnevernstjenesten» (1 tiltak)",
        "ansvarlig tjeneste «Skolene» (1 tiltak)",
    ]
    [not_counted] = [e for e in division.evidence if not e.counts]
    assert not_counted.text == "«BUP» teller ikke: ekstern instans, ikke en av kommunens tjenester"
    [finding] = [f for f in rep.guidance if f.rule == "OWNER-EXTERNAL"]
    assert finding.line == line_of(path, "responsible: [bup]")
    assert finding.path == "/measures/2/responsible" and finding.severity.value == "warning"
    assert rep.exit_code() == 0


def test_words_are_the_law_and_language_follows_option() -> None:
    nb = report_for(CLEAN, "nb")
    assert requirement(nb, "LAW-ADOPTION").words.startswith("«Kommunestyret selv skal vedta")
    assert requirement(nb, "LAW-ADOPTION").reference == "barnevernsloven § 15-1 andre ledd"
    en = report_for(CLEAN, "en")
    assert requirement(en, "LAW-ADOPTION").title == "The plan is adopted by the municipal council itself"
    assert "unofficial translation" in requirement(en, "LAW-ADOPTION").words
    assert (
        requirement(en, "LAW-ADOPTION").reference
        == "barnevernsloven (Child Welfare Act) § 15-1 second paragraph"
    )
    nn = report_for(CLEAN, "nn")
    assert requirement(nn, "LAW-ADOPTION").title == "Planen er vedteken av kommunestyret sjølv"
    assert requirement(nn, "LAW-ADOPTION").reference == "barnevernslova § 15-1 andre ledd"
    assert (
        requirement(nn, "LAW-COORDINATION").reference
        == "barnevernslova § 15-1 første ledd; barnevernslova § 15-8 andre ledd"
    )


def test_json_shape(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(EX / "LAW-ADOPTION" / "fail-formannskapet.yaml"),
            "--format",
            "json",
            "-o",
            str(out),
            "--today",
            "2024-07-01",
        ],
    )
    assert result.exit_code == 1 and result.output == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "planctl-compliance/1" and doc["plan"] == "eksempel"
    reqs = {r["id"]: r for r in doc["requirements"]}
    assert list(reqs) == [
        "LAW-MEASURES",
        "LAW-GOALS",
        "LAW-ORGANISATION",
        "LAW-DIVISION",
        "LAW-COLLABORATION",
        "LAW-COORDINATION",
        "LAW-ADOPTION",
    ]
    assert reqs["LAW-ADOPTION"]["status"] == "missing" and reqs["LAW-ADOPTION"]["basis"] == "law"
    assert reqs["LAW-ADOPTION"]["reference"] == "barnevernsloven § 15-1 andre ledd"
    [f] = reqs["LAW-ADOPTION"]["findings"]
    assert f["path"] == "/plan/adoption/body" and f["severity"] == "error" and f["basis"] == "law"
    ev = reqs["LAW-GOALS"]["evidence"][0]
    assert set(ev) == {"text", "path", "file", "line", "counts"} and ev["path"] == "/goals/0"
    assert reqs["LAW-GOALS"]["blocked_by"] == []
    assert doc["exit_code"] == 1 and doc["summary"]["missing"] == 1 and doc["summary"]["met"] == 6


def test_markdown_and_text() -> None:
    path = EX / "LAW-ADOPTION" / "fail-draft.yaml"
    md = CliRunner().invoke(cli, ["report", str(path), "--format", "markdown", "--today", "2024-07-01"])
    assert md.exit_code == 0
    assert (
        "| LAW-ADOPTION: Planen er vedtatt av kommunestyret selv | **venter på vedtak** | lovkrav |"
        in md.output
    )
    assert md.output.startswith("# Samsvarsrapport")
    text = CliRunner().invoke(cli, ["report", str(path), "--lang", "en", "--today", "2024-07-01"])
    assert "PENDING ADOPTION" in text.output and "pending adoption by the municipal council" in text.output


def test_docx_opens_with_headings_and_header_row(tmp_path: Path) -> None:
    from docx2python import docx2python

    out = tmp_path / "samsvar.docx"
    result = CliRunner().invoke(
        cli,
        [
            "report",
            str(EX / "LAW-GOALS" / "fail.yaml"),
            "--format",
            "docx",
            "-o",
            str(out),
            "--today",
            "2024-07-01",
        ],
    )
    assert result.exit_code == 1
    with docx2python(out) as doc:
        text = doc.text
        tables = [t for t in doc.body if len(t) > 1]
    assert "Samsvarsrapport" in text and "Målene for arbeidet er beskrevet" in text
    header = ["".join(cell) for cell in tables[0][0]]
    assert header == ["Krav", "Status", "Grunnlag", "Hjemmel"]
    import docx

    d = docx.Document(str(out))
    assert d.paragraphs[0].style.name == "Title"
    assert any(p.style.name == "Heading 1" for p in d.paragraphs)
    first_row = d.tables[0].rows[0]._tr
    assert (
        first_row.trPr is not None
        and first_row.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    again = tmp_path / "again.docx"
    CliRunner().invoke(
        cli,
        [
            "report",
            str(EX / "LAW-GOALS" / "fail.yaml"),
            "--format",
            "docx",
            "-o",
            str(again),
            "--today",
            "2024-07-01",
        ],
    )
    assert again.read_bytes() == out.read_bytes()


def test_the_docx_format_is_a_file_of_bytes_for_build_to_write(tmp_path: Path) -> None:
    from planctl.formats.compliance import FORMATS
    from planctl.formats.output import emit

    fmt = FORMATS["docx"]
    assert fmt.binary and fmt.suffix == "-compliance.docx"
    target = tmp_path / "plan-samsvar.docx"
    emit(fmt.load()(report_for(CLEAN)), target)
    assert target.read_bytes()[:2] == b"PK"


def test_usage_and_unreadable_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["report", str(CLEAN), "--format", "docx"]).exit_code == 2
    assert runner.invoke(cli, ["report", str(tmp_path / "missing.yaml")]).exit_code != 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: planctl/1\nplan: {id: x}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "report", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "planctl validate" in proc.stderr
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "planctl",
            "report",
            str(CLEAN),
            "-o",
            str(tmp_path / "no-such-dir" / "r.txt"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2


def test_subprocess_real_plan_nordre_land() -> None:
    plan = Path(__file__).parent.parent / "plans" / "nordre-land" / "plan.yaml"
    assert plan.is_file(), f"plans/ is committed: {plan} must be there"
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "report", str(plan), "--format", "json", "--today", "2024-07-01"],
        capture_output=True,
        text=True,
    )
    doc = json.loads(proc.stdout)
    status = {r["id"]: r["status"] for r in doc["requirements"]}
    assert status["LAW-ADOPTION"] == "met"  # adopted in December 2022; no case number is a warning
    adoption = next(r for r in doc["requirements"] if r["id"] == "LAW-ADOPTION")
    assert [f["severity"] for f in adoption["findings"]] == ["warning"]
    assert status["LAW-DIVISION"] == "missing"  # «Alle ansatte», roles and a team own every measure
    assert proc.returncode == 1
    assert sum(g["rule"] == "OWNER-VAGUE" for g in doc["guidance"]) == 8
