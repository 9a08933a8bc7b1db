"""Formats are told by their header rows; an unknown one gets its headers and a --map line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.importers.csvfile import CsvError, read_csv
from planner.importers.detect import choose, detect, suggest_maps


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("hubspot_contacts.csv", "hubspot"),
        ("salesforce_opportunities.csv", "salesforce"),
        ("pipedrive_deals.csv", "pipedrive"),
        ("planner_prospects.csv", "planner"),
    ],
)
def test_each_fixture_is_recognised(fixtures: Path, name: str, key: str) -> None:
    found = detect(read_csv(fixtures / name).headers)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "headers",
    [
        ["Deal - Title", "Deal - Value", "Deal - Status", "Organization", "Contact person"],
        ["Opportunity Name", "Account Name", "Stage", "Total Amount", "Close Date"],
        ["First Name", "Last Name", "Email", "Lifecycle Stage"],
        ["name", "email"],
        ["Name", "Last Contact", "Do Not Contact"],
    ],
)
def test_minimal_signatures(headers: list[str]) -> None:
    assert detect(headers) is not None


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
