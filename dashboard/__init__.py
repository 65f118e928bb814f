"""A data-driven dashboard of a partner's cooperation with an international organisation."""
