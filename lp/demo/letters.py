"""The demo's notification letters: small real PDFs made with fpdf2, one per letter or from a pool."""
from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from lp.demo.claims import DemoClaim, day

STANDARD_TEXT = {
    "Award notice": "Please tell us at once if the tenant moves out or their rent changes.",
    "Change in entitlement": "The new amount is paid from the date above. Your payment schedule in the "
                             "Landlord Portal shows each tenant's share of every payment.",
    "Suspension of payments": "We will restart payments, and pay what is owed, once we have the information "
                              "we need. Please contact us if you can help.",
    "Overpayment": "Recovery appears as an adjustment on your payment schedule. If you disagree, you can ask "
                   "us to look at the decision again within one month.",
    "Claim ended": "No further payments will be made for this tenant. Please tell us if this is wrong.",
    "DHP award": "A Discretionary Housing Payment is paid for a limited time and is reviewed before it ends.",
}
POOL_SIZE = 40  # distinct PDFs per letter type at council scale


class LetterPrinter:
    """Writes letter PDFs under `folder`/letters and answers the path the index names.

    Personal (small scale): one PDF per letter, naming the tenant. Pooled (council scale): a few
    hundred generic PDFs, each shared by many letters, because 700,000 PDFs would make the extract
    slow to write and load without showing anything more.
    """

    def __init__(self, folder: Path, *, council: str, as_at: int, pooled: bool):
        self.folder = folder / "letters"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.council = council
        # fpdf2 stamps the creation time into the file; a fixed one keeps the same seed byte-identical.
        self.created = datetime.fromordinal(as_at).replace(tzinfo=UTC)
        self.pooled = pooled
        self.written: set[str] = set()

    def file_for(self, letter_id: str, letter_type: str, sent_on: int, claim: DemoClaim, account: dict,
                 detail: str) -> str:
        if self.pooled:
            variant = int(letter_id[1:]) % POOL_SIZE
            name = f"{letter_type.lower().replace(' ', '-')}-{variant:02d}.pdf"
            if name not in self.written:
                self._write(name, letter_type, [f"Letter {variant + 1} of this kind."], sent_on, None, None)
        else:
            name = f"{letter_id}.pdf"
            self._write(name, letter_type, [detail], sent_on, claim, account)
        self.written.add(name)
        return f"letters/{name}"

    def _write(self, name: str, letter_type: str, paragraphs: list[str], sent_on: int,
               claim: DemoClaim | None, account: dict | None) -> None:
        pdf = FPDF(format="A4")
        pdf.set_creation_date(self.created)
        pdf.set_title(f"{letter_type} - {self.council}")
        pdf.set_author(self.council)
        pdf.set_margins(20, 20, 20)
        pdf.add_page()
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(0, 8, self.council, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.cell(0, 5, "Housing Benefit and Discretionary Housing Payments", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        if account is not None:
            lines = [account["name"], *account["address"].split("|"), account["postcode"]]
            for line in lines:
                pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.cell(0, 5, f"Date: {day(sent_on)}", new_x="LMARGIN", new_y="NEXT")
        if claim is not None:
            pdf.cell(0, 5, f"Claim reference: {claim.reference}", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 5, f"Tenant: {claim.first_name} {claim.last_name}", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 5, f"Property: {claim.address.replace('|', ', ')} {claim.postcode}",
                     new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("helvetica", "B", 12)
        pdf.cell(0, 7, letter_type, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        for paragraph in [*paragraphs, STANDARD_TEXT[letter_type]]:
            # Wrapped here: fpdf2's multi_cell measures every glyph and made the small demo take seconds.
            for line in textwrap.wrap(paragraph, 90):
                pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        pdf.set_font("helvetica", "I", 8)
        pdf.cell(0, 4, "A fictional letter made for the Landlord Portal demo. No real person is named.")
        (self.folder / name).write_bytes(bytes(pdf.output()))
