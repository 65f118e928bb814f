"""The data version: a short hash of the content of every file the loader reads, and the release
label and date kept in dataset.yaml. Two directories with the same files have the same version;
changing one byte of any of them, or a file's name, changes it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import _
from dashboard.model.dates import format_date, parse_partial_date

DIGEST_CHARS = 8  # 32 bits: enough to tell a dataset's releases and edits apart, short enough to read out


def content_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """A short hex digest of (relative path, content) pairs, whatever order they come in. Each
    path and content is length-prefixed, so no two different sets of files hash the same text."""
    digest = hashlib.sha256()
    for name, content in sorted(files):
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big") + encoded + len(content).to_bytes(8, "big"))
        digest.update(content)
    return digest.hexdigest()[:DIGEST_CHARS]


@dataclass(frozen=True)
class DataVersion:
    """`digest` always; `label` and `released` (a partial ISO date) when dataset.yaml has a release."""

    digest: str
    label: str = ""
    released: str = ""

    @property
    def short(self) -> str:
        """'2026-12 · 3f9a1c2e', or the digest alone for data without a release label."""
        return f"{self.label} · {self.digest}" if self.label else self.digest

    @property
    def slug(self) -> str:
        """For file names: 'data-2026-12-3f9a1c2e'."""
        label = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in self.label).strip("-")[:40]
        return f"data-{label}-{self.digest}" if label else f"data-{self.digest}"

    @property
    def released_label(self) -> str:
        if not self.released:
            return ""
        day, precision = parse_partial_date(self.released)
        return format_date(pd.Timestamp(day), precision)

    @property
    def text(self) -> str:
        """'Data version 2026-12, released 2 December 2026, content 3f9a1c2e', in the current language."""
        if not self.label:
            return _("Data version {digest} (no release label)").format(digest=self.digest)
        if self.released:
            return _("Data version {label}, released {date}, content {digest}").format(
                label=self.label, date=self.released_label, digest=self.digest
            )
        return _("Data version {label}, content {digest}").format(label=self.label, digest=self.digest)
