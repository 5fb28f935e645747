"""The team's own pages: content/team/<slug>.md, one per member of site.yaml's `team`, with
their bio (the Markdown after the front matter), their role, their declared conflicts of
interest and their profiles elsewhere. Declared as `model`'s records are (see there);
`model` re-exports `Person` and puts its table in TABLES."""

from __future__ import annotations

from .addresses import Mailto, Url
from .fieldtypes import Bool, ListOf, Name, Str
from .tables import NOWHERE, F, Record, record
from .values import Text

CONFLICTS = ("Their declared conflicts of interest: memberships, donations, work for anyone "
             "the desk checks, family ties; 'None declared.' when there are none. The IFCN's "
             "code of principles asks signatories to publish them; the page shows it under "
             "its own heading.")


@record("a team member's page")
class Person(Record):
    name: str = F(Name(refers="team member"), "Their name, exactly as in site.yaml's team "
                  "(and in claims' checked_by and edited_by).", "Alex Example", required=True)
    role: str | None = F(Str(), "Their role on the desk, when not the one site.yaml's team "
                         "gives (this one is shown instead, on the team page too).",
                         "Senior fact-checker")
    conflicts: str | None = F(Str(), CONFLICTS, "None declared.")
    links: tuple[str, ...] = F(ListOf(Url(), what="web addresses"), "Their profiles "
                               "elsewhere (a professional page, a social account), linked "
                               "from their page and given to search engines as `sameAs`.",
                               ["https://example.org/people/alex"])
    email: str | None = F(Mailto(), "How readers reach them: a mailto: address.",
                          "mailto:alex@example.org")
    draft: bool = F(Bool(), "true keeps their page out of the published site (their name is "
                    "shown unlinked until it is published).", False)
    id: str = ""  # the file's name: their page is /team/<id>/
    body: Text = Text("", NOWHERE)  # their bio, in Markdown
    file: str = ""
