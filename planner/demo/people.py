"""The demo's prospects: unique names, emails and phones, companies shared by a few."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from planner.models import Prospect

CENT = Decimal("0.01")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "Aaron Abigail Adam Aisha Alan Alice Amir Ana Andrea Anita Ben Bianca Brian Carla Carlos "
    "Chen Chloe Chris Claire Daniel Dana David Deepa Diego Elena Emily Eric Fatima Felix Fiona "
    "Frank Grace Hannah Hugo Ian Ingrid Isaac Jack James Jana Jason Jin Joanna Jonas Jorge "
    "Julia Karen Kenji Kevin Laura Leila Liam Linda Lucas Maria Mark Marta Maya Mei Michael "
    "Mohammed Nadia Nathan Nina Noah Olga Omar Paul Priya Rachel Rafael Ravi Rosa Ryan Sam "
    "Sara Sean Sofia Sunil Tanya Thomas Tom Valerie Victor Wei Yara Yusuf Zoe Adrian Alberto "
    "Amelia Anders Arjun Astrid Beatriz Bruno Camila Chidi Colin Derek Dmitri Eva Farah Gabriel "
    "Greta Hassan Helen Hiro Irene Jamal Javier Katya Lars Lena Marco Miguel Naomi Oscar "
    "Pablo Petra Quentin Rita Simon Sven Teresa Uma Vanessa Walter Xavier Yasmin Zainab"
)

_LAST_NAMES = _words(
    "Adams Ahmed Alvarez Andersen Baker Bauer Becker Bennett Brooks Campbell Carter Castro "
    "Chang Chen Clarke Collins Cooper Costa Cruz Davies Diaz Dubois Edwards Evans Fischer "
    "Fleming Foster Garcia Gomez Graham Gupta Hall Hansen Harris Hartley Hayes Hoffmann "
    "Hughes Ibrahim Ito Jensen Johnson Kaur Keller Kelly Khan Kim Klein Kowalski Larsen Lee "
    "Lewis Lopez Martin Mendes Meyer Miller Moreau Morgan Murphy Nakamura Nguyen Novak "
    "Okafor Olsen Ortiz Owens Park Patel Perez Peters Price Quinn Reed Reyes Richter Rivera "
    "Roberts Rossi Russo Sanchez Santos Sato Schmidt Schneider Shah Silva Singh Sokolov "
    "Stewart Sullivan Suzuki Tan Taylor Thompson Torres Turner Vogel Wagner Walker Wang "
    "Watson Weber Wilson Wong Wright Yamamoto Young Zhang Zimmer Abbott Banerjee Barnes Bishop "
    "Brennan Byrne Chaudhry Dalton Dixon Doyle Ellis Engel Farrell Fernandes Fuller Gallagher "
    "Gordon Haas Hamilton Hernandez Holm Horvath Iyer Jacobs Kapoor Kruger Lambert Lindqvist "
    "Lowe Marsh Mason Mehta Molina Nash Nielsen Oliveira Palmer Pearson Popescu Ramos Rao "
    "Reilly Rowe Salazar Sharma Simmons Soto Stone Tanaka Vargas Walsh Webb Yilmaz"
)

_COMPANY_WORDS = _words(
    "Acorn Alder Apex Arbor Atlas Beacon Birch Bluewater Brightway Canyon Cardinal Cedar "
    "Clearwater Copper Crescent Crown Delta Eastgate Evergreen Falcon Fieldstone Granite "
    "Greenleaf Harbor Highland Horizon Iron Ivy Juniper Keystone Lakeside Lantern Liberty "
    "Maple Meridian Summit Northwind Oakridge Orchard Pacific Pinnacle Prairie Quarry "
    "Redwood Riverside Rockford Sagebrush Silverline Southport Sterling Stonebridge Sunrise "
    "Tidewater Trident Union Valley Vantage Westfield Willow"
)

_COMPANY_TRADES = _words(
    "Analytics Architects Automotive Bakery Builders Cabinetry Catering Clinics Construction "
    "Consulting Dental Distribution Electric Engineering Facilities Fabrication Foods "
    "Freight Furniture Health Hospitality HVAC Insurance Labs Landscaping Legal Logistics "
    "Machining Manufacturing Marine Media Medical Metals Packaging Pharmacy Plastics "
    "Plumbing Printing Properties Realty Recycling Roofing Security Software Staffing "
    "Supply Systems Textiles Tools Travel Utilities Ventures Wholesale"
)

_COMPANY_HEADS = _COMPANY_WORDS + _LAST_NAMES  # "Harbor Logistics", "Okafor Dental"

_COMPANY_SUFFIXES = ("", "", "", "Inc.", "LLC", "Group", "Co.", "Partners", "Ltd.")


@dataclass(slots=True)
class ProspectBook:
    """Prospect identities: unique names, emails and phones; companies shared by a few."""

    rng: random.Random
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    name_order: list[int] = field(default_factory=list)
    company_order: list[int] = field(default_factory=list)
    companies: list[tuple[str, str, int]] = field(default_factory=list)  # name, domain, style

    def prospect(self, prospect_id: int) -> Prospect:
        rng = self.rng
        if not self.name_order:  # every first-last pair is used once before any repeats
            self.name_order = list(range(len(_FIRST_NAMES) * len(_LAST_NAMES)))
            rng.shuffle(self.name_order)
        first_index, last_index = divmod(self.name_order.pop(), len(_LAST_NAMES))
        first, last = _FIRST_NAMES[first_index], _LAST_NAMES[last_index]
        name = f"{first} {last}"
        while name in self.names:  # a middle initial keeps names unique for lookups by name
            name = f"{first} {chr(65 + rng.randrange(26))}. {last}"
        self.names.add(name)
        company, domain, style = self._company()
        value = 0.0
        while not 500 <= value <= 20_000:  # redraw rather than clip: no spike at the bounds
            value = rng.lognormvariate(math.log(3_500), 0.8)
        return Prospect(
            id=prospect_id,
            name=name,
            company=company,
            email=self._email(first.lower(), last.lower(), domain, style),
            phone=self._phone(),
            value=Decimal(round(value / 50) * 50).quantize(CENT),
        )

    def _company(self) -> tuple[str, str, int]:
        rng = self.rng
        # B2B accounts have several contacts: reuse a recent company about a third of the time,
        # and always once every name has been used.
        if self.companies and (rng.random() < 0.35 or self.company_order == []):
            return self.companies[-1 - rng.randrange(min(200, len(self.companies)))]
        if not self.companies:
            self.company_order = list(range(len(_COMPANY_HEADS) * len(_COMPANY_TRADES)))
            rng.shuffle(self.company_order)
        head, trade = divmod(self.company_order.pop(), len(_COMPANY_TRADES))
        base = f"{_COMPANY_HEADS[head]} {_COMPANY_TRADES[trade]}"
        domain = "".join(c for c in base.lower() if c.isalnum()) + ".com"
        entry = (f"{base} {rng.choice(_COMPANY_SUFFIXES)}".strip(), domain, rng.randrange(3))
        self.companies.append(entry)
        return entry

    def _email(self, first: str, last: str, domain: str, style: int) -> str:
        local = (f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}")[style]
        email, number = f"{local}@{domain}", 1
        while email in self.emails:
            number += 1
            email = f"{first}.{last}{number}@{domain}"
        self.emails.add(email)
        return email

    def _phone(self) -> str:
        while True:
            phone = f"+1 555 01{self.rng.randrange(100):02d} {self.rng.randrange(10_000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone
