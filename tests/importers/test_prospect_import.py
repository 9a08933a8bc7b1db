"""`planner prospect import` on CRM-shaped exports, through the real command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.importers.csvfile import read_csv
from tests.importers.conftest import Planner, by_name, prospects, snapshot

FIXTURES = ("hubspot_contacts", "salesforce_opportunities", "pipedrive_deals", "planner_prospects")


def test_hubspot_contacts(planner: Planner, fixtures: Path) -> None:
    done = planner("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    assert done.exit_code == 0, done.stderr
    assert "(HubSpot contacts): 12 new, 0 updated, 0 unchanged, 0 skipped" in done.stdout
    found = by_name(planner)
    expected = {
        "María García": ("lost", "timing", "2017-06-12"),  # lead status Bad timing
        "Tom Becker": ("lost", "no-fit", "2017-03-02"),  # Unqualified
        "Aisha Khan": ("won", None, "2017-09-20"),  # lifecycle Customer beats any lead status
        "Li Wei": ("active", None, "2017-11-20"),  # In Progress
        "info@quietpine.com": ("new", None, None),  # no name: the email stands in
        "Jean-Luc Moreau": ("new", None, "2017-02-14"),
        "Omar Haddad": ("won", None, "2017-07-07"),  # Evangelist
        "Chloé Martin": ("active", None, None),  # Open
        "Ben Adeyemi": ("lost", "no-fit", "2016-12-01"),
    }
    for name, (status, reason, last) in expected.items():
        row = found[name]
        assert (row["status"], row["lost_reason"], row["last_contact"]) == (status, reason, last)
    assert found["Aisha Khan"]["company"] == "Brightpath, Ltd"
    assert found["Li Wei"]["phone"] == "(415) 555-0134"


def test_salesforce_report_in_windows_1252(planner: Planner, fixtures: Path) -> None:
    done = planner("prospect", "import", str(fixtures / "salesforce_opportunities.csv"))
    assert done.exit_code == 0, done.stderr
    assert done.stderr.count("\n") == 1 and "not UTF-8: read it as Windows-1252" in done.stderr
    found = by_name(planner)
    retrofit = found["Müller - Q3 retrofit"]
    assert retrofit["company"] == "Müller Maschinenbau GmbH"
    assert (retrofit["status"], retrofit["lost_reason"]) == ("lost", "timing")
    assert (retrofit["last_contact"], retrofit["value"]) == ("2017-08-14", "48000.00")
    assert found["SGI - Building sensors"]["status"] == "won"
    # An open deal's close date is a forecast, not a touch.
    assert found["Acme - 200 Widgets"]["status"] == "active"
    assert found["Acme - 200 Widgets"]["last_contact"] is None
    assert found["Grand Hotels - Wi-Fi upgrade"]["status"] == "new"
    assert found["Pyramid - Emergency Generators"]["lost_reason"] == "competitor"
    assert found["Café Olé - Espresso machines"]["company"] == "Café Olé"


def test_pipedrive_deals(planner: Planner, fixtures: Path) -> None:
    done = planner("prospect", "import", str(fixtures / "pipedrive_deals.csv"))
    assert done.exit_code == 0, done.stderr
    assert "(Pipedrive deals): 7 new, 0 updated, 0 unchanged, 1 skipped" in done.stdout
    assert "skipped line 7: a deleted deal" in done.stderr
    found = by_name(planner)
    assert "Test Person" not in found
    joao = found["João Silva"]
    assert (joao["status"], joao["lost_reason"], joao["last_contact"]) == (
        "lost",
        "competitor",
        "2017-07-19",
    )
    assert found["Eva Novák"]["lost_reason"] == "timing"
    assert found["Hiro Tanaka"]["status"] == "new"  # open, still in the first stage
    assert found["Zenith Labs - trial"]["company"] == "Zenith Labs"  # no person: the title
    assert found["Li Wei"]["value"] == "12000.00"


def test_planner_prospect_csv(planner: Planner, fixtures: Path) -> None:
    assert planner("prospect", "import", str(fixtures / "planner_prospects.csv")).exit_code == 0
    found = by_name(planner)
    assert found["Ada Park"] == {
        "id": found["Ada Park"]["id"],
        "name": "Ada Park",
        "company": "Parkside Dental",
        "email": "ada@parkside.example",
        "phone": "+1 212 555 0101",
        "status": "lost",
        "lost_reason": "budget",
        "last_contact": "2017-05-02",
        "do_not_contact": False,
        "value": "4800.00",
        "follow_up": None,
    }
    assert found["Erin Walsh"]["do_not_contact"] is True
    assert found["Carla Diaz"]["value"] == "1200.50"


@pytest.mark.parametrize("name", FIXTURES)
def test_importing_the_same_file_twice_changes_nothing(
    planner: Planner, fixtures: Path, data_dir: Path, name: str
) -> None:
    file = str(fixtures / f"{name}.csv")
    assert planner("prospect", "import", file).exit_code == 0
    before = snapshot(data_dir)
    again = planner("prospect", "import", file)
    assert again.exit_code == 0
    assert " 0 new, 0 updated, " in again.stdout and " unchanged" in again.stdout
    assert snapshot(data_dir) == before


def test_the_same_people_in_two_crms_are_updated_not_doubled(
    planner: Planner, fixtures: Path
) -> None:
    planner("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    done = planner("prospect", "import", str(fixtures / "pipedrive_deals.csv"))
    assert "4 new, 3 updated, 0 unchanged, 1 skipped" in done.stdout
    found = by_name(planner)
    assert len(found) == 16
    tom = found["Tom Becker"]  # same email in another case: one prospect
    assert tom["email"] == "t.becker@nordwerk.de" and tom["phone"] == "+49 30 1234 5678"
    assert (tom["lost_reason"], tom["last_contact"], tom["value"]) == (
        "budget",
        "2017-05-10",
        "30000.00",
    )
    assert found["Greta Lindqvist"]["status"] == "won"  # the later deal was won
    again = planner("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    # The HubSpot rows are older than what Pipedrive said: their statuses do not win again.
    assert "0 new, 0 updated, 12 unchanged" in again.stdout


def _variant(source: Path, target: Path, encoding: str, delimiter: str) -> None:
    table = read_csv(source)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(cells for _, cells in table.rows)
    target.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-8-sig", ";"), ("utf-8", "\t"), ("utf-16", ",")],
)
def test_other_encodings_and_delimiters_give_the_same_prospects(
    fixtures: Path, tmp_path: Path, name: str, encoding: str, delimiter: str
) -> None:
    from tests.importers.conftest import invoke

    original = invoke(tmp_path / "a", "prospect", "import", str(fixtures / f"{name}.csv"))
    variant = tmp_path / f"{name}-variant.csv"
    _variant(fixtures / f"{name}.csv", variant, encoding, delimiter)
    again = invoke(tmp_path / "b", "prospect", "import", str(variant))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.split(":", 1)[1] == original.stdout.split(":", 1)[1]
    listed = [invoke(tmp_path / d, "prospect", "list", "--json").json() for d in ("a", "b")]
    assert listed[0] == listed[1]


def test_dry_run_shows_the_first_few_of_each_and_writes_nothing(
    planner: Planner, fixtures: Path, data_dir: Path
) -> None:
    planner("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    before = snapshot(data_dir)
    dry = planner("prospect", "import", str(fixtures / "pipedrive_deals.csv"), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert snapshot(data_dir) == before
    lines = dry.stdout.splitlines()
    assert lines[0].startswith("Dry run of pipedrive_deals.csv (Pipedrive deals), nothing changed")
    assert "  new: 4" in lines and "  updated: 3" in lines
    assert "  unchanged: 0" in lines and "  skipped: 1" in lines
    assert "    João Silva (Rio Verde Ltda): lost, competitor, last contact 2017-07-19" in lines
    assert any(
        line.startswith("    #") and "Tom Becker" in line and "lost_reason no-fit -> budget" in line
        for line in lines
    )
    assert "    line 7: a deleted deal" in lines


def test_dry_run_lists_five_then_says_how_many_more(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "many.csv"
    file.write_text("name\n" + "".join(f"Person {i}\n" for i in range(12)), encoding="utf-8")
    dry = planner("prospect", "import", str(file), "--dry-run")
    assert "    Person 4: new" in dry.stdout and "Person 5:" not in dry.stdout
    assert "    ... and 7 more" in dry.stdout


BAD = (
    "name,company,status,last_contact\n"
    "Ann,Acme,lost,2017-03-01\n"
    "Bo,B,maybe,2017-03-02\n"
    "Cy,C,won\n"
    "Di,D,new,2017-02-30\n"
    "Ed,E,active,2017-05-05\n"
)


def test_a_file_with_bad_rows_imports_nothing(
    planner: Planner, tmp_path: Path, data_dir: Path
) -> None:
    planner("init", "--target", "10", "--period", "2017")
    before = snapshot(data_dir)
    file = tmp_path / "bad.csv"
    file.write_text(BAD, encoding="utf-8")
    refused = planner("prospect", "import", str(file))
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("planner: bad.csv: nothing imported: line 3: unknown status")
    assert "line 4: 3 fields where the header has 4" in refused.stderr
    assert "line 5: last_contact: '2017-02-30' is not a calendar date" in refused.stderr
    assert "--skip-bad-rows to import the 2 good rows" in refused.stderr
    assert snapshot(data_dir) == before


def test_skip_bad_rows_imports_the_good_and_reports_each_bad_line(
    planner: Planner, tmp_path: Path
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(BAD, encoding="utf-8")
    done = planner("prospect", "import", str(file), "--skip-bad-rows")
    assert done.exit_code == 0
    assert "2 new, 0 updated, 0 unchanged, 3 skipped" in done.stdout
    skipped = [line for line in done.stderr.splitlines() if line.startswith("planner: skipped")]
    assert [line.split(":")[1].strip() for line in skipped] == [
        "skipped line 3",
        "skipped line 4",
        "skipped line 5",
    ]
    assert sorted(by_name(planner)) == ["Ann", "Ed"]


def test_every_row_bad_is_an_error_even_when_skipping(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "all-bad.csv"
    file.write_text("name,status\nAnn,maybe\nBo,perhaps\n", encoding="utf-8")
    refused = planner("prospect", "import", str(file), "--skip-bad-rows")
    assert refused.exit_code == 1
    assert "nothing imported, no row is usable: line 2: unknown status" in refused.stderr
    assert prospects(planner) == []


def test_unknown_export_lists_headers_and_shows_the_map(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "zoho.csv"
    file.write_text("Full Name;Account;Stage;Last Call;Deal Size\nAnn;Acme;Won;2017-01-01;5\n")
    refused = planner("prospect", "import", str(file))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "headers: 'Full Name', 'Account', 'Stage', 'Last Call', 'Deal Size'" in refused.stderr
    assert (
        "--map 'Full Name'=name --map Account=company --map Stage=status "
        "--map 'Last Call'=last_contact --map 'Deal Size'=value" in refused.stderr
    )


def test_map_serves_any_export_with_the_status_vocabulary(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "zoho.csv"
    file.write_text(
        "Full Name;Account;Stage;Last Call;Deal Size;Owner\n"
        "Ann Lee;Acme;Closed Won;03.04.2017;1.500,00;me\n"
        "Bo Chan;Bee;Bad Timing;28.02.2017;;me\n"
        "Cy Dunn;;in progress;;;me\n"
        "Di Eze;Dee;Lead;;;me\n",
        encoding="utf-8",
    )
    done = planner(
        "prospect",
        "import",
        str(file),
        "--map",
        "Full Name=name",
        "--map",
        "account=company",  # case and spaces do not matter in the column
        "--map",
        "Stage=status",
        "--map",
        "Last Call=last_contact",
        "--map",
        "Deal Size=value",
    )
    assert done.exit_code == 0, done.stderr
    assert "(columns mapped by --map): 4 new" in done.stdout
    found = by_name(planner)
    assert (found["Ann Lee"]["status"], found["Ann Lee"]["value"]) == ("won", "1500.00")
    assert found["Ann Lee"]["last_contact"] == "2017-04-03"
    assert (found["Bo Chan"]["status"], found["Bo Chan"]["lost_reason"]) == ("lost", "timing")
    assert found["Cy Dunn"]["status"] == "active" and found["Di Eze"]["status"] == "new"


def test_map_can_override_and_ignore_a_formats_column(planner: Planner, fixtures: Path) -> None:
    done = planner(
        "prospect",
        "import",
        str(fixtures / "hubspot_contacts.csv"),
        "--map",
        "Last Activity Date=ignore",
        "--map",
        "Create Date=last_contact",
    )
    assert done.exit_code == 0, done.stderr
    assert by_name(planner)["Li Wei"]["last_contact"] == "2017-01-15"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Full Name=nickname"], "unknown field 'nickname' (fields: name, first_name"),
        (["--map", "Nope=name"], "no column 'Nope' (columns: 'Full Name', 'Account')"),
        (["--map", "Full Name"], "write COLUMN=FIELD"),
        (["--map", "Full Name=company", "--map", "Account=company"], "two columns feed company"),
        (["--from", "salesforce"], "no column gives a prospect's name: a Salesforce"),
    ],
)
def test_bad_maps_and_formats_are_one_line(
    planner: Planner, tmp_path: Path, args: list[str], message: str
) -> None:
    file = tmp_path / "x.csv"
    file.write_text("Full Name,Account\nAnn,Acme\n", encoding="utf-8")
    refused = planner("prospect", "import", str(file), *args)
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and message in refused.stderr


def test_from_forces_a_format(planner: Planner, tmp_path: Path) -> None:
    file = tmp_path / "mine.csv"
    file.write_text("name,email,notes\nAnn,ann@a.example,likes golf\n", encoding="utf-8")
    assert planner("prospect", "import", str(file)).exit_code == 1  # "notes" is not planner's
    done = planner("prospect", "import", str(file), "--from", "planner")
    assert done.exit_code == 0 and by_name(planner)["Ann"]["email"] == "ann@a.example"


def test_last_contact_after_today_is_read_as_today_with_a_warning(
    planner: Planner, tmp_path: Path
) -> None:
    file = tmp_path / "f.csv"
    file.write_text("name,status,last_contact\nAnn,lost,2017-12-24\n", encoding="utf-8")
    done = planner("prospect", "import", str(file))
    assert "a last contact after today (2017-12-01) is read as today: 1 row" in done.stderr
    assert by_name(planner)["Ann"]["last_contact"] == "2017-12-01"


def test_an_import_is_one_change_that_undo_takes_back(planner: Planner, fixtures: Path) -> None:
    planner("prospect", "import", str(fixtures / "hubspot_contacts.csv"))
    planner("prospect", "import", str(fixtures / "pipedrive_deals.csv"))
    undone = planner("undo")
    assert "import prospects from pipedrive_deals.csv" in undone.stdout
    found = by_name(planner)
    assert len(found) == 12 and found["Tom Becker"]["lost_reason"] == "no-fit"
