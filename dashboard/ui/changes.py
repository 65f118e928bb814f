"""'What changed': the data package a user downloaded before, compared with the data shown now.

The upload is read in memory (loading/snapshot.py), then dropped from Streamlit's upload store and
the uploader emptied: nothing of it stays on the server but the worded result, in this session's
memory, until the session ends or another file is compared. Nothing is written to disk."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.i18n import _, pgettext
from dashboard.loading.snapshot import MAX_UPLOAD_BYTES, SnapshotError, snapshot_from_zip
from dashboard.model.changes import change_title, changes_table, compare, counts_text, heading, sections, snapshot_of, summary_lines
from dashboard.model.dataset import Dataset
from dashboard.render.export import csv_bytes
from dashboard.ui.widgets import escape

_NONCE = "_changes_uploader"  # a new uploader (empty) after each file
_RESULT = "_changes_result"
_ERROR = "_changes_error"


def _discard(upload) -> None:
    """Drop the uploaded bytes from Streamlit's in-memory upload store now, not at the session's end."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None and ctx.uploaded_file_mgr is not None:
            ctx.uploaded_file_mgr.remove_file(ctx.session_id, upload.file_id)
    except (ImportError, AttributeError):  # an internal of Streamlit's that moved: the session's end still frees it
        pass


def _result(dataset: Dataset, raw: bytes, name: str) -> dict:
    """What the page shows, worded: the compared data itself is not kept."""
    comparison = compare(snapshot_from_zip(raw, name), snapshot_of(dataset))
    old_version = comparison.old.version
    return {
        "heading": heading(comparison),
        "counts": comparison.counts(),
        "summary": summary_lines(comparison),
        "notes": list(comparison.notes),
        "sections": sections(comparison),
        "csv": csv_bytes(changes_table(comparison)),
        "file_name": pgettext("file name", "changes_{old}_to_{new}.csv").format(
            old=old_version.slug if old_version else pgettext("file name", "unknown"), new=dataset.version.slug
        ),
        "other_dataset": comparison.old.title if comparison.old.title and comparison.old.title != dataset.meta.title else "",
    }


def upload(dataset: Dataset) -> None:
    state = st.session_state
    nonce = state.get(_NONCE, 0)
    key = f"changes_upload_{nonce}"
    language = i18n.current()  # a callback runs before the next run has set its language

    def _uploaded() -> None:
        file = state.get(key)
        state.pop(_RESULT, None)
        state.pop(_ERROR, None)
        if file is None:
            return
        try:
            with i18n.language(language):
                state[_RESULT] = _result(dataset, file.getvalue(), file.name)
        except SnapshotError as exc:
            state[_ERROR] = str(exc)
        finally:
            _discard(file)
            state[_NONCE] = nonce + 1

    st.file_uploader(
        _("The data package you downloaded before (zip)"),
        type=["zip"],
        key=key,
        on_change=_uploaded,
        max_upload_size=MAX_UPLOAD_BYTES // 2**20,
        help=_(
            "The zip that “Download all data” on the Sources page gave you. It is read in memory, compared, and dropped: "
            "nothing is kept on the server. At most {size} MB."
        ).format(size=MAX_UPLOAD_BYTES // 2**20),
    )


def show(dataset: Dataset) -> None:
    state = st.session_state
    if state.get(_ERROR):
        st.error(escape(state[_ERROR]) + "\n\n" + _("Nothing was kept."))
        return
    result = state.get(_RESULT)
    if result is None:
        return
    st.subheader(escape(result["heading"]), anchor=False)
    if result["other_dataset"]:
        st.warning(
            escape(
                _("That package is of “{other}”, not of “{this}”: the comparison may mean little.").format(
                    other=result["other_dataset"], this=dataset.meta.title
                )
            )
        )
    st.markdown("\n".join(f"- {escape(line)}" for line in result["summary"]))
    for note in result["notes"]:
        st.caption(escape(note))
    st.download_button(
        _("Download the changes (CSV)"),
        data=result["csv"],
        file_name=result["file_name"],
        mime="text/csv",
        on_click="ignore",
        key="changes_csv",
        help=_("One row per record added or removed and per field changed, with the values whole."),
    )
    if not result["sections"]:
        st.success(_("Nothing changed: the two versions hold the same records."))
    table = None
    for section in result["sections"]:
        if section.table != table:
            table = section.table
            counts = result["counts"][table]
            st.subheader(escape(section.title), anchor=False)
            st.caption(counts_text(counts))
        with st.expander(f"{change_title(section.change)} ({len(section.items)})", expanded=section.table == "milestones"):
            lines = []
            for label, fields in section.items:
                lines.append(f"- {escape(label)}")
                lines += [f"    - {escape(text)}" for text in fields]
            st.markdown("\n".join(lines))
