"""Formats are told by their header rows; an unknown one gets its headers and a --map line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.importers.csvfile import CsvError, read_csv
from planner.importers.detect import choose, detect, suggest_maps
from tests.importers.conftest import Planner

FIXTURE_KEYS = [
    ("hubspot_contacts.csv", "hubspot"),
    ("salesforce_opportunities.csv", "salesforce"),
    ("pipedrive_deals.csv", "pipedrive"),
    ("planner_prospects.csv", "planner"),
]
LABELS = {
    "hubspot": "HubSpot contacts",
    "salesforce": "Salesforce opportunity report",
    "pipedrive": "Pipedrive deals",
    "planner": "planner prospect CSV",
}


@pytest.mark.parametrize(("name", "key"), FIXTURE_KEYS)
def test_each_fixture_is_recognised(fixtures: Path, name: str, key: str) -> None:
    found = detect(read_csv(fixtures / name).headers)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    ("headers", "key"),
    [
        (
            ["Deal - Title", "Deal - Value", "Deal - Status", "Organization", "Contact person"],
            "pipedrive",
        ),
        (["Opportunity Name", "Account Name", "Stage", "Total Amount", "Close Date"], "salesforce"),
        (["First Name", "Last Name", "Email", "Lifecycle Stage"], "hubspot"),
        (["Deal - Title", "Person - Name"], "pipedrive"),  # the deal title alone signs it
        (["name", "email"], "planner"),
        (["Name", "Last Contact", "Do Not Contact"], "planner"),
    ],
)
def test_minimal_signatures(headers: list[str], key: str) -> None:
    found = detect(headers)
    assert found is not None and found.key == key
    # The same headers in another order are the same format.
    again = detect(list(reversed(headers)))
    assert again is not None and again.key == key


def test_fixture_files_are_imported_as_the_detected_crm(planner: Planner, fixtures: Path) -> None:
    """`--from auto` (the default) reads each CRM export with its own profile, and says so."""
    assert planner("init", "--target", "10", "--period", "2017").exit_code == 0
    for name, key in FIXTURE_KEYS:
        done = planner("prospect", "import", str(fixtures / name), "--dry-run")
        assert done.exit_code == 0, done.stderr
        assert done.stdout.startswith(f"Dry run of {name} ({LABELS[key]}), nothing changed")
        forced = planner("prospect", "import", str(fixtures / name), "--dry-run", "--from", key)
        assert forced.exit_code == 0, forced.stderr
        assert done.stdout == forced.stdout, name


def test_planner_format_means_only_planner_columns() -> None:
    assert detect(["name", "email", "favourite colour"]) is None


def test_maven_headers_fail_with_the_headers_and_the_map_to_pass(shared_data: Path) -> None:
    headers = read_csv(shared_data / "maven_sales_pipeline.csv").headers
    assert detect(headers) is None
    with pytest.raises(CsvError) as refused:
        choose(headers, "auto", mapped=False, name="maven_sales_pipeline.csv")
    message = str(refused.value)
    assert message.startswith("maven_sales_pipeline.csv: line 1: not a HubSpot")
    assert "'opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage'" in message
    assert message.endswith(
        "--map opportunity_id=name --map account=company --map deal_stage=status "
        "--map close_date=last_contact --map close_value=value"
    )


def test_suggestion_quotes_headers_with_spaces() -> None:
    assert suggest_maps(["Client", "Organisation Name", "E-mail"]) == (
        "--map Client=name --map 'Organisation Name'=company --map E-mail=email"
    )


def test_forced_format_wins_and_mapping_serves_any_export() -> None:
    assert choose(["name"], "hubspot", mapped=False, name="x.csv").key == "hubspot"
    assert choose(["a", "b"], "auto", mapped=True, name="x.csv").key == "planner"
