"""Who is who: email, phone after normalisation (country code tolerated), name and company."""

from __future__ import annotations

import pytest

from planner.importers.matching import Directory, Keys, email_key, phone_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("+1 (415) 555-0134", "415.555.0134"),
        ("+1 415 555 0134", "1-415-555-0134"),
        ("+44 20 7946 0958", "020 7946 0958"),
        ("0044 20 7946 0958", "(020) 7946-0958"),
        ("+49 30 12345678", "030 1234 5678"),
        ("+39 06 1234 5678", "06 12345678"),  # Italy keeps its 0 after the code
        ("+33 1 23 45 67 89", "01 23 45 67 89"),
        ("+1 415 555 0134 ext. 12", "4155550134"),
    ],
)
def test_same_phone_written_two_ways(one: str, other: str) -> None:
    directory = Directory()
    directory.add(1, Keys.of("A", "", "", one))
    assert directory.find(Keys.of("B", "", "", other)) == 1
    reverse = Directory()
    reverse.add(1, Keys.of("A", "", "", other))
    assert reverse.find(Keys.of("B", "", "", one)) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [("+1 415 555 0134", "+1 515 555 0134"), ("12-34-56", "12-34-56"), ("x12", "x12")],
)
def test_different_or_too_short_phones_do_not_match(one: str, other: str) -> None:
    directory = Directory()
    directory.add(1, Keys.of("A", "", "", one))
    assert directory.find(Keys.of("B", "", "", other)) is None


def test_phone_key_digits_only() -> None:
    assert phone_key("+1 (415) 555-0134") == ("14155550134", "4155550134")
    assert phone_key("n/a") is None


def test_email_is_case_blind_and_only_real_addresses_count() -> None:
    assert email_key(" Ann@Example.COM ") == "ann@example.com"
    assert email_key("mailto:ann@example.com") == "ann@example.com"
    assert email_key("n/a") is None and email_key("@") is None


def test_name_and_company_match_ignoring_case_and_spaces() -> None:
    directory = Directory()
    directory.add(7, Keys.of("Ann  Lee", "Acme Inc", "", ""))
    assert directory.find(Keys.of("ann lee", "ACME inc", "", "")) == 7
    assert directory.find(Keys.of("Ann Lee", "Other", "", "")) is None


def test_a_different_email_vetoes_a_phone_or_name_match() -> None:
    directory = Directory()
    directory.add(1, Keys.of("John Smith", "Acme", "john@acme.example", "+1 415 555 0100"))
    twin = Keys.of("John Smith", "Acme", "john.smith@other.example", "+1 415 555 0100")
    assert directory.find(twin) is None
    same = Keys.of("John Smith", "Acme", "", "+1 415 555 0100")
    assert directory.find(same) == 1


def test_email_wins_over_phone_and_name() -> None:
    directory = Directory()
    directory.add(1, Keys.of("A", "X", "a@x.example", ""))
    directory.add(2, Keys.of("B", "Y", "", "+1 415 555 0100"))
    assert directory.find(Keys.of("B", "Y", "a@x.example", "+1 415 555 0100")) == 1
