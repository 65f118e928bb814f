"""Export a briefing deck: `python -m dashboard.brief DECK --format pptx|pdf|png|html --out PATH`.

DECK is a deck id from the data directory's briefings/ folder, or the path of a deck YAML file
(checked like data/briefings/*.yaml against the dataset). The data directory is --data, or
DASHBOARD_DATA_DIR, or data/. --lang az|en|ru words the slides in that language (English by
default); a file named after the deck then ends in the language code. --out may name a file or an existing folder (the file is then named
after the deck). png writes a zip of one image per slide, or with --slide N that one slide's PNG.

Exit codes: 0 written; 2 bad input (arguments, data directory, deck), with a one-line message
naming the file and the line; 1 the export itself failed (e.g. no headless browser).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from dashboard import i18n
from dashboard.loading import DataError, data_dir_from_env, load_dataset
from dashboard.loading.decks import deck_from_upload
from dashboard.loading.problems import Problem
from dashboard.model import schema

FORMATS = ("pptx", "pdf", "png", "html")


class BadInput(Exception):
    """Input the user can fix; the message is the whole story, on one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        raise BadInput(f"{message} (see python -m dashboard.brief --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard.brief", description=__doc__.split("\n\n")[0], add_help=True)
    parser.add_argument("deck", help="a deck id from briefings/, or the path of a deck YAML file")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--out", required=True, type=Path, help="the file to write, or a folder to write it in")
    parser.add_argument("--data", type=Path, default=None, help="the data directory (default: DASHBOARD_DATA_DIR or data/)")
    parser.add_argument("--slide", type=int, default=None, help="png only: export this slide (1 = the first) as one PNG")
    parser.add_argument("--lang", default=i18n.DEFAULT, choices=list(i18n.LANGUAGES), help="the language of the slides (default: en)")
    return parser


def _problems_line(problems: list[Problem]) -> str:
    first = str(problems[0])
    more = len(problems) - 1
    return first + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")


def _is_path(text: str) -> bool:
    return text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text or Path(text).is_file()


def find_deck(text: str, dataset) -> schema.Deck:
    """The deck DECK names: a file's, or one of the dataset's by id."""
    if _is_path(text):
        path = Path(text)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise BadInput(f"{path}: cannot read the deck file: {exc.strerror or exc}") from None
        deck, problems = deck_from_upload(raw, str(path), dataset)
        if problems or deck is None:
            raise BadInput(_problems_line(problems or [Problem(str(path), None, "", "is not a deck")]))
        return deck
    for deck in dataset.decks:
        if deck.id == text:
            return deck
    known = ", ".join(d.id for d in dataset.decks) or "none"
    raise BadInput(f"{dataset.data_dir / 'briefings'}: no deck with id {text!r} (decks there: {known}; or give the path of a deck file)")


def _one_slide(deck: schema.Deck, number: int) -> schema.Deck:
    if not 1 <= number <= len(deck.slides):
        raise BadInput(f"--slide {number}: the deck {deck.id!r} has slides 1 to {len(deck.slides)}")
    return deck.model_copy(update={"slides": [deck.slides[number - 1]]})


def export(dataset, deck: schema.Deck, fmt: str, slide: int | None = None) -> tuple[bytes, str]:
    """(the file's bytes, its default name)."""
    if fmt == "pptx":
        from dashboard.render import pptx

        return pptx.deck_pptx(dataset, deck), pptx.pptx_file_name(deck)
    if fmt == "pdf":
        from dashboard.render import pdf

        return pdf.deck_pdf(dataset, deck), pdf.pdf_file_name(deck)
    if fmt == "png":
        from dashboard.render import png

        if slide is not None:
            return png.deck_pngs(dataset, _one_slide(deck, slide))[0], png.png_names(deck)[slide - 1]
        return png.deck_png_zip(dataset, deck), png.png_zip_file_name(deck)
    from dashboard.render import pack

    return pack.deck_html(dataset, deck).encode("utf-8"), pack.pack_file_name(deck)


def _write(out: Path, name: str, data: bytes) -> Path:
    target = out / name if out.is_dir() else out
    if not target.parent.is_dir():
        raise BadInput(f"{target.parent}: no such folder to write {target.name} in")
    # written beside the target and renamed: a failed export never leaves half a file
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # data text can hold characters a terminal cannot show
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    started = time.perf_counter()
    try:
        args = _parser().parse_args(argv)
        if args.slide is not None and args.format != "png":
            raise BadInput("--slide works with --format png only")
        data_dir = args.data if args.data is not None else data_dir_from_env()
        try:
            dataset = load_dataset(data_dir)
        except DataError as exc:
            raise BadInput(f"{data_dir}: {_problems_line(exc.problems)}") from None
        # Everything from here is worded in the chosen language: slides, sources, dates, the data's texts.
        i18n.use(args.lang)
        dataset = dataset.in_language(args.lang)
        deck = find_deck(args.deck, dataset)
        from dashboard.render.images import ExportError

        try:
            data, name = export(dataset, deck, args.format, args.slide)
        except ExportError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if args.lang != i18n.DEFAULT:
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-{args.lang}{dot}{suffix}"
        target = _write(args.out, name, data)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    slides = 1 if args.slide is not None else len(deck.slides)
    print(
        f"wrote {target} ({slides} slide{'s' if slides != 1 else ''}, {len(data) / 1024:,.0f} KiB, {time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
