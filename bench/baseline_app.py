"""The bare baseline the dashboard is measured against: `streamlit run bench/baseline_app.py`.

One `st.plotly_chart` of a `px.scatter` with as many points as the timeline draws
(BENCH_POINTS, default 74: the real milestones), and the one widget a filter change needs: the same
year range slider, keyed `f_years` like the dashboard's. Nothing else: no data layer, no layout.
"""

import os

import pandas as pd
import plotly.express as px
import streamlit as st

POINTS = int(os.environ.get("BENCH_POINTS", "74"))
FIRST_YEAR, LAST_YEAR = 1991, 2024

days = pd.Timestamp(f"{LAST_YEAR}-12-31") - pd.Timestamp(f"{FIRST_YEAR}-01-01")
frame = pd.DataFrame(
    {
        "date": [pd.Timestamp(f"{FIRST_YEAR}-01-01") + days * (i + 0.5) / POINTS for i in range(POINTS)],
        "lane": [f"lane {i % 6}" for i in range(POINTS)],
    }
)
low, high = st.sidebar.slider("Years", min_value=FIRST_YEAR, max_value=LAST_YEAR, value=(FIRST_YEAR, LAST_YEAR), key="f_years")
shown = frame[frame["date"].dt.year.between(low, high)]
st.plotly_chart(px.scatter(shown, x="date", y="lane"), key="baseline_chart")
