"""Programmes: which mechanism covers what, side by side, and when."""

import streamlit as st

from dashboard import charts, export, summary, ui
from dashboard.filters import filter_cycles, filter_milestones, filter_programmes, milestones_per_programme

data = ui.dataset()
filters = ui.current_filters(data)
ui.page_header(data, "Programmes", filters)

programmes = filter_programmes(data, filters)
cycles = filter_cycles(data, filters, programmes)
milestones = filter_milestones(data, filters)
counts = milestones_per_programme(milestones, programmes["code"])

st.subheader("Focus areas")
ui.chart(
    charts.programme_matrix_figure(data, programmes),
    key="programme_matrix",
    summary=summary.matrix_sentence(data, programmes),
    file_name="programme_focus_areas",
)

st.subheader("Compare programmes")
codes = programmes["code"].tolist()
if "compare" not in st.session_state:
    wanted = [c for c in st.query_params.get_all("compare") if c in codes][:4]
    st.session_state["compare"] = wanted or codes[:3]
st.session_state["compare"] = [c for c in st.session_state["compare"] if c in codes][:4]
chosen = st.multiselect(
    "Choose two to four programmes",
    options=codes,
    format_func=lambda c: f"{c} · {data.programme_names[c]}",
    max_selections=4,
    key="compare",
)
st.query_params["compare"] = chosen
if len(chosen) < 2:
    st.info("Choose at least two programmes to compare them side by side.")
else:
    for column, code in zip(st.columns(len(chosen)), chosen):
        with column:
            ui.programme_card(data, programmes.set_index("code").loc[code], counts.get(code, 0))

st.subheader("Spans")
ui.chart(
    charts.programme_spans_figure(data, programmes, cycles),
    key="programme_spans",
    summary=summary.programmes_sentence(data, programmes),
    file_name="programme_spans",
)

st.subheader(summary.plural(len(programmes), "programme"))
table = export.programmes_table(data, programmes, counts)
ui.table(table, key="programmes_table")
ui.download_csv("Download programmes CSV", table, "programmes", data, filters, key="programmes_csv")
