"""Load the contact form's subjects, the FAQ and the privacy policy (fixtures/site.yaml).

The Secretariat edits them in the admin; the fixture's comments say where each text comes from.
"""

from __future__ import annotations

from core.seeding import SeedReport, parse_date, read_yaml
from portal.models import ContactPoint, ContactSubject, FaqCategory, FaqEntry, PolicyDocument, PolicySection


class SeedError(Exception):
    """The fixture names a desk that fixtures/about.yaml does not define."""


def load_contact_subjects(rows, report: SeedReport) -> None:
    desks = {desk.topic: desk for desk in ContactPoint.objects.all()}
    for row in rows:
        if row["desk"] not in desks:
            raise SeedError(f"お問い合わせの件名「{row['label']}」: 窓口「{row['desk']}」がありません。")
        ContactSubject.objects.update_or_create(
            label=row["label"], defaults={"desk": desks[row["desk"]], "sort_order": row["sort_order"]}
        )
    report.add(ContactSubject, len(rows))


def load_faq(groups, report: SeedReport) -> None:
    for group in groups:
        category, _ = FaqCategory.objects.update_or_create(
            name=group["category"], defaults={"sort_order": group["sort_order"]}
        )
        for number, entry in enumerate(group["entries"], start=1):
            FaqEntry.objects.update_or_create(
                category=category, question=entry["question"],
                defaults={"answer": entry["answer"].strip(), "sort_order": number},
            )
        report.add(FaqCategory)
        report.add(FaqEntry, len(group["entries"]))


def load_policies(rows, report: SeedReport) -> None:
    for row in rows:
        document, _ = PolicyDocument.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"], "lead": row.get("lead", "").strip(),
                "established_on": parse_date(row["established_on"]),
                "revised_on": parse_date(row.get("revised_on")),
            },
        )
        for number, section in enumerate(row["sections"], start=1):
            PolicySection.objects.update_or_create(
                document=document, title=section["title"],
                defaults={"body": section["body"].strip(), "sort_order": number},
            )
        report.add(PolicyDocument)
        report.add(PolicySection, len(row["sections"]))


def load(report: SeedReport) -> None:
    data = read_yaml("site.yaml")
    load_contact_subjects(data["contact_subjects"], report)
    load_faq(data["faq"], report)
    load_policies(data["policies"], report)
