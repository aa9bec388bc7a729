"""Loads every .npy under a directory with numpy (mmap_mode="r") and dumps what numpy sees as JSON,
then rebuilds every ragged directory's records from its buffers (as ak.from_buffers would lay them
out) and compares them with records.jsonl. Used by NumpyInteropTest; reads only, writes argv[2]."""
import json
import math
import os
import sys

import numpy as np

root, out_path = sys.argv[1], sys.argv[2]
out = {"numpy": np.__version__, "files": {}, "ragged": {}}
for dirpath, _, files in sorted(os.walk(root)):
    for name in sorted(files):
        if not name.endswith(".npy"):
            continue
        path = os.path.join(dirpath, name)
        arr = np.load(path, mmap_mode="r")
        with open(path, "rb") as fh:
            head = fh.read(10)
        header_len = head[8] | (head[9] << 8)
        values = [None if isinstance(v, float) and math.isnan(v) else v for v in arr.ravel().tolist()]
        out["files"][os.path.relpath(path, root)] = {
            "dtype": arr.dtype.str,
            "shape": list(arr.shape),
            "memmap": isinstance(arr, np.memmap),
            "c_contiguous": bool(arr.flags["C_CONTIGUOUS"]),
            "version": [head[6], head[7]],
            "data_offset": 10 + header_len,
            "values": values,
        }
    if "ragged.json" in files:
        with open(os.path.join(dirpath, "ragged.json")) as fh:
            meta = json.load(fh)
        bufs = {k: np.load(os.path.join(dirpath, f), mmap_mode="r") for k, f in meta["buffers"].items()}
        names = [f["name"] for f in meta["fields"]]
        form = meta["form"]
        lists = [(field, c["form_key"]) for field, c in zip(form["fields"], form["contents"]) if field != "pairs"]
        mismatches = 0
        with open(os.path.join(dirpath, "records.jsonl")) as fh:
            lines = fh.read().splitlines()
        if len(lines) != meta["length"]:
            mismatches += 1
        for i, line in enumerate(lines):
            expected = json.loads(line)
            got = {}
            if "pairs" in form["fields"]:
                o = bufs["pairs-offsets"]
                for k in range(int(o[i]), int(o[i + 1])):
                    got[names[int(bufs["pairs.field-data"][k])]] = float(bufs["pairs.value-data"][k])
            for field, key in lists:
                o = bufs[key + "-offsets"]
                got[field] = [int(v) for v in bufs[key + "-data"][int(o[i]):int(o[i + 1])]]
            if got != {k: (float(v) if not isinstance(v, list) else v) for k, v in expected.items()}:
                mismatches += 1
        out["ragged"][os.path.relpath(dirpath, root)] = {"rows": len(lines), "mismatches": mismatches}

with open(out_path, "w") as fh:
    json.dump(out, fh)
