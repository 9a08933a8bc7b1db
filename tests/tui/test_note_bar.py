"""The after-call note line: it opens on the today screen itself, so closing it moves and
rebuilds nothing, and the keys typed after its enter are the queue's again."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey

from tests.tui.conftest import (
    MakeApp,
    errors,
    note_bar,
    queue,
    settle,
    today_screen,
    touches_today,
)
from tests.tui.test_card import burst
from tui.widgets.note_bar import LENT_FOCUS


async def test_the_footer_and_the_queue_stay_put_around_a_note(
    demo_dir: Path, app_for: MakeApp
) -> None:
    app = app_for(demo_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = today_screen(app)
        keys = list(screen.query(FooterKey))
        table = queue(app)
        first = table.selected()
        assert first is not None and keys
        await pilot.press("s")
        bar = note_bar(app)
        assert bar.is_open and bar.display and table.has_class(LENT_FOCUS)
        assert f"Note on {first.name} · sale" in bar.question.plain
        await pilot.press(*"two licences", "enter")
        await settle(pilot)
        assert not bar.is_open and not bar.display
        # The footer was not rebuilt (its keys are the same widgets) and nothing else
        # moved: a key now goes to the queue at once.
        assert list(screen.query(FooterKey)) == keys
        await pilot.press("j")
        await settle(pilot)
        assert screen.focused is table and not table.has_class(LENT_FOCUS)
        assert not errors(app)
    assert touches_today(demo_dir)[-1] == (first.prospect_id, "sale")


async def test_keys_typed_right_after_the_note_work_the_queue(
    demo_dir: Path, app_for: MakeApp
) -> None:
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = queue(app).rows_shown
        # One burst: a call with its note, then two no-answers on the next lines.
        burst(app, "cprices sent\rnn")
        await settle(pilot)
        assert not note_bar(app).is_open and not errors(app)
    logged = touches_today(demo_dir)[len(before) :]
    assert logged == [
        (rows[0].prospect_id, "conversation"),
        (rows[1].prospect_id, "no-answer"),
        (rows[2].prospect_id, "no-answer"),
    ]


async def test_u_typed_right_after_the_note_undoes_that_call(
    demo_dir: Path, app_for: MakeApp
) -> None:
    before = touches_today(demo_dir)
    app = app_for(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "cleft a message\ru")
        await settle(pilot)
        assert not errors(app)
    assert touches_today(demo_dir) == before
