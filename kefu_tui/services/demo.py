"""The demo branch (``kefu demo``, ``kefu --demo``): about a week of a realistic 信阳二部
up to ``now``, with every anomaly the rules look for (SPEC §2, §3, §5–§8, §13).

Deterministic: one ``random.Random(seed)`` and times relative to ``now``, so the same seed
and the same ``now`` give byte-identical tables. Rows are built as tuples and written with
``executemany`` in one ``store.write()`` plus one audit row (a few thousand parcels a day
must load in seconds). Every indicator R-24..R-30 has findings for a ``now`` between 08:30
and 24:00; at an earlier hour the parcels of today that would carry them do not exist yet.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import arrow

from kefu_tui.domain import clock
from kefu_tui.services import demo_data as dd
from kefu_tui.services.demo_quality import add_quality_demo
from kefu_tui.services.demo_data import AGENT_COURIER, BRANCH, CLERKS, HUB, ZZ_HUB

DAYS = 7
# ``kefu --demo`` without --now: the demo's day ends at the next 09:30 branch time, so the
# workstation opens on a full working day at any hour (the README pictures' hour too)
DEMO_DAY_ENDS = (9, 30)
ARRIVALS_PER_DAY = 2500
AGENT_TEXT = "淮滨网点暂停,代派时效不保"
H = 3600
DAY = 86400

# share of the day's arrivals per destination (SPEC §2): own area, counties, zones, overzone
DESTS = [("信阳二部", 30), ("固始", 7), ("商城", 6), ("息县", 6), ("潢川", 6), ("罗山", 6),
         ("光山", 5), ("新县", 5), ("淮滨", 4), ("平桥", 6), ("107", 4), ("东方红大道", 5),
         ("羊山", 5), ("明港", 2), ("淮滨乡镇", 3)]
OWN = ("信阳二部", "羊山")  # delivered by the branch's couriers, on its delivery lists
OVERZONE = ("明港", "淮滨乡镇")  # transferred from 信阳二部
DATA_TABLES = ("ticket_replies", "returns", "ticket_photos", "ticket_notes", "tickets", "bulk_batches", "templates",
               "delivery_items", "transfers", "scans", "waybills", "monitor_checks",
               "count_items", "count_sessions", "imports", "outlets", "areas")
SUMMARY_TABLES = ("scans", "waybills", "delivery_items", "tickets", "ticket_notes",
                  "bulk_batches", "templates", "transfers", "outlets", "areas",
                  "monitor_checks", "count_sessions", "count_items")

SCAN_SQL = ("INSERT OR IGNORE INTO scans (waybill, kind, at, site, prev_site, next_site, operator,"
            " note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
WAYBILL_SQL = ("INSERT INTO waybills (waybill, sender_outlet, sent_at, receiver, phone, address,"
               " dest_outlet, pieces, weight_kg, payment, cod_fen, collect_fen, receipt_no,"
               " master_no, label_note, entered_at) VALUES (" + ", ".join("?" * 16) + ")")
ITEM_SQL = ("INSERT OR IGNORE INTO delivery_items (waybill, courier, at, day, outlet)"
            " VALUES (?, ?, ?, ?, ?)")
TICKET_SQL = ("INSERT INTO tickets (id, waybill, type, text, party, status, created_at, created_by,"
              " updated_at, closed_at, closed_by, close_reason, hold_until, batch_id)"
              " VALUES (" + ", ".join("?" * 14) + ")")
NOTE_SQL = "INSERT INTO ticket_notes (ticket_id, at, by, text) VALUES (?, ?, ?, ?)"
TRANSFER_SQL = ("INSERT INTO transfers (waybill, mode, carrier, new_waybill, fee_fen, fee_confirmed,"
                " address, courier_name, courier_contact, weight_kg, created_at, created_by,"
                " signed_at, attempts, note) VALUES (" + ", ".join("?" * 15) + ")")


@dataclass
class DemoSummary:
    """What ``build_demo`` wrote: rows per table, the seed and the clock it used."""

    seed: int
    now: str
    scale: float
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"seed": self.seed, "now": self.now, "scale": self.scale, "counts": self.counts}


def build_demo(store, seed: int = 1, now: arrow.Arrow | None = None, user: str = "demo",
               scale: float = 1.0) -> DemoSummary:
    """Fill ``store`` with the demo branch up to ``now`` (default: the real clock). One
    transaction, one audit row (plus the area seeding's own, R-01)."""
    now = (now or clock.now()).to(clock.TZ)
    gen = _Gen(random.Random(seed), now, scale)
    gen.build()
    at = clock.stamp(now)
    with store.write():
        _seed_areas(store, at, user)
        conn = store.conn
        conn.executemany(WAYBILL_SQL, gen.waybills)
        conn.executemany(SCAN_SQL, gen.scans)
        conn.executemany(ITEM_SQL, gen.items)
        gen.write_tickets(conn)
        conn.executemany(TRANSFER_SQL, gen.transfers)
        conn.executemany("INSERT OR IGNORE INTO templates (type, text) VALUES (?, ?)", gen.templates)
        gen.write_counts(conn)
        add_quality_demo(conn, now, [w[0] for w in gen.waybills[-300:]], seed)  # issue 11
        conn.executemany("INSERT INTO monitor_checks (rule, day, checked_at, checked_by, findings,"
                         " note) VALUES (?, ?, ?, ?, ?, ?)", gen.checks)
        counts = table_counts(store)
        store.audit(at, user, "demo.build", "demo", seed, None,
                    {"seed": seed, "scale": scale, "counts": counts})
    return DemoSummary(seed=seed, now=clock.iso(now), scale=scale, counts=counts)


def demo_now(real: arrow.Arrow) -> arrow.Arrow:
    """Where ``kefu --demo`` puts the branch clock: the next 09:30 branch time at or after
    ``real`` (seconds dropped), so the same seed gives the same figures whenever opened."""
    real = real.to(clock.TZ)
    hour, minute = DEMO_DAY_ENDS
    end = real.floor("day").replace(hour=hour, minute=minute)
    return end if end >= real.floor("minute") else end.shift(days=1)


def table_counts(store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SUMMARY_TABLES}


def has_scans(store) -> bool:
    return store.conn.execute("SELECT 1 FROM scans LIMIT 1").fetchone() is not None


def clear_data(store, now: arrow.Arrow, user: str) -> None:
    """Empty the data tables (``kefu demo --force``); the audit trail keeps a record."""
    with store.write():
        before = table_counts(store)
        for t in DATA_TABLES:
            store.conn.execute(f"DELETE FROM {t}")
        store.audit(clock.stamp(now), user, "demo.clear", "demo", None, before, None)


def _seed_areas(store, at: str, user: str) -> None:
    """R-01: the outlet and area tables, through the rules engineer's seeding when present."""
    try:
        from kefu_tui.store.areas import seed_areas
    except ImportError:  # pragma: no cover - the store module ships with the project
        return
    seed_areas(store, at, user)


class _Gen:
    """Builds the rows. Times are seconds from today 00:00 (negative: earlier days);
    an event at or after ``now`` is dropped, so nothing lies in the future."""

    def __init__(self, rnd: random.Random, now: arrow.Arrow, scale: float):
        self.rnd = rnd
        self.scale = scale
        self.t0 = now.floor("day").naive
        self.now_s = int((now.naive - self.t0).total_seconds())
        self.scans: list[tuple] = []
        self.waybills: list[tuple] = []
        self.items: list[tuple] = []
        self.tickets: list[dict] = []
        self.batches: list[tuple] = []
        self.transfers: list[tuple] = []
        self.templates: list[tuple] = []
        self.checks: list[tuple] = []
        self.count_rows: list[tuple] = []
        self.count_session: tuple | None = None
        self._used: set[str] = set()
        self._stamps: dict[int, str] = {}
        self.signed: set[str] = set()
        self.sign_at: dict[str, int] = {}
        self.agent_lists: dict[int, list[str]] = {}
        self.branch_held: list[str] = []  # parcels at 信阳二部 with an open problem
        self.sender_of: dict[str, str] = {}

    # ------------------------------------------------------------------ primitives
    def n(self, base: float, least: int = 1) -> int:
        return max(least, round(base * self.scale))

    def ts(self, s: int) -> str:
        out = self._stamps.get(s)
        if out is None:
            out = (self.t0 + timedelta(seconds=s)).strftime(clock.STAMP_FMT)
            self._stamps[s] = out
        return out

    def u(self, lo: float, hi: float) -> int:
        return int(lo + self.rnd.random() * (hi - lo))

    def number(self, prefix: str = "518") -> str:
        while True:
            no = prefix + f"{self.rnd.randrange(10 ** (12 - len(prefix))):0{12 - len(prefix)}d}"
            if no not in self._used:
                self._used.add(no)
                return no

    def scan(self, no, kind, s, site, prev=None, nxt=None, op=None, note=None) -> bool:
        if s >= self.now_s:
            return False
        self.scans.append((no, kind, self.ts(s), site, prev, nxt, op, note))
        if kind == "签收":
            self.signed.add(no)
            self.sign_at[no] = s
        return True

    def item(self, no, courier, s, outlet) -> bool:
        if s >= self.now_s:
            return False
        at = self.ts(s)
        self.items.append((no, courier, at, at[:10], outlet))
        return True

    def today_frac(self, f: float) -> int:
        """A time today before ``now``: fraction ``f`` of the way from 00:00 to now."""
        return int(self.now_s * f)

    # ------------------------------------------------------------------ parcels
    def waybill(self, no, dest, sender, sent_s, *, payment="prepaid", cod=None, collect=None,
                receipt=None, master=None, pieces=1, label=None, address=None, weight=None):
        outlet = "淮滨" if dest == "淮滨乡镇" else dest
        w = weight if weight is not None else self.weight()
        self.waybills.append((
            no, sender[0], self.ts(sent_s), dd.name(self.rnd), dd.phone(self.rnd),
            address or dd.local_address(self.rnd, dest), outlet, pieces, w, payment, cod, collect,
            receipt, master, label, self.ts(sent_s + self.u(300, 3600))))
        self.sender_of[no] = sender[0]

    def weight(self) -> float:
        r = self.rnd.random()
        return round(self.rnd.uniform(0.2, 3.0), 1) if r < 0.8 else round(self.rnd.uniform(3, 26), 1)

    def upstream(self, no, sender, hub_arr) -> int:
        """Sender outlet 发件 → its hub → 郑州分拨中心 → 信阳分拨中心 到件 (SPEC §2).
        Returns the sender's pickup time (the waybill's sent_at)."""
        outlet, shub, _ = sender
        zz_dep = hub_arr - self.u(2.5 * H, 4 * H)
        zz_arr = zz_dep - self.u(3 * H, 7 * H)
        chain = [zz_arr]
        if shub != ZZ_HUB:
            shub_dep = zz_arr - self.u(8 * H, 16 * H)
            shub_arr = shub_dep - self.u(2 * H, 5 * H)
            s_dep = shub_arr - self.u(1.5 * H, 4 * H)
            self.scan(no, "发件", s_dep, outlet, None, shub, "操作员")
            self.scan(no, "到件", shub_arr, shub, outlet, None, "中心操作")
            self.scan(no, "发件", shub_dep, shub, None, ZZ_HUB, "中心操作")
        else:
            s_dep = zz_arr - self.u(2 * H, 5 * H)
            self.scan(no, "发件", s_dep, outlet, None, ZZ_HUB, "操作员")
        self.scan(no, "到件", zz_arr, ZZ_HUB, shub if shub != ZZ_HUB else outlet, None, "中心操作")
        self.scan(no, "发件", zz_dep, ZZ_HUB, None, HUB, "中心操作")
        self.scan(no, "到件", hub_arr, HUB, ZZ_HUB, None, "中心操作")
        return s_dep - self.u(2 * H, 8 * H)

    def inbound(self, dest, k, *, hub_arr=None, **wb) -> tuple[str, int, dict]:
        """A parcel for ``dest`` reaching the hub on day ``k`` back; its upstream scans and
        waybill. Returns (number, hub arrival, sender)."""
        no = wb.pop("no", None) or self.number()
        sender = wb.pop("sender", None) or self.rnd.choice(dd.SENDERS)
        if hub_arr is None:
            hub_arr = -k * DAY + self.u(1 * H, 5 * H)
        sent = self.upstream(no, sender, hub_arr)
        self.waybill(no, dest, sender, sent, **wb)
        return no, hub_arr, {"sender": sender}

    def to_outlet(self, no, site, hub_arr, *, dep=None, arr=None) -> int:
        """信阳分拨中心 发件 → ``site`` 到件 (R-02: contract zones get theirs straight)."""
        dep = dep if dep is not None else hub_arr + self.u(1 * H, 2.5 * H)
        travel = (0.5 * H, 1.5 * H) if site in (BRANCH, "羊山", "平桥", "107", "东方红大道") else (1 * H, 2.5 * H)
        arr = arr if arr is not None else dep + self.u(*travel)
        self.scan(no, "发件", dep, HUB, None, site, "中心操作")
        self.scan(no, "到件", arr, site, HUB, None, CLERKS["进港"] if site == BRANCH else f"{site}仓管")
        return arr

    def courier_for(self, dest) -> str:
        return self.rnd.choice(dd.COURIERS_YANGSHAN if dest == "羊山" else dd.COURIERS_OWN)

    def deliver_own(self, no, dest, arr, *, sign=True, courier=None) -> int:
        """Own couriers: 派件 scan + delivery-list line, then 签收 (R-27, R-29)."""
        courier = courier or self.courier_for(dest)
        out = max(arr + self.u(20 * 60, 80 * 60), arr)
        self.scan(no, "派件", out, dest, None, None, courier)
        self.item(no, courier, out, dest)
        if sign:
            self.scan(no, "签收", out + self.u(0.5 * H, 8 * H), dest, None, None, courier,
                      "本人签收" if self.rnd.random() < 0.8 else "门卫代签")
        return out

    # ------------------------------------------------------------------ the week
    def build(self) -> None:
        for k in range(DAYS - 1, -1, -1):
            self.day_arrivals(k)
            self.outbound_day(k)
        self.anomalies()
        self.problem_tickets()
        self.huaibin_batches()
        self.housekeeping()
        self.sender_replies()

    def day_arrivals(self, k: int) -> None:
        names = [d for d, _ in DESTS]
        weights = [w for _, w in DESTS]
        total = int(ARRIVALS_PER_DAY * self.scale)
        for dest in self.rnd.choices(names, weights, k=total):
            if dest in OWN:
                self.own_parcel(dest, k)
            elif dest == "淮滨":
                self.agent_parcel(k)
            elif dest in OVERZONE:
                self.overzone_parcel(dest, k)
            else:
                self.outlet_parcel(dest, k)

    def outlet_parcel(self, dest, k) -> None:
        """County outlets and contract zones scan their own arrival, delivery, signing."""
        no, hub_arr, _ = self.inbound(dest, k)
        arr = self.to_outlet(no, dest, hub_arr)
        out = arr + self.u(0.5 * H, 2 * H)
        op = f"{dest}派件员"
        self.scan(no, "派件", out, dest, None, None, op)
        if self.rnd.random() < 0.97:
            self.scan(no, "签收", out + self.u(1 * H, 9 * H), dest, None, None, op)

    def own_parcel(self, dest, k, label: str | None = "random") -> None:
        r = self.rnd.random()
        pay = {}
        if r < 0.04:
            pay = {"payment": "cod", "cod": self.u(20, 600) * 100}
        elif r < 0.09:
            pay = {"payment": "collect", "collect": self.u(10, 40) * 100 + 50 * self.u(0, 2)}
        elif r < 0.11 and dest == BRANCH:
            pay = {"receipt": f"HD{self.rnd.randrange(10 ** 10):010d}"}
        fate = self.rnd.random()
        if label != "random":
            pass
        elif dest == BRANCH and fate < 0.015:
            label = "刷单"
        elif dest == BRANCH and fate < 0.017:
            label = "刷单 非刷单件"  # real goods, sorted at once
        else:
            label = None
        no, hub_arr, _ = self.inbound(dest, k, label=label, **pay)
        arr = self.to_outlet(no, dest, hub_arr)
        if label == "刷单":  # signed in a batch with the signer 草签
            self.scan(no, "签收", -k * DAY + self.u(10.5 * H, 11 * H), dest, None, None,
                      CLERKS["进港"], "草签")
            return
        roll = self.rnd.random()
        if roll < 0.06 and k > 0:  # not at home: out again the next day
            self.deliver_own(no, dest, arr, sign=False)
            courier = self.courier_for(dest)
            again = -(k - 1) * DAY + self.u(8.5 * H, 10 * H)
            self.scan(no, "派件", again, dest, None, None, courier)
            self.item(no, courier, again, dest)
            self.scan(no, "签收", again + self.u(1 * H, 6 * H), dest, None, None, courier, "本人签收")
        elif roll < 0.075 and k > 0:  # out and not signed, nobody registered it
            self.deliver_own(no, dest, arr, sign=False)
        else:
            out = self.deliver_own(no, dest, arr)
            if pay.get("receipt") and no in self.signed:
                self.scan(no, "回单发件", out + 12 * H if out % DAY < 8 * H else -k * DAY + 20 * H,
                          BRANCH, None, ZZ_HUB, CLERKS["进港"], pay["receipt"])

    def agent_parcel(self, k, late: int | None | str = "random") -> None:
        """淮滨 county seat: arrival scanned for the agent, the day's list (R-22), signed by
        the agent within two days mostly (R-23)."""
        no, hub_arr, _ = self.inbound("淮滨", k)
        self.to_outlet(no, "淮滨", hub_arr, dep=hub_arr + self.u(1 * H, 1.5 * H),
                       arr=-k * DAY + self.u(7.5 * H, 8.3 * H))
        listed = -k * DAY + int(8.75 * H)
        if self.scan(no, "派件", listed, "淮滨", None, None, AGENT_COURIER):
            self.item(no, AGENT_COURIER, listed, "淮滨")
            self.agent_lists.setdefault(k, []).append(no)
        r = self.rnd.random()
        if late == "random":
            late = 1 if r < 0.7 else 2 if r < 0.88 else None
        if late is not None:
            self.scan(no, "签收", listed + late * DAY - self.u(0, 8 * H), "淮滨", None, None,
                      AGENT_COURIER, "代派签收")

    def overzone_parcel(self, dest, k, **wb) -> str:
        """明港 and 淮滨 towns: arrive at 信阳二部, transferred the same day (R-13, R-15,
        R-18); the other carrier signs within days, or not (R-21)."""
        no, hub_arr, meta = self.inbound(dest, k, **wb)
        arr = self.to_outlet(no, BRANCH, hub_arr)
        if wb.get("payment") in ("cod", "collect"):
            return no
        weight = next(w[8] for w in reversed(self.waybills) if w[0] == no)
        carrier = "postal" if weight < 20 and self.rnd.random() < 0.65 else self.rnd.choice(["sto", "sto", "zto"])
        at = arr + self.u(1 * H, 3.5 * H)
        if not self.scan(no, "转件", at, BRANCH, None, {"postal": "邮政小包", "sto": "申通", "zto": "中通"}[carrier],
                         CLERKS["出港"]):
            return no
        new_no = {"postal": lambda: "98" + f"{self.rnd.randrange(10 ** 11):011d}",
                  "sto": lambda: "77" + f"{self.rnd.randrange(10 ** 11):011d}",
                  "zto": lambda: "75" + f"{self.rnd.randrange(10 ** 12):012d}"}[carrier]()
        fee = 500 + 100 * (max(1, math.ceil(weight)) - 1)
        address = next(w[5] for w in reversed(self.waybills) if w[0] == no)
        confirmed = 1
        if self.rnd.random() < 0.1:  # a field missing → fee not confirmed
            address, confirmed = None, 0
        signed = None
        attempts = 1
        r = self.rnd.random()
        if r < 0.8:
            s = at + self.u(0.8 * DAY, 3 * DAY)
            signed = self.ts(s) if s < self.now_s else None
        else:
            attempts = self.u(1, 4)
        self.transfers.append((no, "rewaybill", carrier, new_no, fee, confirmed, address, None, None,
                               weight, self.ts(at), CLERKS["出港"], signed, attempts, None))
        return no

    def outbound_day(self, k) -> None:
        """Parcels collected at 信阳二部 (收件), entered (录单, R-40), dispatched (发件)."""
        for _ in range(int(ARRIVALS_PER_DAY * 0.12 * self.scale)):
            self.outbound(k, entered=True)

    def outbound(self, k, entered=True, pick=None) -> str | None:
        no = self.number()
        pick = pick if pick is not None else -k * DAY + self.u(9 * H, 18 * H)
        if pick >= self.now_s:
            return None
        courier = self.rnd.choice(dd.COURIERS_OWN)
        addr, dest = self.rnd.choice(dd.OUT_DESTS)
        entry = pick + self.u(5 * 60, 90 * 60)
        self.scan(no, "收件", pick, BRANCH, None, None, courier)
        if entered:
            self.scan(no, "录单", entry, BRANCH, None, None, CLERKS["出港"])
        pay = self.rnd.random()
        self.waybills.append((
            no, BRANCH, self.ts(pick), dd.name(self.rnd), dd.phone(self.rnd), dd.far_address(self.rnd, addr),
            dest, 1, self.weight(), "collect" if pay < 0.05 else "prepaid", None,
            self.u(10, 30) * 100 if pay < 0.05 else None, None, None, None,
            self.ts(entry) if entered and entry < self.now_s else None))
        dep = -k * DAY + self.u(19 * H, 20.5 * H)
        if entered:
            self.scan(no, "发件", dep, BRANCH, None, HUB, CLERKS["出港"])
            self.scan(no, "到件", dep + self.u(0.6 * H, 1.2 * H), HUB, BRANCH, None, "中心操作")
            zz = -k * DAY + self.u(22 * H, 23.5 * H)
            self.scan(no, "发件", zz, HUB, None, ZZ_HUB, "中心操作")
            self.scan(no, "到件", zz + self.u(3 * H, 5 * H), ZZ_HUB, HUB, None, "中心操作")
        return no

    # ------------------------------------------------------------------ anomalies (§8)
    def anomalies(self) -> None:
        """Parcels that make each indicator R-24..R-30 fire at ``now``
        (docs/decisions.md, monitoring, lists what each one looks for)."""
        rnd = self.rnd
        for i in range(self.n(6)):  # collected, never entered
            self.outbound(i % 5, entered=False)
        for _ in range(self.n(3)):  # > 5 days → 500.00 each
            self.outbound(5, entered=False, pick=-5 * DAY + int(min(9 * H, self.now_s * 0.5)))
        for i in range(self.n(3)):  # dispatched yesterday afternoon, never arrived
            dest = ("信阳二部", "固始", "平桥")[i % 3]
            no, hub_arr, _ = self.inbound(dest, 1, hub_arr=-DAY + self.u(10 * H, 12 * H))
            self.scan(no, "发件", hub_arr + self.u(2 * H, 6 * H), HUB, None, dest, "中心操作")
        for i in range(self.n(3)):  # arrived at the hub, nothing since
            k = (2, 1, 0)[i % 3]
            at = self.today_frac(0.3) if k == 0 else -k * DAY + self.u(2 * H, 5 * H)
            self.inbound(rnd.choice(["信阳二部", "息县", "107"]), k, hub_arr=at)
        for _ in range(self.n(2)):  # R-27 a: on today's list, no 派件 scan
            no, arr = self._today_at_branch()
            self.item(no, self.courier_for(BRANCH), self.today_frac(0.8), BRANCH)
        for _ in range(self.n(2)):  # R-27 b: 派件 scan today, on no list
            no, arr = self._today_at_branch()
            self.scan(no, "派件", self.today_frac(0.85), BRANCH, None, None, self.courier_for(BRANCH))
        for _ in range(self.n(2)):  # R-27 c / R-29: out yesterday, not signed, not out again
            no, hub_arr, _ = self.inbound(BRANCH, 1)
            self.deliver_own(no, BRANCH, self.to_outlet(no, BRANCH, hub_arr), sign=False)
        for _ in range(self.n(2)):  # today's 代收 and 到付 to collect
            for pay in ({"payment": "cod", "cod": self.u(50, 400) * 100},
                        {"payment": "collect", "collect": self.u(12, 30) * 100}):
                no, arr = self._today_at_branch(**pay)
                courier = self.courier_for(BRANCH)
                self.scan(no, "派件", self.today_frac(0.9), BRANCH, None, None, courier)
                self.item(no, courier, self.today_frac(0.9), BRANCH)
        for _ in range(self.n(2)):  # own courier's parcel of 2 days ago unsigned
            no, hub_arr, _ = self.inbound("羊山", 2)
            self.deliver_own(no, "羊山", self.to_outlet(no, "羊山", hub_arr), sign=False)
        for k in (3, 2):  # the agent's lists of 3 and 2 days ago, unsigned
            for _ in range(self.n(2)):
                self.agent_parcel(k, late=None)
        for i in range(self.n(3)):  # brushing parcels, and one marked real
            self.own_parcel(BRANCH, 1 + i % 5, label="刷单")
        self.own_parcel(BRANCH, 2, label="刷单 非刷单件")
        for _ in range(self.n(4)):  # multi-piece shipments delivered whole
            self.multi_piece(self.rnd.randrange(1, DAYS), missing=False)

    def _today_at_branch(self, **wb) -> tuple[str, int]:
        no, hub_arr, _ = self.inbound(BRANCH, 0, hub_arr=self.today_frac(0.25), **wb)
        arr = self.to_outlet(no, BRANCH, hub_arr, dep=self.today_frac(0.45), arr=self.today_frac(0.6))
        return no, arr

    def multi_piece(self, k, missing: bool) -> tuple[str, str | None, int]:
        """主单/子单 (SPEC §3): all pieces travel together; with ``missing`` one child
        never leaves Zhengzhou (未到齐). Returns (master, missing child, arrival)."""
        pieces = self.u(2, 5)
        sender = self.rnd.choice(dd.SENDERS)
        hub_arr = -k * DAY + self.u(1 * H, 5 * H)
        master = self.number()
        nos = [master] + [self.number() for _ in range(pieces - 1)]
        lost = nos[-1] if missing else None
        address = dd.local_address(self.rnd, BRANCH)
        receiver, tel = dd.name(self.rnd), dd.phone(self.rnd)
        dep = hub_arr + self.u(1 * H, 2 * H)
        arr = dep + self.u(0.5 * H, 1.2 * H)
        courier = self.courier_for(BRANCH)
        out = arr + self.u(0.5 * H, 1.5 * H)
        for no in nos:
            if no == lost:
                sent = hub_arr - 40 * H
                self.scan(no, "发件", sent, sender[0], None, sender[1], "操作员")
            else:
                sent = self.upstream(no, sender, hub_arr)
                self.to_outlet(no, BRANCH, hub_arr, dep=dep, arr=arr)
                if not missing:
                    self.scan(no, "派件", out, BRANCH, None, None, courier)
                    self.item(no, courier, out, BRANCH)
                    self.scan(no, "签收", out + 2 * H, BRANCH, None, None, courier, "本人签收")
            self.waybills.append((no, sender[0], self.ts(sent), receiver, tel, address, BRANCH,
                                  pieces, round(self.rnd.uniform(2, 15), 1), "prepaid", None, None,
                                  None, None if no == master else master, None, self.ts(sent + 1200)))
            self.sender_of[no] = sender[0]
        return master, lost, arr

    # ------------------------------------------------------------------ problem parcels (§5)
    def ticket(self, no, type_, text, created, follow, *, by=None, status="open", closed=None,
               reason=None, hold=None, batch=None, note_pool=None) -> None:
        """A ticket with its dated follow-ups (R-06, R-07): ``follow`` is ``today`` (last
        note today), ``yesterday`` (overdue, to do before 10:00), ``none`` (never followed
        up: returnable once 72 h old, R-09)."""
        by = by or CLERKS["进港"]
        notes = []
        first_day = int(math.floor(created / DAY)) + 1
        last_day = {"today": 0, "yesterday": -1, "none": first_day - 1}[follow]
        pool = note_pool or NOTES.get(type_, NOTES["other"])
        for day in range(first_day, last_day + 1):
            s = day * DAY + (self.today_frac(self.rnd.uniform(0.6, 0.95)) if day == 0
                             else self.u(8.2 * H, 9.8 * H))
            if s <= created or s >= self.now_s:
                continue
            notes.append((self.ts(s), by, f"{self.rnd.choice(pool)}({self.ts(s)[5:7]}{self.ts(s)[8:10]})"))
        updated = notes[-1][0] if notes else self.ts(created)
        self.tickets.append(dict(
            waybill=no, type=type_, text=text, party=self.sender_of.get(no), status=status,
            created_at=self.ts(created), created_by=by, updated_at=max(updated, closed or ""),
            closed_at=closed, closed_by=by if closed else None, close_reason=reason,
            hold_until=hold, batch=batch, notes=notes))

    def problem_parcel(self, type_, k, follow, text=None, **wb) -> str:
        """A parcel at 信阳二部 registered as a problem to its sender outlet (SPEC §5)."""
        no, hub_arr, _ = self.inbound(BRANCH, k, **wb)
        arr = self.to_outlet(no, BRANCH, hub_arr)
        if type_ in ("not_home", "refused", "phone"):
            at = self.deliver_own(no, BRANCH, arr, sign=False) + self.u(1 * H, 4 * H)
        else:
            at = arr + self.u(0.3 * H, 1.5 * H)
        text = text or self.rnd.choice(TEXTS[type_])
        self.scan(no, "问题件", at, BRANCH, None, None, CLERKS["进港"], text)
        if follow == "closed":
            done = at + self.u(0.6 * DAY, 1.2 * DAY)
            if done < self.now_s:
                courier = self.courier_for(BRANCH)
                self.scan(no, "派件", done, BRANCH, None, None, courier)
                self.item(no, courier, done, BRANCH)
                self.scan(no, "签收", done + 2 * H, BRANCH, None, None, courier, "本人签收")
                self.ticket(no, type_, text, at, "none", status="closed", closed=self.ts(done),
                            reason="发件网点已回复,已续派")
                return no
            follow = "today"
        hold = None
        if type_ == "not_home" and follow == "today" and k <= 2:  # sender asked to hold
            hold = self.ts(at + 72 * H)
        self.ticket(no, type_, text, at, follow, hold=hold)
        self.branch_held.append(no)
        return no

    def problem_tickets(self) -> None:
        """Every type of SPEC §5, with today's, yesterday's and 72-hour-old follow-ups."""
        follows = ["today", "yesterday", "none", "today", "yesterday", "closed"]
        plan = {"phone": 8, "address": 6, "damaged": 4, "not_home": 5, "refused": 4, "other": 3}
        for type_, base in plan.items():
            for i in range(self.n(base, least=3 if type_ in ("phone", "refused") else 2)):
                k = 3 + i % 3 if type_ == "refused" else 1 + i % 5
                self.problem_parcel(type_, k, follows[i % len(follows)])
        for i in range(self.n(3, least=2)):  # empty receipt envelope
            self.problem_parcel("receipt_empty", 1 + i % 4, follows[i % 3], text=DEFAULT_TEXTS["receipt_empty"],
                                receipt=f"HD{self.rnd.randrange(10 ** 10):010d}")
        for i in range(self.n(3)):  # 未到齐: a child piece missing
            master, lost, arr = self.multi_piece(1 + i % 4, missing=True)
            text = f"多件未到齐,子单{lost}未到,请核实"
            at = arr + self.u(0.3 * H, 1 * H)
            self.scan(master, "问题件", at, BRANCH, None, None, CLERKS["进港"], text)
            self.ticket(master, "incomplete", text, at, follows[i % 3])
            self.branch_held.append(master)
        for i in range(self.n(3, least=2)):  # overzone that cannot be transferred
            if i % 2:
                no = self.overzone_parcel("明港", 1 + i % 4, payment="cod", cod=self.u(80, 500) * 100)
                text = "超区件有代收货款,不能转件,请联系寄件人处理"
            else:
                no = self.overzone_parcel("淮滨乡镇", 1 + i % 4, payment="collect", collect=self.u(15, 40) * 100,
                                          label="超区勿转")
                text = "面单注明超区勿转,到付件,请发件网点处理"
            at = self._branch_arrival(no) + self.u(0.5 * H, 2 * H)
            self.scan(no, "问题件", at, BRANCH, None, None, CLERKS["出港"], text)
            self.ticket(no, "overzone", text, at, follows[i % 3], by=CLERKS["出港"])
        for type_ in ("missort_header", "missort_address"):  # back to Zhengzhou, night truck
            for i in range(self.n(3, least=2)):
                k = 1 + i % 4
                text = DEFAULT_TEXTS["missort_header"] if type_ == "missort_header" else \
                    "经与收货人联系,收货地址为" + dd.far_address(self.rnd, "河南省南阳市宛城区仲景路")
                no = self.problem_parcel(type_, k, follows[i % 3], text=text)
                self.scan(no, "发件", -k * DAY + self.u(21 * H, 22.5 * H), BRANCH, None, ZZ_HUB,
                          CLERKS["进港"], "错分返郑州")
                self.branch_held.remove(no)

    def sender_replies(self) -> None:
        """R-09: the sender outlets' replies (issue 12), chosen by rule, not by chance, so
        every state of the return clock is on the demo: "return" asked yesterday (应退未退)
        and today, holds that move the earliest return, a redelivery, an unclear reply."""
        from kefu_tui.domain import returns as rd
        from kefu_tui.domain.tickets import dated_note

        def sec(stamp: str) -> int:
            return int((datetime.strptime(stamp, clock.STAMP_FMT) - self.t0).total_seconds())

        open_ = sorted((t for t in self.tickets if t["status"] == "open" and not t["hold_until"]
                        and t["type"] not in ("agent_delay", "overzone")), key=lambda t: t["created_at"])
        taken: set[str] = set()

        def pick(lo: float, hi: float):
            for t in open_:
                age = self.now_s - sec(t["created_at"])
                if lo * H <= age < hi * H and t["waybill"] not in taken:
                    taken.add(t["waybill"])
                    return t
            return None

        def reply(t, kind: str, at: int, text: str, until: int | None = None) -> None:
            if t is None or not sec(t["created_at"]) < at < self.now_s:
                return
            hold = self.ts(until) if until is not None else None
            at_s = self.ts(at)
            k = rd.ReplyKind(kind)
            note = dated_note(rd.reply_note(k, hold, text), clock.parse_stamp(at_s))
            t.update(reply_kind=kind, reply_at=at_s, hold_until=hold, reply_text=text,
                     updated_at=max(t["updated_at"], at_s))
            t["notes"].append((at_s, t["created_by"], note))

        day = 24
        for t in (pick(1.5 * day, 10 * day), pick(1.5 * day, 10 * day)):  # asked yesterday: 应退未退
            reply(t, "return", -DAY + int(16 * H), "发件网点要求退回")
        reply(pick(1 * day, 10 * day), "return", min(self.now_s - 600, int(9 * H)), "发件网点要求退回")
        t = pick(1 * day, 2 * day)  # a hold beyond the 72 h: moves the earliest return
        if t is not None:
            at = sec(t["created_at"]) + int(20 * H)
            reply(t, "hold", at, "客户出差,暂放待客户", until=at + int(72 * H))
        t = pick(3.5 * day, 10 * day)  # an old one the sender asked to keep until tomorrow
        if t is not None:
            at = self.now_s - int(2 * H)
            reply(t, "hold", at, "客户要求改约,暂放", until=at + int(30 * H))
        reply(pick(3.5 * day, 10 * day), "redeliver", -DAY + int(11 * H),
              "新电话 13937612345,请再派")
        reply(pick(1.2 * day, 2.5 * day), "unclear", -DAY + int(10 * H), "发件网点回复再联系")

    def _branch_arrival(self, no) -> int:
        at = next(s[2] for s in reversed(self.scans) if s[0] == no and s[1] == "到件" and s[3] == BRANCH)
        return int((datetime.strptime(at, clock.STAMP_FMT) - self.t0).total_seconds())

    def huaibin_batches(self) -> None:
        """R-22: each past day's agent list registered in bulk as 代派时效不保; today's list
        is left for the clerk. Signed parcels' tickets are closed."""
        for k in sorted(self.agent_lists, reverse=True):
            if k == 0:
                continue
            at = -k * DAY + int(9.25 * H)
            batch = len(self.batches)
            nos = self.agent_lists[k]
            self.batches.append((self.ts(at), CLERKS["进港"], "agent_delay", AGENT_TEXT, len(nos)))
            for no in nos:
                signed = self.sign_at.get(no)
                if signed is not None:
                    close = max(signed, at) + self.u(0.5 * H, 2 * H)
                    self.ticket(no, "agent_delay", AGENT_TEXT, at, "none", batch=batch, status="closed",
                                closed=self.ts(min(close, self.now_s - 1)), reason="代派已签收")
                else:
                    follow = "today" if self.rnd.random() < 0.5 else "yesterday"
                    self.ticket(no, "agent_delay", AGENT_TEXT, at, follow, batch=batch,
                                note_pool=NOTES["agent_delay"])

    # ------------------------------------------------------------------ the counter's day
    def housekeeping(self) -> None:
        """Templates, the warehouse count (R-42) and today's monitoring checks (R-34)."""
        self.templates = [(t, x) for t, x in DEFAULT_TEXTS.items()] + [
            (None, "暂放续送"), ("phone", "电话错误,请提供正确电话"), ("address", "地址不详,请提供详细地址")]
        start = 8 * H + 20 * 60 if self.now_s > 9 * H else -DAY + 16 * H
        held = list(dict.fromkeys(self.branch_held))
        if held:
            self.count_session = (self.ts(start), CLERKS["进港"], self.ts(start + 25 * 60))
            goods, slips = held[2:] if len(held) > 4 else held, held[:-2] if len(held) > 4 else held
            extra_goods = [no for no, *_ in self.waybills[-40:-38]]  # 有货无单
            for i, no in enumerate(goods + extra_goods):
                self.count_rows.append((no, self.ts(start + 20 + i * 7), "goods"))
            for i, no in enumerate(slips):
                self.count_rows.append((no, self.ts(start + 10 + i * 7), "slip"))
        for rule, hour in (("R-24", 8.6), ("R-25", 8.7), ("R-28", 8.8), ("R-26", 9.1),
                           ("R-27", 10.5), ("R-29", 17.0), ("R-30", 17.5)):
            s = int(hour * H)
            if s < self.now_s:
                post = {"R-25": "进港", "R-28": "进港", "R-29": "进港", "R-30": "质控"}.get(rule, "出港")
                self.checks.append((rule, self.ts(0)[:10], self.ts(s), CLERKS[post], None, "已查看"))

    # ------------------------------------------------------------------ writing
    def write_tickets(self, conn) -> None:
        base_b = conn.execute("SELECT coalesce(max(id), 0) FROM bulk_batches").fetchone()[0] + 1
        conn.executemany("INSERT INTO bulk_batches (id, at, by, type, text, n) VALUES (?, ?, ?, ?, ?, ?)",
                         [(base_b + i, *b) for i, b in enumerate(self.batches)])
        base = conn.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()[0] + 1
        rows, notes = [], []
        for i, t in enumerate(self.tickets):
            tid = base + i
            rows.append((tid, t["waybill"], t["type"], t["text"], t["party"], t["status"],
                         t["created_at"], t["created_by"], t["updated_at"], t["closed_at"],
                         t["closed_by"], t["close_reason"], t["hold_until"],
                         None if t["batch"] is None else base_b + t["batch"]))
            notes.extend((tid, *n) for n in t["notes"])
        conn.executemany(TICKET_SQL, rows)
        conn.executemany(NOTE_SQL, notes)
        replied = [(base + i, t) for i, t in enumerate(self.tickets) if t.get("reply_kind")]
        conn.executemany("UPDATE tickets SET reply_kind = ?, reply_at = ? WHERE id = ?",
                         [(t["reply_kind"], t["reply_at"], tid) for tid, t in replied])
        conn.executemany(
            "INSERT INTO ticket_replies (ticket_id, waybill, kind, at, by, hold_until, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(tid, t["waybill"], t["reply_kind"], t["reply_at"], t["created_by"], t["hold_until"],
              t["reply_text"]) for tid, t in replied])

    def write_counts(self, conn) -> None:
        if self.count_session is None:
            return
        cur = conn.execute("INSERT INTO count_sessions (started_at, started_by, finished_at) VALUES (?, ?, ?)",
                           self.count_session)
        sid = cur.lastrowid
        conn.executemany("INSERT OR IGNORE INTO count_items (session_id, waybill, at, side) VALUES (?, ?, ?, ?)",
                         [(sid, *r) for r in self.count_rows])


