"""The three sheets Orchard reads and writes, their columns, and the words accepted in them.

Headers are fixed English keys, so one file works whatever language its author uses Orchard in;
the Norwegian and Swedish header names are accepted too. Limits on lengths mirror the model
fields (a test keeps them in step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts import orgnumbers
from accounts.text import normalise

# Kinds of column: how a cell is read and written.
TEXT, ORG, STATUS, TIER, COUNTRY, URL, EMAIL, REF, UNIT_KIND, YEAR, QUARTER, AMOUNT, INFO = (
    "text",
    "org",
    "status",
    "tier",
    "country",
    "url",
    "email",
    "ref",
    "unit_kind",
    "year",
    "quarter",
    "amount",
    "info",
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str
    help: object
    example: object = None
    required: bool = False
    max_length: int | None = None
    aliases: tuple[str, ...] = ()
    width: int = 18
    in_template: bool = True  # False: written by the export for reading, ignored on import


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    aliases: tuple[str, ...]
    help: object
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.in_template)


CUSTOMER_REF_HELP = _(
    "The customer's organisation number or external id, as in the Customers sheet or as already in Orchard."
)
CUSTOMER_NAME_HELP = _("For reading only; the export fills it in and the import ignores it.")

CUSTOMERS = Sheet(
    key="customers",
    title="Customers",
    aliases=("kunder", "kunder (customers)", "kunder_customers"),
    help=_(
        "One row per customer. A row whose organisation number (or, without one, external id) is "
        "already in Orchard updates that customer; any other row adds a new customer."
    ),
    columns=(
        Column(
            "name",
            "name",
            TEXT,
            _("The company's name, exactly as you want it shown. Required."),
            "Nordfjord Energi AS",
            required=True,
            max_length=200,
            aliases=("navn", "namn", "customer name", "company"),
            width=34,
        ),
        Column(
            "org_number",
            "organisation number",
            ORG,
            _(
                "Organisation number, e.g. 923 609 016 or 556677-8899. Spaces and dashes do not matter "
                "when rows are matched. A row needs an organisation number or an external id."
            ),
            "999 000 002",
            max_length=32,
            aliases=(
                "organization number",
                "org number",
                "org. number",
                "org no",
                "organisasjonsnummer",
                "org.nr.",
                "org.nr",
                "orgnr",
                "organisationsnummer",
            ),
            width=20,
        ),
        Column(
            "external_id",
            "external id",
            TEXT,
            _(
                "The customer's id in your CRM or ERP. Used to match rows when there is no organisation number."
            ),
            "CRM-10042",
            max_length=64,
            aliases=("external_id", "ekstern id", "externt id", "extern id", "externt-id"),
            width=16,
        ),
        Column(
            "status",
            "status",
            STATUS,
            _(
                "prospect, candidate, key or former (the status names in English, Norwegian or Swedish "
                "work too). Left empty: prospect for a new customer, unchanged for an existing one. "
                "An existing customer becomes or stops being a key account through a selection decision."
            ),
            "prospect",
            aliases=("kundestatus", "kundstatus"),
            width=13,
        ),
        Column(
            "tier",
            "tier",
            TIER,
            _("1, 2 or 3. Left empty: 3 for a new customer, unchanged for an existing one."),
            2,
            aliases=("nivå", "niva"),
            width=8,
        ),
        Column(
            "industry",
            "industry",
            TEXT,
            _("Free text, e.g. Energy."),
            "Energy",
            max_length=120,
            aliases=("bransje", "bransch"),
            width=20,
        ),
        Column(
            "country",
            "country",
            COUNTRY,
            _("Two-letter country code, e.g. NO, SE, DK or FI."),
            "NO",
            aliases=("land", "country code", "landkode", "landskod"),
            width=9,
        ),
        Column(
            "website",
            "website",
            URL,
            _("The web address, e.g. https://www.example.no/ ."),
            "https://www.nordfjord-energi.no/",
            max_length=200,
            aliases=("web", "nettsted", "nettside", "webbplats", "hemsida"),
            width=32,
        ),
        Column(
            "parent",
            "parent organisation number",
            ORG,
            _(
                "The organisation number of the group this customer belongs to: a customer in this "
                "file or one you can see in Orchard (its external id works too). Empty: the group stays as it is."
            ),
            None,
            max_length=32,
            aliases=(
                "parent organization number",
                "parent",
                "morselskap",
                "morselskapets organisasjonsnummer",
                "moderbolag",
                "moderbolagets organisationsnummer",
            ),
            width=20,
        ),
        Column(
            "owner_email",
            "owner e-mail",
            EMAIL,
            _(
                "E-mail address of the account owner (KAM). Empty: you, for a new customer; unchanged for "
                "an existing one. A sales leader may choose anyone on the teams they lead, an "
                "administrator anyone; a key account manager only themself."
            ),
            "ingrid@example.org",
            aliases=("owner email", "owner", "eiers e-post", "eier e-post", "ägarens e-post", "ägare e-post"),
            width=26,
        ),
        Column(
            "owner_name",
            "owner name",
            INFO,
            _("For reading only; the export fills it in and the import ignores it."),
            aliases=("eiers navn", "ägarens namn"),
            width=22,
            in_template=False,
        ),
        Column(
            "team",
            "team",
            INFO,
            _("For reading only: the team the customer belongs to follows its owner."),
            aliases=("lag",),
            width=22,
            in_template=False,
        ),
    ),
)

UNITS = Sheet(
    key="units",
    title="Units",
    aliases=("enheter", "enheter (units)"),
    help=_(
        "Business units, countries and locations of a customer: the white-space axis. A row with the "
        "same customer, kind and name as one in Orchard updates its country and note. Rows never remove units."
    ),
    columns=(
        Column(
            "customer",
            "customer organisation number or external id",
            REF,
            CUSTOMER_REF_HELP,
            "999 000 002",
            required=True,
            aliases=(
                "customer",
                "customer organization number or external id",
                "kunde",
                "kund",
                "kundens organisasjonsnummer eller eksterne id",
                "kundens organisationsnummer eller externa id",
            ),
            width=24,
        ),
        Column(
            "customer_name",
            "customer name",
            INFO,
            CUSTOMER_NAME_HELP,
            aliases=("kundenavn", "kundnamn"),
            width=28,
            in_template=False,
        ),
        Column(
            "kind",
            "kind",
            UNIT_KIND,
            _("unit (business unit), country or location; the names in Norwegian or Swedish work too."),
            "unit",
            required=True,
            aliases=("type", "typ", "art"),
            width=12,
        ),
        Column(
            "name",
            "name",
            TEXT,
            _("The unit's name, e.g. Offshore, Sverige or Bergen. Required."),
            "Offshore",
            required=True,
            max_length=160,
            aliases=("navn", "namn", "unit"),
            width=26,
        ),
        Column(
            "country",
            "country",
            COUNTRY,
            _("Two-letter country code, e.g. NO. May be empty."),
            "NO",
            aliases=("land",),
            width=9,
        ),
        Column(
            "note",
            "note",
            TEXT,
            _("A short note. May be empty."),
            None,
            max_length=300,
            aliases=("merknad", "notat", "anteckning", "kommentar"),
            width=36,
        ),
    ),
)

FINANCIALS = Sheet(
    key="financials",
    title="Financials",
    aliases=("økonomi", "okonomi", "ekonomi", "finansielt", "finans"),
    help=_(
        "Our revenue and gross margin with a customer per year (quarter 0) or quarter, in the reporting "
        "currency. A row for a year and quarter already in Orchard replaces its figures. Rows never remove periods."
    ),
    columns=(
        Column(
            "customer",
            "customer organisation number or external id",
            REF,
            CUSTOMER_REF_HELP,
            "999 000 002",
            required=True,
            aliases=UNITS.columns[0].aliases,
            width=24,
        ),
        Column(
            "customer_name",
            "customer name",
            INFO,
            CUSTOMER_NAME_HELP,
            aliases=("kundenavn", "kundnamn"),
            width=28,
            in_template=False,
        ),
        Column(
            "year",
            "year",
            YEAR,
            _("The year, 1990–2100. Required."),
            2025,
            required=True,
            aliases=("år", "ar"),
            width=8,
        ),
        Column(
            "quarter",
            "quarter",
            QUARTER,
            _("0 or empty for the whole year, 1–4 for a quarter."),
            0,
            aliases=("kvartal",),
            width=9,
        ),
        Column(
            "revenue",
            "revenue",
            AMOUNT,
            _(
                "Our revenue with the customer. Required, not negative. A number, or text such as "
                "1 234 567,50 or 1.234.567,50 kr."
            ),
            12500000,
            required=True,
            aliases=("omsetning", "omsättning", "inntekt", "intäkt", "our revenue"),
            width=16,
        ),
        Column(
            "gross_margin",
            "gross margin",
            AMOUNT,
            _(
                "Our gross margin as an amount, not a percentage. Required; negative for a loss, never above revenue."
            ),
            3100000,
            required=True,
            aliases=(
                "bruttomargin",
                "dekningsbidrag",
                "bruttomarginal",
                "täckningsbidrag",
                "our gross margin",
            ),
            width=16,
        ),
        Column(
            "their_spend",
            "their spend",
            AMOUNT,
            _("What the customer spends in our categories in total, for share of wallet. May be empty."),
            40000000,
            aliases=("deres innkjøp", "deras inköp", "their total spend", "total spend"),
            width=16,
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (CUSTOMERS, UNITS, FINANCIALS)
SHEETS_BY_KEY: dict[str, Sheet] = {sheet.key: sheet for sheet in SHEETS}
README_TITLE = "README"

# Words accepted for a customer's status and a unit's kind, besides the codes themselves.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "prospect": ("prospect", "prospekt"),
    "candidate": ("candidate", "kandidat"),
    "key": ("key", "key account", "nøkkelkunde", "nyckelkund"),
    "former": ("former", "former customer", "tidligere kunde", "tidigare kund", "tidligere", "tidigare"),
}
UNIT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "business unit", "forretningsenhet", "affärsenhet", "enhet"),
    "country": ("country", "land"),
    "location": ("location", "lokasjon", "plats", "sted"),
}


def normalise_word(text: str) -> str:
    """Compare headers and words without case, surrounding space, doubled space or no-break space,
    and the same whether "å" was typed as one character or two."""
    return re.sub(r"\s+", " ", normalise(text).replace("\u00a0", " ")).strip().casefold()


def lookup(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """word → code, every word normalised."""
    return {normalise_word(word): code for code, variants in words.items() for word in (code, *variants)}


def canonical_key(text: str) -> str:
    """How organisation numbers and references are compared: no spaces, dashes, dots or case, and
    without the VAT form's "NO"/"MVA" or "SE"/"01" (`accounts.orgnumbers.key`)."""
    return orgnumbers.key(text)


def sheet_for_title(title: str) -> Sheet | None:
    wanted = normalise_word(title)
    for sheet in SHEETS:
        if wanted in {normalise_word(sheet.title), *map(normalise_word, sheet.aliases)}:
            return sheet
    return None


def header_lookup(sheet: Sheet) -> dict[str, Column]:
    """Normalised header or alias → column."""
    table: dict[str, Column] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            table.setdefault(normalise_word(name), column)
    return table
