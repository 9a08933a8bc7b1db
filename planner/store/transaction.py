"""A transaction: fresh reads under the lock, changes kept in memory, one plan to commit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Literal

from planner.models import ComposureCheck, Prospect, Settings, Target, Touch
from planner.store import codec, integrity, layout, oplog, views
from planner.store.derived import (
    SALES_TABLE,
    SummaryChanges,
    flat_names,
    month_docs,
    months_of,
    names_changes,
)
from planner.store.errors import CorruptFileError, StoreError
from planner.store.files import FileSet, merged
from planner.store.journal import CommitPlan, FileChange
from planner.store.records import DayPlan
from planner.store.schema import Doc, Tables
from planner.store.subsets import LOST_TABLE, SUBSETS
from planner.store.views import decode_docs

IdKind = Literal["prospect", "touch", "target"]
_PLANNER = layout.PLANNER


class Transaction:
    """Everything read inside sees fresh disk state plus this transaction's own changes."""

    def __init__(
        self,
        files: FileSet,
        description: str,
        *,
        undoable: bool,
        is_undo: bool = False,
        state: Callable[[str], integrity.State] | None = None,
    ) -> None:
        self._files = files
        # A file's state against the manifest: "ok" when it is exactly what the store last
        # wrote (checked then, so it need not be decoded again), "missing" when removed.
        self._state = state or (lambda _rel: "unknown")
        self._data_dir = files.data_dir
        self.description = description
        self._undoable = undoable
        self._is_undo = is_undo
        self._cleared = False
        self._bases: dict[str, Tables] = {}
        self._changes: dict[str, dict[str, dict[str, Doc | None]]] = {}
        self._replaced: set[str] = set()
        self._removes: list[str] = []
        self._counters = views.counters(files.file(_PLANNER))
        self._first_fresh = dict(self._counters)  # ids at or above these were never stored
        self._touch_home: dict[str, str] = {}  # touch key -> partition it was put in here
        self._open = True

    # ------------------------------------------------------------------ documents

    def _base(self, rel: str) -> Tables:
        if rel in self._replaced:
            return {}
        found = self._bases.get(rel)
        if found is None:
            found = self._bases[rel] = self._files.file(rel).load()
        return found

    def _get(self, rel: str, table: str, key: str) -> Doc | None:
        changed = self._changes.get(rel, {}).get(table, {})
        if key in changed:
            return changed[key]
        return self._base(rel).get(table, {}).get(key)

    def _set(self, rel: str, table: str, key: str, doc: Doc | None) -> None:
        if not self._open:
            raise StoreError("this transaction is over; open a new one")
        self._changes.setdefault(rel, {}).setdefault(table, {})[key] = doc

    def _table(self, rel: str, table: str) -> Mapping[str, Doc]:
        base = self._base(rel).get(table, {})
        changed = self._changes.get(rel, {}).get(table)
        if not changed:
            return base
        view = dict(base)
        for key, doc in changed.items():
            if doc is None:
                view.pop(key, None)
            else:
                view[key] = doc
        return view

    def _unchanged(self, rel: str) -> bool:
        return rel not in self._changes and rel not in self._replaced

    def _rels(self, present: list[str], prefix: str) -> list[str]:
        mine = [rel for rel in self._changes if rel.startswith(prefix)]
        return sorted({*(rel for rel in present if rel not in self._replaced), *mine})

    # ------------------------------------------------------------------ ids

    def new_id(self, kind: IdKind) -> int:
        """A fresh id, unique across processes (the counters are read and written under lock)."""
        value = self._counters[kind]
        self._counters[kind] = value + 1
        return value

    def _claim(self, kind: IdKind, value: int) -> None:
        # An id chosen by the caller (import, restore of a record) must never be handed out again.
        if value >= self._counters[kind]:
            self._counters[kind] = value + 1

    # ------------------------------------------------------------------ settings and targets

    def settings(self) -> Settings | None:
        doc = self._get(_PLANNER, "settings", "1")
        if doc is None:
            return None
        file = self._files.file(_PLANNER)
        return decode_docs(file, "settings", {"1": doc}, lambda d, _i: codec.decode_settings(d))[1]

    def put_settings(self, settings: Settings) -> None:
        self._set(_PLANNER, "settings", "1", codec.encode_settings(settings))

    def targets(self) -> list[Target]:
        file = self._files.file(_PLANNER)
        docs = self._table(_PLANNER, "targets")
        found = decode_docs(file, "targets", docs, codec.decode_target)
        return [found[i] for i in sorted(found)]

    def put_target(self, target: Target) -> None:
        doc = codec.encode_target(target)
        self._claim("target", target.id)
        self._set(_PLANNER, "targets", str(target.id), doc)

    def delete_target(self, target_id: int) -> None:
        self._set(_PLANNER, "targets", str(target_id), None)

    # ------------------------------------------------------------------ prospects

    def prospect(self, pid: int) -> Prospect | None:
        if pid < 1:
            return None
        rel = layout.shard_of(pid)
        doc = self._get(rel, "prospects", str(pid))
        if doc is None:
            return None
        file = self._files.file(rel)
        return decode_docs(file, "prospects", {str(pid): doc}, codec.decode_prospect)[pid]

    def prospects(self) -> list[Prospect]:
        found: list[Prospect] = []
        for rel in self._rels(layout.shards(self._data_dir), layout.PROSPECTS_DIR + "/"):
            file = self._files.file(rel)
            if self._unchanged(rel):
                decoded = views.prospects(file)
            else:
                decoded = decode_docs(
                    file, "prospects", self._table(rel, "prospects"), codec.decode_prospect
                )
            found.extend(decoded[i] for i in sorted(decoded))
        return found

    def prospect_names(self) -> dict[int, str]:
        """{prospect id: name} as of now, under the lock, with this transaction's own puts and
        deletes: resolve a name (or check for a twin) here, then create inside the same
        transaction, and two processes can never both create the same new name."""
        if layout.NAMES in self._replaced or layout.NAMES in self._changes:
            found = flat_names(self._table(layout.NAMES, "names"))
        else:
            found = dict(views.names(self._files.file(layout.NAMES)))
        for rel, tables in self._changes.items():
            if layout.kind_of(rel) != "prospects":
                continue
            for key, doc in tables.get("prospects", {}).items():
                if doc is None:
                    found.pop(int(key), None)
                else:
                    found[int(key)] = doc["name"]
        return found

    def put_prospect(self, prospect: Prospect) -> None:
        doc = codec.encode_prospect(prospect)
        self._claim("prospect", prospect.id)
        self._set(layout.shard_of(prospect.id), "prospects", str(prospect.id), doc)

    def delete_prospect(self, pid: int) -> None:
        if pid >= 1:
            self._set(layout.shard_of(pid), "prospects", str(pid), None)

    # ------------------------------------------------------------------ touches

    def touches(self, start: date, end: date) -> list[Touch]:
        """Touches whose local day is within [start, end], sorted by (at, id)."""
        wanted = {layout.partition_of(m) for m in layout.months_between(start, end)}
        found: list[Touch] = []
        for rel in self._rels(layout.partitions(self._data_dir), layout.TOUCHES_DIR + "/"):
            if rel not in wanted:
                continue
            file = self._files.file(rel)
            if self._unchanged(rel):
                found.extend(views.touches(file))
            else:
                docs = self._table(rel, "touches")
                found.extend(decode_docs(file, "touches", docs, codec.decode_touch).values())
        found = [t for t in found if start <= t.at.date() <= end]
        found.sort(key=lambda t: (t.at, t.id))
        return found

    def _partitions_holding(self, key: str) -> list[str]:
        """Where an existing touch is filed: its id alone does not say which month."""
        if key in self._touch_home:
            return [self._touch_home[key]]
        if int(key) >= self._first_fresh["touch"]:
            return []  # allocated in this transaction and not put yet: stored nowhere
        return [
            rel
            for rel in self._rels(layout.partitions(self._data_dir), layout.TOUCHES_DIR + "/")
            if self._get(rel, "touches", key) is not None
        ]

    def put_touch(self, touch: Touch) -> None:
        """Store a touch in its month's partition, moving it there if it was filed elsewhere."""
        doc = codec.encode_touch(touch)
        key = str(touch.id)
        # The ISO text starts with the local "YYYY-MM": the partition without date arithmetic.
        rel = f"{layout.TOUCHES_DIR}/{doc['at'][:7]}.json"
        if touch.id >= self._counters["touch"]:
            self._counters["touch"] = touch.id + 1
        if touch.id < self._first_fresh["touch"] and self._get(rel, "touches", key) is None:
            for other in self._partitions_holding(key):
                if other != rel:
                    self._set(other, "touches", key, None)
        elif key in self._touch_home and self._touch_home[key] != rel:
            self._set(self._touch_home[key], "touches", key, None)
        self._set(rel, "touches", key, doc)
        self._touch_home[key] = rel

    def delete_touch(self, touch: Touch) -> None:
        key = str(touch.id)
        rel = layout.partition_of(layout.month_of(touch.at.date()))
        holders = [rel] if self._get(rel, "touches", key) is not None else []
        for holder in holders or self._partitions_holding(key):
            self._set(holder, "touches", key, None)
        self._touch_home.pop(key, None)

    # ------------------------------------------------------------------ composure and plans

    def put_composure(self, check: ComposureCheck) -> None:
        doc = codec.encode_composure(check)
        self._set(layout.COMPOSURE, "composure", str(check.day.toordinal()), doc)

    def generation(self) -> int:
        """The store's generation this transaction started from (its commit adds one)."""
        return self._counters["generation"]

    def put_plan(self, plan: DayPlan) -> None:
        self._set(layout.PLANS, "plans", str(plan.day.toordinal()), codec.encode_plan(plan))

    # ------------------------------------------------------------------ everything

    def clear(self) -> None:
        """Remove every record (ids keep counting up). Such a transaction cannot be undone."""
        for rel in layout.data_files(self._data_dir):
            if rel != _PLANNER:
                self._replaced.add(rel)
                self._changes.pop(rel, None)
        for rel in list(self._changes):
            if layout.kind_of(rel) in ("prospects", "touches", "composure", "plans"):
                del self._changes[rel]
        for table in ("settings", "targets"):
            for key in self._table(_PLANNER, table):
                self._set(_PLANNER, table, key, None)
        self._touch_home.clear()
        self._cleared = True

    def restart_ids(self) -> None:
        """After ``clear()``: number prospects, touches and targets from 1 again, so a clean
        start after the demo data does not call its first prospect #20001. (A restored
        backup takes the larger counters, so its ids are never handed out twice.)"""
        if not self._cleared:
            raise StoreError("ids start again only in a transaction that cleared every record")
        for kind in ("prospect", "touch", "target"):
            self._counters[kind] = self._first_fresh[kind] = 1

    def replace_derived(self, rel: str, table: str, docs: Mapping[str, Doc]) -> None:
        """Replace one derived file's content wholesale (repair; works on a corrupt one too)."""
        if not layout.is_derived(rel):
            raise StoreError(
                f"{rel} is not derived; only names.json, summaries, lost/ and open/ are rebuilt"
            )
        self._replaced.add(rel)
        self._changes.pop(rel, None)
        for key, doc in docs.items():
            self._set(rel, table, key, doc)

    def rebuild_derived(self, names: dict[str, Doc], summary: dict[str, dict[str, Doc]]) -> None:
        """Replace names.json and the summaries wholesale (repair; works on corrupt ones too)."""
        tables = [(layout.NAMES, "names", names)]
        tables += [(rel, "summary", days) for rel, days in summary.items()]
        self._replaced.update([layout.NAMES, *layout.summaries(self._data_dir), *summary])
        for rel in list(self._changes):
            if layout.is_derived(rel):
                del self._changes[rel]
        for rel, table, docs in tables:
            for key, doc in docs.items():
                self._set(rel, table, key, doc)

    # ------------------------------------------------------------------ undo support

    def revert(self, op_rel: str, images: oplog.Images) -> None:
        """Put back the before-images of an oplog entry and drop the entry."""
        for rel, tables in images.items():
            for table, docs in tables.items():
                for key, doc in docs.items():
                    self._set(rel, table, key, doc)
        self._removes.append(op_rel)

    # ------------------------------------------------------------------ commit

    def close(self) -> None:
        self._open = False

    def plan(self) -> CommitPlan:
        """Turn the changes into files to write: derived indexes, counters and oplog included."""
        self._drop_noops()
        if not self._changes and not self._replaced and not self._removes:
            return CommitPlan()
        self._verify_bases()
        images = self._images()
        self._derive()
        counters = dict(self._counters)
        counters["generation"] += 1
        entry: Doc | None = None
        if self._is_undo:
            entry = None
        elif self._undoable and not self._cleared:
            entry = oplog.undoable_entry(self.description, images) if images else None
        elif images or self._cleared:
            entry = oplog.barrier_entry(self.description, None if self._cleared else images)
        if entry is not None:
            seq = counters["op"]
            counters["op"] = seq + 1
            self._set(layout.op_file(seq), oplog.OP_TABLE, "1", entry)
            self._removes.extend(oplog.pruned(seq))
        self._set(_PLANNER, "counters", "1", counters)
        return self._commit_plan()

    def _verify_bases(self) -> None:
        """A file is rewritten only after every record in it decoded against the schema: a bad
        record is refused (one line naming file and record), never carried into a new version."""
        for rel in sorted({*self._changes, _PLANNER}):  # every commit writes the counters
            kind = layout.kind_of(rel)
            if rel in self._replaced or kind in ("oplog", "journal", "manifest"):
                continue
            file = self._files.file(rel)
            state = self._state(rel)
            if state == "missing" and not layout.is_derived(rel):
                raise CorruptFileError(
                    f"{rel} was removed outside planner: run `planner restore` to bring it "
                    "back (or `planner doctor --repair` to accept its loss)",
                    path=file.path,
                )
            if file.current_key() is None or state == "ok":
                continue
            views.validate(file)
        if not self._replaced:
            # The summaries and names.json a commit updates in place: deltas onto a damaged
            # one would carry the damage on (the Store rebuilds them before a transaction).
            for rel in self._derived_targets():
                file = self._files.file(rel)
                if file.current_key() is not None and self._state(rel) != "ok":
                    views.validate(file)

    def _derived_targets(self) -> set[str]:
        found: set[str] = set()
        for rel, tables in self._changes.items():
            kind = layout.kind_of(rel)
            if kind == "prospects" and tables.get("prospects"):
                found.update(
                    (
                        layout.NAMES,
                        layout.COMPANIES,
                        *(layout.subset_of(f, rel) for f, _ in SUBSETS),
                    )
                )
            elif kind == "touches":
                before = self._base(rel).get("touches", {})
                for key, doc in tables.get("touches", {}).items():
                    for side in (doc, before.get(key)):
                        if side is not None and isinstance(side.get("at"), str):
                            found.add(layout.summary_of(int(side["at"][:4])))
                            found.add(layout.SALES)
        return found

    def _drop_noops(self) -> None:
        for rel in list(self._changes):
            if rel in self._replaced:
                continue
            base = self._base(rel)
            for table, docs in list(self._changes[rel].items()):
                current = base.get(table, {})
                for key in [k for k, doc in docs.items() if current.get(k) == doc]:
                    del docs[key]
                if not docs:
                    del self._changes[rel][table]
            if not self._changes[rel]:
                del self._changes[rel]

    def _images(self) -> oplog.Images:
        images: oplog.Images = {}
        for rel, tables in self._changes.items():
            kind = layout.kind_of(rel)
            primary = layout.PRIMARY_TABLES.get(kind) if kind else None
            if not primary:
                continue
            base = self._base(rel)
            for table, docs in tables.items():
                if table in primary:
                    before = base.get(table, {})
                    images.setdefault(rel, {})[table] = {key: before.get(key) for key in docs}
        return images

    def _derive(self) -> None:
        """Keep the summaries and names.json in step with the touches and prospects changed."""
        summary = SummaryChanges(lambda rel: self._base(rel).get("summary", {}))
        renamed: dict[str, str | None] = {}
        moved: dict[str, str | None] = {}  # companies changed, as renamed for the names
        lost: dict[tuple[str, str], Doc | None] = {}  # (lost or open shard, key) -> doc
        for rel, tables in self._changes.items():
            kind = layout.kind_of(rel)
            if kind not in ("touches", "prospects"):
                continue
            table = "touches" if kind == "touches" else "prospects"
            before_docs = self._base(rel).get(table, {})
            for key, after in tables.get(table, {}).items():
                before = before_docs.get(key)
                if kind == "touches":
                    if before is not None:
                        summary.apply(before, -1)
                    if after is not None:
                        summary.apply(after, 1)
                else:
                    for folder, entry in SUBSETS:
                        if entry(before) != entry(after):
                            lost[layout.subset_of(folder, rel), key] = entry(after)
                    if after is None:
                        if before is not None:
                            renamed[key] = moved[key] = None
                        continue
                    if before is None or before.get("name") != after["name"]:
                        renamed[key] = after["name"]
                    company = after.get("company", "")
                    if before is None or before.get("company", "") != company:
                        moved[key] = company
        changed = summary.result()
        for rel, days in changed.items():
            for key, doc in days.items():
                self._set(rel, "summary", key, doc)
        if changed:
            self._derive_sales(changed)
        for (lost_rel, key), doc in lost.items():
            self._set(lost_rel, LOST_TABLE, key, doc)
        if renamed:
            base = self._base(layout.NAMES).get("names", {})
            for key, doc in names_changes(base, renamed).items():
                self._set(layout.NAMES, "names", key, doc)
        if moved:
            base = self._base(layout.COMPANIES).get("companies", {})
            for key, doc in names_changes(base, moved, "company").items():
                self._set(layout.COMPANIES, "companies", key, doc)

    def _derive_sales(self, changed: Mapping[str, Mapping[str, Doc | None]]) -> None:
        """Recount the months whose day summaries changed, from their days as this commit
        leaves them. The latest month keeps no touch count, so sales.json is written only when
        a month's sales or first day moved, or another month became the latest: a logged call
        without a sale (most of them) writes no extra file."""
        stored = self._base(layout.SALES).get(SALES_TABLE, {})

        def summary_table(rel: str) -> dict[str, Doc | None]:
            return {**self._base(rel).get("summary", {}), **changed.get(rel, {})}

        counted: dict[str, Doc | None] = {}
        for rel, days in changed.items():
            months = months_of(days)
            found = month_docs(summary_table(rel), months)
            counted.update({key: found.get(key) for key in months})
        present = {k for k in stored if k not in counted}
        present |= {k for k, doc in counted.items() if doc is not None}
        latest = max(present, key=int, default=None)
        for key in {max(stored, key=int, default=None), latest} - {None, *counted}:
            if key is not None and key in present:  # a month that became or left the latest
                rel = layout.summary_of(date.fromordinal(int(key)).year)
                counted[key] = month_docs(summary_table(rel), {key}).get(key)
        for key, doc in counted.items():
            if doc is not None and key == latest:
                doc = {name: value for name, value in doc.items() if name != "touches"}
            if stored.get(key) != doc:
                self._set(layout.SALES, SALES_TABLE, key, doc)

    def _commit_plan(self) -> CommitPlan:
        plan = CommitPlan(bases=self._bases)
        for rel in sorted(self._replaced | set(self._changes)):
            tables = self._changes.get(rel, {})
            if rel in self._replaced:
                content: dict[str, dict[str, Doc | None]] = {
                    table: {key: doc for key, doc in docs.items() if doc is not None}
                    for table, docs in tables.items()
                }
                if not any(content.values()):
                    plan.removes.append(rel)
                    continue
                plan.writes[rel] = FileChange(tables=content, replace=True)
            elif layout.kind_of(rel) in layout.SUBSET_KINDS and not (
                merged(self._base(rel), tables).get(LOST_TABLE)
            ):
                plan.removes.append(rel)  # its last prospect left: no empty copy is kept
            else:
                plan.writes[rel] = FileChange(tables=tables)
        plan.removes.extend(r for r in self._removes if r not in plan.writes)
        return plan
