#!/usr/bin/env python3
"""Build the offline world-map geometry in dashboard/static/geo/ (build time only).

Not needed at run time: the dashboard only reads the files this script writes.

Usage (from the repo root; the tarballs come from `npm pack` in a scratch folder):

    cd /tmp && npm pack world-atlas@2.0.2 && npm pack plotly.js@4.1.1
    python scripts/build_geo.py /tmp/world-atlas-2.0.2.tgz \
        --plotly-tarball /tmp/plotly.js-4.1.1.tgz

Outputs:
  dashboard/static/geo/countries-110m.geojson
      Natural Earth 1:110m admin-0 countries (via world-atlas countries-110m.json,
      TopoJSON decoded here with the standard library), one Feature per country with
      `id` == properties.iso_a3 (ISO 3166-1 alpha-3), properties.name (Natural Earth
      short name), properties.iso_n3 (ISO numeric or null). Coordinates rounded to
      3 decimals. Ring winding is kept as in world-atlas (d3-geo convention), which
      is what plotly's geo (d3) choropleth expects; MapLibre does not care. Rings
      crossing the antimeridian (Russia, Fiji) are cut at +-180 and Antarctica is
      closed through the south pole, so planar MapLibre draws no bands.
  dashboard/static/geo/topojson/world_110m.json   (only with --plotly-tarball)
      plotly.js's own geo base layer, extracted from dist/plotly-geo-assets.js with
      `node` (the file is a JS module, not JSON). Served for config topojsonURL.

Python standard library only (plus `node` for the optional plotly step).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "dashboard" / "static" / "geo"

# ISO 3166-1 numeric -> alpha-3 for every numeric id in world-atlas 2.0.2
# countries-110m.json. Generated once with pycountry 26.2.16 (not a project dependency).
NUM_TO_A3 = {
    "004": "AFG",
    "008": "ALB",
    "010": "ATA",
    "012": "DZA",
    "024": "AGO",
    "031": "AZE",
    "032": "ARG",
    "036": "AUS",
    "040": "AUT",
    "044": "BHS",
    "050": "BGD",
    "051": "ARM",
    "056": "BEL",
    "064": "BTN",
    "068": "BOL",
    "070": "BIH",
    "072": "BWA",
    "076": "BRA",
    "084": "BLZ",
    "090": "SLB",
    "096": "BRN",
    "100": "BGR",
    "104": "MMR",
    "108": "BDI",
    "112": "BLR",
    "116": "KHM",
    "120": "CMR",
    "124": "CAN",
    "140": "CAF",
    "144": "LKA",
    "148": "TCD",
    "152": "CHL",
    "156": "CHN",
    "158": "TWN",
    "170": "COL",
    "178": "COG",
    "180": "COD",
    "188": "CRI",
    "191": "HRV",
    "192": "CUB",
    "196": "CYP",
    "203": "CZE",
    "204": "BEN",
    "208": "DNK",
    "214": "DOM",
    "218": "ECU",
    "222": "SLV",
    "226": "GNQ",
    "231": "ETH",
    "232": "ERI",
    "233": "EST",
    "238": "FLK",
    "242": "FJI",
    "246": "FIN",
    "250": "FRA",
    "260": "ATF",
    "262": "DJI",
    "266": "GAB",
    "268": "GEO",
    "270": "GMB",
    "275": "PSE",
    "276": "DEU",
    "288": "GHA",
    "300": "GRC",
    "304": "GRL",
    "320": "GTM",
    "324": "GIN",
    "328": "GUY",
    "332": "HTI",
    "340": "HND",
    "348": "HUN",
    "352": "ISL",
    "356": "IND",
    "360": "IDN",
    "364": "IRN",
    "368": "IRQ",
    "372": "IRL",
    "376": "ISR",
    "380": "ITA",
    "384": "CIV",
    "388": "JAM",
    "392": "JPN",
    "398": "KAZ",
    "400": "JOR",
    "404": "KEN",
    "408": "PRK",
    "410": "KOR",
    "414": "KWT",
    "417": "KGZ",
    "418": "LAO",
    "422": "LBN",
    "426": "LSO",
    "428": "LVA",
    "430": "LBR",
    "434": "LBY",
    "440": "LTU",
    "442": "LUX",
    "450": "MDG",
    "454": "MWI",
    "458": "MYS",
    "466": "MLI",
    "478": "MRT",
    "484": "MEX",
    "496": "MNG",
    "498": "MDA",
    "499": "MNE",
    "504": "MAR",
    "508": "MOZ",
    "512": "OMN",
    "516": "NAM",
    "524": "NPL",
    "528": "NLD",
    "540": "NCL",
    "548": "VUT",
    "554": "NZL",
    "558": "NIC",
    "562": "NER",
    "566": "NGA",
    "578": "NOR",
    "586": "PAK",
    "591": "PAN",
    "598": "PNG",
    "600": "PRY",
    "604": "PER",
    "608": "PHL",
    "616": "POL",
    "620": "PRT",
    "624": "GNB",
    "626": "TLS",
    "630": "PRI",
    "634": "QAT",
    "642": "ROU",
    "643": "RUS",
    "646": "RWA",
    "682": "SAU",
    "686": "SEN",
    "688": "SRB",
    "694": "SLE",
    "703": "SVK",
    "704": "VNM",
    "705": "SVN",
    "706": "SOM",
    "710": "ZAF",
    "716": "ZWE",
    "724": "ESP",
    "728": "SSD",
    "729": "SDN",
    "732": "ESH",
    "740": "SUR",
    "748": "SWZ",
    "752": "SWE",
    "756": "CHE",
    "760": "SYR",
    "762": "TJK",
    "764": "THA",
    "768": "TGO",
    "780": "TTO",
    "784": "ARE",
    "788": "TUN",
    "792": "TUR",
    "795": "TKM",
    "800": "UGA",
    "804": "UKR",
    "807": "MKD",
    "818": "EGY",
    "826": "GBR",
    "834": "TZA",
    "840": "USA",
    "854": "BFA",
    "858": "URY",
    "860": "UZB",
    "862": "VEN",
    "887": "YEM",
    "894": "ZMB",
}

# Features world-atlas carries without a numeric id, matched by properties.name.
# Kosovo has the user-assigned code XKX (used by the EU, IMF, World Bank...).
# Northern Cyprus and Somaliland have no code: stable pseudo-codes.
NAME_TO_A3 = {
    "Kosovo": "XKX",
    "N. Cyprus": "-99-N.Cyprus",
    "Somaliland": "-99-Somaliland",
}

DECIMALS = 3


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat for every (quantized, delta-encoded) arc."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def _round_ring(points: list[tuple[float, float]]) -> list[list[float]] | None:
    out: list[list[float]] = []
    for x, y in points:
        p = [round(float(x), DECIMALS), round(float(y), DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:  # degenerate after rounding
        return None
    return out


def _ring(arcs: list, idx: list[int]) -> list[list[float]] | None:
    pts: list[tuple[float, float]] = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        if pts:
            pts.pop()  # shared point between consecutive arcs
        pts.extend(a)
    return _round_ring(pts)


# --- antimeridian -------------------------------------------------------------
# world-atlas 2.x removed Natural Earth's antimeridian cuts (d3-geo clips on the
# sphere), so Russia/Fiji rings jump from +180 to -180 and Antarctica is a ring
# around the pole. Planar renderers (MapLibre in go.Choroplethmap) then draw bands
# across the whole map. We cut them back at +-180 (and close Antarctica through the
# pole), which d3-geo (go.Choropleth) also draws correctly.


def _unwrap(ring: list[list[float]]) -> list[list[float]]:
    out = [list(ring[0])]
    for x, y in ring[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while x - px < -180:
            x += 360
        out.append([x, y])
    return out


def _clip(ring: list[list[float]], x0: float, keep_left: bool) -> list[list[float]]:
    """Sutherland-Hodgman clip of a closed ring by the half-plane x <= x0 / x >= x0."""
    inside = (lambda p: p[0] <= x0) if keep_left else (lambda p: p[0] >= x0)
    pts = ring[:-1]
    out: list[list[float]] = []
    for i, cur in enumerate(pts):
        prev = pts[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(_cross(prev, cur, x0))
            out.append(cur)
        elif inside(prev):
            out.append(_cross(prev, cur, x0))
    return out


def _cross(a: list[float], b: list[float], x0: float) -> list[float]:
    t = (x0 - a[0]) / (b[0] - a[0])
    return [x0, a[1] + t * (b[1] - a[1])]


def _finish(ring: list[list[float]], shift: float = 0) -> list[list[float]] | None:
    return _round_ring([(x + shift, y) for x, y in ring])


def _split_ring(ring: list[list[float]]) -> list[list[list[float]]]:
    """Return the ring as one or more rings inside [-180, 180]."""
    if all(abs(ring[i + 1][0] - ring[i][0]) <= 180 for i in range(len(ring) - 1)):
        return [ring]
    u = _unwrap(ring)
    if abs(u[-1][0] - u[0][0]) > 180:  # winds around a pole: close through it
        pole = -90.0 if sum(p[1] for p in u) < 0 else 90.0
        u = u[:-1] + [[u[-2][0] if u[-1] == u[-2] else u[-1][0], pole], [u[0][0], pole], u[0]]
    lo, hi = min(p[0] for p in u), max(p[0] for p in u)
    parts = []
    if hi > 180:
        parts += [_finish(_clip(u, 180, True)), _finish(_clip(u, 180, False), -360)]
    elif lo < -180:
        parts += [_finish(_clip(u, -180, False)), _finish(_clip(u, -180, True), 360)]
    else:
        parts.append(_finish(u))
    return [p for p in parts if p]


def _split_polygon(rings: list[list[list[float]]]) -> list[list[list[list[float]]]]:
    exteriors = _split_ring(rings[0])
    if len(exteriors) == 1:
        return [[exteriors[0]] + [h for r in rings[1:] for h in _split_ring(r)]]
    polys: list[list] = [[e] for e in exteriors]
    for hole in rings[1:]:  # attach each hole to the part that holds its first point
        for h in _split_ring(hole):
            side = 0 if h[0][0] < 0 else -1
            polys[side].append(h)
    return polys


def _geometry(arcs: list, g: dict) -> dict | None:
    t = g["type"]
    if t == "Polygon":
        arc_polys = [g["arcs"]]
    elif t == "MultiPolygon":
        arc_polys = g["arcs"]
    else:
        raise ValueError(f"unexpected geometry type {t}")
    polys = []
    for poly in arc_polys:
        rings = [_ring(arcs, ri) for ri in poly]
        if rings and rings[0]:  # drop polygon whose exterior collapsed
            polys.extend(_split_polygon([r for r in rings if r]))
    if not polys:
        return None
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def build_geojson(topo: dict) -> dict:
    arcs = _decode_arcs(topo)
    features = []
    seen = set()
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        num = g.get("id")
        if num:
            a3 = NUM_TO_A3.get(num)
            if a3 is None:
                sys.exit(f"no alpha-3 for numeric id {num} ({name}); extend NUM_TO_A3")
        else:
            a3 = NAME_TO_A3.get(name)
            if a3 is None:
                print(f"skipping {name!r}: no id and no code", file=sys.stderr)
                continue
        if a3 in seen:
            sys.exit(f"duplicate code {a3}")
        seen.add(a3)
        geom = _geometry(arcs, g)
        if geom is None:
            print(f"skipping {name!r}: empty geometry", file=sys.stderr)
            continue
        features.append(
            {
                "type": "Feature",
                "id": a3,
                "properties": {"iso_a3": a3, "name": name, "iso_n3": num or None},
                "geometry": geom,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dump_geojson(fc: dict, path: Path) -> None:
    """Compact JSON, one feature per line (readable diffs, small file)."""
    dumps = lambda o: json.dumps(o, separators=(",", ":"), ensure_ascii=False)  # noqa: E731
    lines = [dumps(f) for f in fc["features"]]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def _member(tar: tarfile.TarFile, suffix: str) -> bytes:
    for m in tar.getmembers():
        if m.name.endswith(suffix):
            f = tar.extractfile(m)
            assert f is not None
            return f.read()
    sys.exit(f"{suffix} not found in {tar.name}")


NODE_EXTRACT = r"""
global.window = {};  // plotly-geo-assets.js assigns window.Plotly
const assets = require(process.argv[1]);
const out = {version: assets.version};
for (const name of process.argv.slice(2)) {
  if (!assets.topojson[name]) { console.error("no topojson " + name); process.exit(1); }
  out[name] = assets.topojson[name];
}
process.stdout.write(JSON.stringify(out));
"""


def extract_plotly_topojson(tgz: Path, names: list[str], out_dir: Path) -> str:
    with tarfile.open(tgz) as tar:
        js = _member(tar, "package/dist/plotly-geo-assets.js")
        version = json.loads(_member(tar, "package/package.json"))["version"]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plotly-geo-assets.js"
        src.write_bytes(js)
        res = subprocess.run(["node", "-e", NODE_EXTRACT, str(src), *names], check=True, capture_output=True, text=True)
    data = json.loads(res.stdout)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out_dir / f"{name}.json").write_text(json.dumps(data[name], separators=(",", ":")), encoding="utf-8")
    return version


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("world_atlas_tgz", type=Path, help="world-atlas-*.tgz from `npm pack world-atlas`")
    ap.add_argument("--plotly-tarball", type=Path, help="plotly.js-*.tgz from `npm pack plotly.js`")
    ap.add_argument("--plotly-assets", default="world_110m", help="comma-separated plotly topojson names to copy (default: world_110m)")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = ap.parse_args()

    with tarfile.open(args.world_atlas_tgz) as tar:
        topo = json.loads(_member(tar, "package/countries-110m.json"))
        wa_version = json.loads(_member(tar, "package/package.json"))["version"]
    fc = build_geojson(topo)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / "countries-110m.geojson"
    dump_geojson(fc, out)
    print(f"world-atlas {wa_version}: {len(fc['features'])} features -> {out} ({out.stat().st_size:,} bytes)")

    if args.plotly_tarball:
        names = [n.strip() for n in args.plotly_assets.split(",") if n.strip()]
        ver = extract_plotly_topojson(args.plotly_tarball, names, args.out_dir / "topojson")
        for n in names:
            p = args.out_dir / "topojson" / f"{n}.json"
            print(f"plotly.js {ver}: {p} ({p.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
