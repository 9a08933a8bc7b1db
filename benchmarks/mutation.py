"""A repeatable mutation run: one-line bugs the tests must catch.

    python benchmarks/mutation.py            # every mutant
    python benchmarks/mutation.py queue-tie-to-old atomic-no-file-fsync   # some of them
    python benchmarks/mutation.py --list

Each mutant is (file, exact original text, replacement text), so it survives lines moving;
the original must occur exactly once in its file, else the run reports it and fails (the code
moved or changed: update the table). The repository is copied once to a temporary folder and
each mutant is applied there, never to the working tree; the mutant's own test paths (chosen
to be the fast tests that should catch it) run with `python -m pytest -x -q`, and the file
is restored. A failing test run is "killed", a passing one "survived".

Before the mutants, the union of their test paths runs on the unmutated copy: a test that
fails anyway would make every mutant look killed.

Exit status: 0 only when every mutant was found and killed and the baseline passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# ------------------------------------------------------------------------------ the mutants
#
# After a move (planner/cli.py -> planner/cli/, funnel's Beta functions -> stats.py, ...)
# update `file` (and `tests`); the texts themselves should still match.


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    original: str
    replacement: str
    tests: tuple[str, ...]


PACING_TESTS = (
    "tests/unit/test_pacing_pinned.py",
    "tests/unit/test_pacing.py",
    "tests/unit/test_status_evidence.py",
    "tests/unit/test_forecast.py",
)
NUMBERS_TESTS = ("tests/cli/test_numbers.py",)
QUEUE_TESTS = (
    "tests/unit/test_queue_selection.py",
    "tests/unit/test_queue.py",
    "tests/unit/test_queue_mix.py",
)
DAILY_TESTS = ("tests/unit/test_daily.py",)
STORE_TESTS = ("tests/store/test_durability.py",)

MUTANTS: tuple[Mutant, ...] = (
    # pacing and the forecast
    Mutant(
        "forecast-prior-weight-x10",
        "planner/forecast.py",
        "PRIOR_WEIGHT_DAYS = 60.0",
        "PRIOR_WEIGHT_DAYS = 600.0",
        PACING_TESTS,
    ),
    Mutant(
        "forecast-robust-mixture-weight",
        "planner/forecast.py",
        "ROBUST_WEIGHT = 0.1",
        "ROBUST_WEIGHT = 0.3",
        PACING_TESTS,
    ),
    Mutant(
        "stats-large-count-cdf-one-sale-short",
        "planner/stats.py",
        "return beta_cdf(p, shape, x + 1.0)",
        "return beta_cdf(p, shape, x)",
        PACING_TESTS,
    ),
    Mutant(
        "forecast-exact-interval-95th",
        "planner/forecast.py",
        "HIGH_LEVEL = 0.90",
        "HIGH_LEVEL = 0.95",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-at-risk-evidence-loosened",
        "planner/pacing.py",
        "AT_RISK_EVIDENCE = 0.10",
        "AT_RISK_EVIDENCE = 0.20",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-behind-evidence-loosened",
        "planner/pacing.py",
        "BEHIND_EVIDENCE = 0.25",
        "BEHIND_EVIDENCE = 0.40",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-projected-not-clamped",
        "planner/pacing.py",
        "projected = min(high, max(low, actual_f + future.mean * forecast_f))",
        "projected = actual_f + future.mean * forecast_f",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-pipeline-dropped",
        "planner/pacing.py",
        "deals = evidence.open_meetings if days_left > 0 else ()",
        "deals = ()",
        PACING_TESTS,
    ),
    Mutant(
        "forecast-stale-deal-not-fading",
        "planner/forecast.py",
        "if days_in_cycle > lead_days:",
        "if days_in_cycle > lead_days * 100:",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-final-on-the-last-day",
        "planner/pacing.py",
        "final = today > period.end",
        "final = today >= period.end",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-today-counted-as-elapsed",
        "planner/pacing.py",
        "min(today - timedelta(days=1), period.end)",
        "min(today, period.end)",
        PACING_TESTS,
    ),
    Mutant(
        "pacing-required-per-day",
        "planner/pacing.py",
        "required = float(remaining) / days_left",
        "required = float(remaining) / (days_left + 1)",
        PACING_TESTS,
    ),
    # issue 10 at the service and the front ends: each rule broken in one line
    Mutant(
        "status-funnel-counts-sales-before-the-first-call",
        "planner/service/reads.py",
        "counts = stage_counts(worked)",
        "counts = stage_counts(summaries)",
        NUMBERS_TESTS,
    ),
    Mutant(
        "pacing-carried-in-not-counted",
        "planner/pacing.py",
        "    sale_count += carried_in\n",
        "    sale_count += 0\n",
        NUMBERS_TESTS,
    ),
    Mutant(
        "setup-empty-period-accepted",
        "planner/service/setup.py",
        "        self.check_period(period)\n",
        "        pass\n",
        NUMBERS_TESTS,
    ),
    Mutant(
        "status-refuses-after-the-period",
        "planner/cli/today.py",
        "report = service.status(closed=True)",
        "report = service.status()",
        NUMBERS_TESTS,
    ),
    Mutant(
        "diagnosis-volume-not-said-at-half",
        "planner/diagnosis.py",
        "total.touches < VOLUME_OBVIOUS * touches_needed:",
        "total.touches < 0:",
        ("tests/unit/test_diagnosis.py",),
    ),
    Mutant(
        "summary-every-sale-priced-on-a-priced-day",
        "planner/daily.py",
        "priced += summary.priced_sales",
        "priced += summary.outcomes.get('sale', 0) if summary.sales_amount else 0",
        ("tests/store/test_summary_totals.py", "tests/unit/test_daily.py"),
    ),
    Mutant(
        "composure-no-sale-always-unusual",
        "planner/composure.py",
        "return math.exp(-max(0.0, daily_sale_rate)) < NO_SALE_UNUSUAL",
        "return True",
        ("tests/unit/test_composure.py",),
    ),
    Mutant(
        "log-no-warning-for-an-unpriced-revenue-sale",
        "planner/cli/touches.py",
        "        _warn_unpriced_revenue_sale(service, touch.day)\n",
        "        pass\n",
        NUMBERS_TESTS,
    ),
    Mutant(
        "review-burnup-without-carried-in",
        "planner/review/pace.py",
        "running = Decimal(target.carried_in or 0)",
        "running = Decimal(0)",
        NUMBERS_TESTS,
    ),
    # queue
    Mutant(
        "queue-snooze-boundary-old",
        "planner/queue.py",
        "prospect.snoozed_until is not None and prospect.snoozed_until > today",
        "prospect.snoozed_until is not None and prospect.snoozed_until >= today",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-snooze-boundary-new",
        "planner/queue.py",
        "if snoozed is not None and snoozed > today:",
        "if snoozed is not None and snoozed >= today:",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-tie-to-old",
        "planner/queue.py",
        "old_first = e_old >= e_new",
        "old_first = e_old > e_new",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-better-source-leads-the-interleaving",
        "planner/queue.py",
        "(old_lines, new_lines) if old_first else (new_lines, old_lines)",
        "(new_lines, old_lines) if old_first else (old_lines, new_lines)",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-old-share-ignored",
        "planner/queue.py",
        "old_low = min(old_available, _at_least(old_share, total), total - new_low)",
        "old_low = 0",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-warm-follow-ups-eat-the-prospecting-share",
        "planner/queue.py",
        "rest = count - prospecting",
        "rest = count",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-follow-up-over-do-not-contact",
        "planner/queue.py",
        "return follow_up is not None and follow_up <= today and not prospect.do_not_contact",
        "return follow_up is not None and follow_up <= today",
        QUEUE_TESTS,
    ),
    Mutant(
        "prospects-a-touch-keeps-the-follow-up",
        "planner/prospects.py",
        "follow_up=None,  # worked",
        "follow_up=prospect.follow_up,  # worked",
        ("tests/cli/test_day_plan_commands.py",),
    ),
    Mutant(
        "queue-cooloff-boundary",
        "planner/queue.py",
        "(today - last).days >= cooloff_days",
        "(today - last).days > cooloff_days",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-warm-window-boundary",
        "planner/queue.py",
        "last >= warm_since",
        "last > warm_since",
        QUEUE_TESTS,
    ),
    Mutant(
        "queue-min-new-share-rounds-down",
        "planner/queue.py",
        "return max(0, math.ceil(share * total - _EPS))",
        "return max(0, math.floor(share * total - _EPS))",
        QUEUE_TESTS,
    ),
    # calendar
    Mutant(
        "calendar-holidays-ignored",
        "planner/calendar.py",
        "day.weekday() in self.workdays and day not in self.holidays and day not in self.days_off",
        "day.weekday() in self.workdays and day not in self.days_off",
        ("tests/unit/test_calendar.py",),
    ),
    Mutant(
        "calendar-count-skips-a-holiday-on-the-first-day",
        "planner/calendar.py",
        "if start <= d <= end}",
        "if start < d <= end}",
        ("tests/unit/test_calendar.py",),
    ),
    # daily counts (and the outcome vocabulary they rest on)
    Mutant(
        "models-not-interested-is-no-conversation",
        "planner/models.py",
        '{"conversation", "meeting", "not-interested", "sale"}',
        '{"conversation", "meeting", "sale"}',
        DAILY_TESTS,
    ),
    Mutant(
        "daily-a-sale-is-no-meeting",
        "planner/daily.py",
        "if outcome in MEETING_OUTCOMES:",
        'if outcome == "meeting":',
        DAILY_TESTS,
    ),
    Mutant(
        "daily-sales-counted-per-day",
        "planner/daily.py",
        'count += summary.outcomes.get("sale", 0)',
        "count += 1",
        DAILY_TESTS,
    ),
    # funnel
    Mutant(
        "funnel-prior-mass-ignores-strength",
        "planner/funnel.py",
        "a = successes + strength * prior",
        "a = successes + prior",
        DAILY_TESTS,
    ),
    Mutant(
        "funnel-meeting-rate-per-touch",
        "planner/funnel.py",
        "meeting=smoothed_rate(c.meetings, c.conversations, p.meeting, strength)",
        "meeting=smoothed_rate(c.meetings, c.touches, p.meeting, strength)",
        DAILY_TESTS,
    ),
    # store
    Mutant(
        "atomic-no-file-fsync-before-rename",
        "planner/store/atomic.py",
        "        os.fsync(fd)\n    finally:\n        os.close(fd)",
        "        pass\n    finally:\n        os.close(fd)",
        STORE_TESTS,
    ),
    Mutant(
        "atomic-no-folder-fsync-after-rename",
        "planner/store/atomic.py",
        "    fsync_dir(target.parent, display)\n    return prepared.key",
        "    return prepared.key",
        STORE_TESTS,
    ),
    Mutant(
        "journal-no-folder-fsync-after-the-data-renames",
        "planner/store/journal.py",
        "        fsync_dirs(\n"
        "            [\n"
        "                (folder, str(folder.relative_to(data_dir)))\n"
        "                for folder in _folders(data_dir, [*finals, *plan.removes])\n"
        "            ]\n"
        "        )\n",
        "",
        STORE_TESTS,
    ),
    Mutant(
        "journal-no-retry-after-a-failed-rename",
        "planner/store/journal.py",
        '            replay(data_dir, files, _journal_tables(plan)[JOURNAL_TABLE]["1"])',
        "            raise error",
        STORE_TESTS,
    ),
    Mutant(
        "atomic-files-readable-by-others",
        "planner/store/atomic.py",
        "FILE_MODE = 0o600",
        "FILE_MODE = 0o644",
        ("tests/store/test_faults.py::test_folders_are_0700_and_files_0600_whatever_the_umask",),
    ),
    # importers
    Mutant(
        "importers-yes-means-no",
        "planner/importers/values.py",
        "    if value in _TRUE:\n        return True",
        "    if value in _TRUE:\n        return False",
        ("tests/importers/test_values.py",),
    ),
    Mutant(
        "importers-negative-money-accepted",
        "planner/importers/values.py",
        'if body.startswith(("-", "(", "−")):',
        'if body.startswith(("(", "−")):',
        ("tests/importers/test_values.py",),
    ),
    Mutant(
        "importers-pipedrive-title-alone-not-enough",
        "planner/importers/crm/pipedrive.py",
        '"deal title" in headers or (',
        '"deal title" in headers and (',
        ("tests/importers/test_detect.py",),
    ),
    # export
    Mutant(
        "export-csv-formula-with-equals",
        "planner/export/csv_format.py",
        '_FORMULA_STARTS = ("=", "+", "-", "@", "\\t", "\\r", "\\n")',
        '_FORMULA_STARTS = ("+", "-", "@", "\\t", "\\r", "\\n")',
        ("tests/export/test_injection.py",),
    ),
    Mutant(
        "export-line-breaks-glue-words",
        "planner/sanitize.py",
        'return strip_controls(_BREAKS.sub(" ", text))',
        "return strip_controls(text)",
        ("tests/export/test_injection.py", "tests/unit/test_sanitize.py"),
    ),
    Mutant(
        "export-sparkline-small-day-looks-empty",
        "planner/export/common.py",
        "SPARKS[max(1, round(v / top * steps))]",
        "SPARKS[round(v / top * steps)]",
        ("tests/export/test_common.py",),
    ),
    Mutant(
        "export-money-without-thousands",
        "planner/formatting.py",
        'return f"{value:,.2f}"\n\n\ndef money_data(',
        'return f"{value:.2f}"\n\n\ndef money_data(',
        ("tests/export/test_common.py", "tests/unit/test_formatting.py"),
    ),
    # what-if (issue 14)
    Mutant(
        "whatif-rate-not-scaled",
        "planner/forecast.py",
        "(w, a, b / factor) if factor > 0.0",
        "(w, a, b) if factor > 0.0",
        ("tests/unit/test_whatif.py",),
    ),
    Mutant(
        "whatif-required-one-short",
        "planner/whatif.py",
        "            low = middle\n    return high\n",
        "            low = middle\n    return max(0, high - 1)\n",
        ("tests/unit/test_whatif.py",),
    ),
    Mutant(
        "whatif-close-rate-ignores-meetings-in-hand",
        "planner/forecast.py",
        "OpenDeal(p_close=min(1.0, d.p_close * outlook.close_factor), weight=d.weight)",
        "OpenDeal(p_close=d.p_close, weight=d.weight)",
        ("tests/unit/test_whatif.py",),
    ),
    Mutant(
        "logserver-reports-no-change",
        "planner/service/logserver.py",
        '"after": service.change_counter(),',
        '"after": before,',
        ("tests/service/test_logserver.py",),
    ),
    Mutant(
        "note-bar-drops-the-keys-after-enter",
        "tui/widgets/note_bar.py",
        "        await self._redeliver(held)",
        "        del held",
        ("tests/tui/test_note_bar.py",),
    ),
    Mutant(
        "check-ins-ranked-by-id",
        "planner/service/reports.py",
        "eligible.sort(key=lambda row: (-old_prospect_score(row, day), row.id))",
        "eligible.sort(key=lambda row: row.id)",
        ("tests/export/test_output.py",),
    ),
    Mutant(
        "check-in-row-forgets-the-snooze",
        "planner/store/subsets.py",
        "for field in CHECKIN_FIELDS]}",
        "for field in CHECKIN_FIELDS[:-1]] + [None]}",
        ("tests/store/test_checkins_index.py",),
    ),
    Mutant(
        "writer-reads-nothing-ahead",
        "planner/store/repository.py",
        "                    self._file(rel).load()",
        "                    pass",
        ("tests/store/test_read_ahead.py",),
    ),
    Mutant(
        "open-shard-keeps-whole-documents",
        "planner/store/subsets.py",
        "    return {field: doc[field] for field in OPEN_FIELDS if field in doc}",
        "    return doc",
        ("tests/store/test_open_index.py",),
    ),
    Mutant(
        "undo-overtakes-the-logged-call",
        "tui/screens/today.py",
        "self.call_after_refresh(runner.submit, jobs.undo(runner), self)",
        "runner.submit(jobs.undo(runner), self)",
        ("tests/tui/test_note_bar.py",),
    ),
)

# ------------------------------------------------------------------------------ the run

ROOT = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache",
    ".ruff_cache", "*.egg-info", "build", "dist",
)  # fmt: skip
PYTEST = ["-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
TIMEOUT_SECONDS = 600


def _pytest(copy: Path, tests: tuple[str, ...]) -> tuple[int, float, str]:
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PLANNER_UPDATE_GOLDEN", None)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, *PYTEST, *tests],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, time.monotonic() - started, "timeout"
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return done.returncode, time.monotonic() - started, tail


def _check_copy_is_imported(copy: Path) -> None:
    """The copy's planner must be the one tests import, not the installed working tree."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    code = "import planner, sys; print(planner.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(copy.resolve()):
        raise SystemExit(f"the copy's planner is not the one imported: {found}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    if args.list:
        for m in MUTANTS:
            print(f"{m.name:50} {m.file}")
        return 0
    unknown = set(args.names) - {m.name for m in MUTANTS}
    if unknown:
        print(f"unknown mutant(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]

    with tempfile.TemporaryDirectory(prefix="planner-mutation-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORED, symlinks=True)
        # Tests that read ../shared/data find it beside the copy as they do beside the repo.
        shared = ROOT.parent / "shared"
        if shared.is_dir() and "PLANNER_SHARED_DATA" not in os.environ:
            os.environ["PLANNER_SHARED_DATA"] = str(shared / "data")
        _check_copy_is_imported(copy)

        # Missing or ambiguous originals are reported before anything runs.
        problems: dict[str, str] = {}
        for m in chosen:
            path = copy / m.file
            count = path.read_text(encoding="utf-8").count(m.original) if path.exists() else -1
            if count != 1:
                problems[m.name] = (
                    "file missing" if count < 0 else f"original found {count} times, need 1"
                )

        baseline_tests = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
        code, seconds, tail = _pytest(copy, baseline_tests)
        print(f"baseline ({len(baseline_tests)} test paths, unmutated): {tail} [{seconds:.0f} s]")
        if code != 0:
            print("the baseline fails: fix the tests before judging mutants", file=sys.stderr)
            return 1

        rows: list[tuple[str, str, str, float]] = []
        for m in chosen:
            if m.name in problems:
                rows.append((m.name, "NOT FOUND", problems[m.name], 0.0))
                continue
            path = copy / m.file
            original = path.read_text(encoding="utf-8")
            path.write_text(original.replace(m.original, m.replacement, 1), encoding="utf-8")
            try:
                code, seconds, tail = _pytest(copy, m.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            if code == 0:
                verdict = "SURVIVED"
            elif code in (1, -1):  # test failures (or a hang the timeout stopped)
                verdict = "killed"
            else:  # 2-5: interrupted, internal error, usage, nothing collected
                verdict = f"ERROR {code}"
            rows.append((m.name, verdict, tail, seconds))
            print(f"  {m.name}: {verdict} [{seconds:.0f} s]", flush=True)

    width = max(len(name) for name, *_ in rows)
    print()
    print(f"{'mutant':{width}}  {'result':9}  {'time':>5}  pytest")
    for name, verdict, tail, seconds in rows:
        print(f"{name:{width}}  {verdict:9}  {seconds:4.0f}s  {tail}")
    killed = sum(1 for _, verdict, *_ in rows if verdict == "killed")
    survived = sum(1 for _, verdict, *_ in rows if verdict == "SURVIVED")
    other = len(rows) - killed - survived
    print()
    print(f"{killed} killed, {survived} survived" + (f", {other} not run" if other else ""))
    return 0 if killed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
