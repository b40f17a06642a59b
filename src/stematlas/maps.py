"""Cut the US county TopoJSON down to one state's counties for the site's maps.

The source is us-atlas's counties-10m.json, from the data folder when it has one,
else the copy vendored with the site. Everything is read from disk: no network
access.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

DATA_FILE = Path("geo") / "us-atlas_counties-10m.json"
VENDORED = "static/vendor/us-atlas-3.0.1/counties-10m.json"


def load_topology(path: Any) -> dict:
    """Read a TopoJSON file; ``path`` is a Path or an importlib Traversable."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    if topology.get("type") != "Topology":
        raise ValueError(f"{path} is not a TopoJSON Topology")
    return topology


def county_shapes(data_dir: Path | None) -> tuple[dict, str]:
    """Washington's counties, and a note saying which file they were cut from."""
    if data_dir is not None and (data_dir / DATA_FILE).is_file():
        source, note = data_dir / DATA_FILE, f"data folder: {data_dir / DATA_FILE}"
    else:
        source = resources.files("stematlas.web").joinpath(VENDORED)
        note = f"vendored with the site: {VENDORED}"
    return washington_counties(load_topology(source)), note


def washington_counties(topology: dict, state_fips: str = "53") -> dict:
    """A new Topology with only the state's counties (object ``counties``), its
    outline (object ``state``, when the source has ``states``) and the arcs they
    use, renumbered. The source is left unchanged."""
    objects = topology["objects"]
    kept = {"counties": _collection(objects["counties"], _starts_with(state_fips))}
    if "states" in objects:
        kept["state"] = _collection(objects["states"], lambda i: i == state_fips)

    used = sorted(
        set(_arc_numbers([g for o in kept.values() for g in o["geometries"]]))
    )
    renumber = {old: new for new, old in enumerate(used)}
    arcs = [topology["arcs"][i] for i in used]
    cut = {
        "type": "Topology",
        "objects": {name: _renumbered(obj, renumber) for name, obj in kept.items()},
        "arcs": arcs,
    }
    # Whole arcs are kept, so their delta-encoded positions still decode the same
    # way under the same transform.
    if "transform" in topology:
        cut["transform"] = json.loads(json.dumps(topology["transform"]))
    if arcs:
        cut["bbox"] = _bbox(arcs, topology.get("transform"))
    return cut


def _starts_with(prefix: str):
    return lambda geometry_id: geometry_id.startswith(prefix)


def _collection(obj: dict, keep) -> dict:
    geometries = [g for g in obj["geometries"] if keep(str(g.get("id", "")))]
    return {"type": "GeometryCollection", "geometries": geometries}


def _arc_numbers(geometries: list):
    """Every arc index the geometries refer to, reversed ones (~i) turned to i."""
    for geometry in geometries:
        if geometry["type"] == "GeometryCollection":
            yield from _arc_numbers(geometry["geometries"])
        else:
            yield from (i if i >= 0 else ~i for i in _flat(geometry.get("arcs", [])))


def _flat(nested):
    for item in nested:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


def _renumbered(geometry: dict, renumber: dict[int, int]) -> dict:
    """A copy of the geometry pointing at the new arc numbers, keeping direction."""
    out = {k: v for k, v in geometry.items() if k not in ("arcs", "geometries")}
    if "geometries" in geometry:
        out["geometries"] = [_renumbered(g, renumber) for g in geometry["geometries"]]
    if "arcs" in geometry:
        out["arcs"] = _map_arcs(geometry["arcs"], renumber)
    return out


def _map_arcs(nested, renumber: dict[int, int]):
    if isinstance(nested, list):
        return [_map_arcs(item, renumber) for item in nested]
    return renumber[nested] if nested >= 0 else ~renumber[~nested]


def _bbox(arcs: list, transform: dict | None) -> list[float]:
    points = [p for arc in arcs for p in _positions(arc, transform)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def _positions(arc: list, transform: dict | None) -> list[tuple[float, float]]:
    """An arc's points in real coordinates, undoing delta encoding and quantization."""
    if transform is None:
        return [(p[0], p[1]) for p in arc]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    x = y = 0
    out = []
    for p in arc:
        x, y = x + p[0], y + p[1]
        out.append((x * kx + dx, y * ky + dy))
    return out
