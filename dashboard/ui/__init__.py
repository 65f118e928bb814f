"""The Streamlit edge: the only package (with views/ and app.py) that imports Streamlit.

- session: cached loading of the dataset, reload on any file change, gc freeze, data errors
- state: filters and page parameters between the URL and the widgets
- sidebar: filters, navigation helpers, 'Add current view to briefing'
- widgets: charts, tables, CSV downloads, escaping
- cards: milestone, mission and programme details with their sources
- slides: a slide description rendered in Streamlit, presenter styling
"""