DEFAULT_TEXTS = {
    "agent_delay": AGENT_TEXT,
    "missort_header": "此件错分",
    "missort_address": "经与收货人联系,收货地址为XXX",
    "receipt_empty": "回单空封,请回复后派送",
}
TEXTS = {
    "phone": ["收件人电话空号,请提供正确电话", "收件人电话停机,请联系寄件人", "电话暂停服务,无法联系收件人",
              "电话错误,请提供正确电话"],
    "address": ["地址不详,请提供详细地址", "地址只写到小区,无楼号门牌", "查无此地址,请核实"],
    "damaged": ["外包装破损,内物待核实,已拍照留存", "纸箱压坏,内物破碎,已拍照"],
    "not_home": ["客户不在,电话无人接听", "客户出差,要求改日派送"],
    "refused": ["收件人拒收,称未购买此物品", "收件人拒收,嫌运费高(到付)", "收件人拒收,货物与描述不符"],
    "other": ["收件人要求改日派送", "包裹内物与面单不符,待核实", "收件人要求自提"],
}
NOTES = {
    "agent_delay": ["已通知淮滨代派,催派", "淮滨代派回复今日派送", "已将单号发代派群"],
    "other": ["已联系发件网点,等待回复", "暂放续送", "客户电话无人接听,继续联系", "发件网点未回复,再次催促",
              "已与收件人约定明日派送"],
}
