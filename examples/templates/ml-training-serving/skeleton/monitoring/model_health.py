"""Model-health check of ${{ values.modelName }}, run hourly by monitoring/model-health.yaml.

Computes, over the last WINDOW:

- data drift: the Population Stability Index (PSI) of each feature the model
  saw in serving (RECENT_FEATURES_URI, a Parquet export of the inference log)
  against its training distribution (REFERENCE_URI, written by train.py); the
  score is the largest feature PSI,
- accuracy: the AUC of the served scores on the labelled samples
  (LABELLED_SAMPLES_URI, Parquet with ``score`` and ``label`` columns),
- the inference latency histogram, read from Prometheus (PROMETHEUS_URL) as
  the increase of ``<LATENCY_METRIC>_bucket`` (cumulative) and ``_sum``.

The window ends at the last multiple of WINDOW (an hourly job measures the
previous full hour), so a retried job measures the same window and sends the
same event id, which Goldpath stores once.

Writes the results as shell assignments to OUTPUT (default
/work/model-health.env) for the job's emitter container, which sends them to
Goldpath as one model-health event, and, when PUSHGATEWAY_URL is set, pushes
them as gauges for the drift alert of monitoring/prometheus-rules.yaml. A part
whose input is missing is left out (and said on stderr), never guessed.
"""

from __future__ import annotations

import json
import math
import os
import shlex
import sys
import time
from datetime import datetime, timezone

import fsspec
import numpy as np
import pandas as pd
import requests
from sklearn.metrics import roc_auc_score

MODEL_NAME = os.environ.get("MODEL_NAME", "${{ values.modelName }}")
INFERENCE_SERVICE = os.environ.get("INFERENCE_SERVICE", "${{ values.name }}")
LATENCY_METRIC = os.environ.get("LATENCY_METRIC", "inference_latency_seconds")
WINDOW = os.environ.get("WINDOW", "1h")
EPSILON = 1e-4
TIMEOUT_SECONDS = 30


def seconds(duration: str) -> int:
    units = {"m": 60, "h": 3600, "d": 86400}
    if len(duration) < 2 or duration[-1] not in units or not duration[:-1].isdigit():
        raise SystemExit(f"WINDOW must be like 30m, 1h or 1d, not {duration!r}")
    return int(duration[:-1]) * units[duration[-1]]


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def warn(message: str) -> None:
    print(f"model-health: {message}", file=sys.stderr)


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """PSI = sum((a - e) * ln(a / e)) over the bins, proportions floored at EPSILON."""
    e = np.clip(expected, EPSILON, None)
    a = np.clip(actual, EPSILON, None)
    return float(np.sum((a - e) * np.log(a / e)))


def data_drift(reference_uri: str, recent_uri: str) -> tuple[float, str] | None:
    with fsspec.open(reference_uri, "r") as f:
        reference = json.load(f)
    recent = pd.read_parquet(recent_uri)
    scores = {}
    for name, ref in reference["features"].items():
        if name not in recent.columns:
            warn(f"feature {name} is not in the recent inputs")
            continue
        edges = [-math.inf if e is None and i == 0 else math.inf if e is None else e
                 for i, e in enumerate(ref["edges"])]
        counts, _ = np.histogram(recent[name].dropna().to_numpy(dtype=float), bins=edges)
        if counts.sum() == 0:
            continue
        scores[name] = psi(np.asarray(ref["proportions"]), counts / counts.sum())
    if not scores:
        return None
    worst = max(scores, key=scores.get)
    return scores[worst], worst


def accuracy(labelled_uri: str) -> tuple[float, int] | None:
    samples = pd.read_parquet(labelled_uri, columns=["score", "label"]).dropna()
    if samples["label"].nunique() < 2:
        warn("the labelled samples have one class only; AUC is undefined")
        return None
    return float(roc_auc_score(samples["label"].astype(int), samples["score"])), len(samples)


def prometheus(url: str, query: str, at: int) -> list[dict]:
    res = requests.get(
        f"{url.rstrip('/')}/api/v1/query", params={"query": query, "time": at}, timeout=TIMEOUT_SECONDS
    )
    res.raise_for_status()
    body = res.json()
    if body.get("status") != "success":
        raise RuntimeError(f"prometheus: {body.get('errorType')}: {body.get('error')}")
    return body["data"]["result"]


def latency(url: str, at: int) -> tuple[str, float, int] | None:
    selector = f'{{inferenceservice="{INFERENCE_SERVICE}"}}'
    buckets = prometheus(url, f"sum by (le) (increase({LATENCY_METRIC}_bucket{selector}[{WINDOW}]))", at)
    if not buckets:
        return None
    rows = sorted(
        ((float(b["metric"]["le"]), b["metric"]["le"], round(float(b["value"][1]))) for b in buckets),
        key=lambda r: r[0],
    )
    # increase() extrapolates each series on its own; keep the counts
    # cumulative, and the total equal to the +Inf bucket's.
    cumulative, running = [], 0
    for le, label, n in rows:
        running = max(running, n)
        cumulative.append((le, label, running))
    total = prometheus(url, f"sum(increase({LATENCY_METRIC}_sum{selector}[{WINDOW}]))", at)
    spec = ",".join(f"{'+Inf' if math.isinf(le) else label}={n}" for le, label, n in cumulative)
    return spec, max(0.0, float(total[0]["value"][1])) if total else 0.0, cumulative[-1][2]


def push_gauges(url: str, values: dict[str, float]) -> None:
    lines = [f"# TYPE {name} gauge\n{name} {value}\n" for name, value in values.items()]
    res = requests.put(
        f"{url.rstrip('/')}/metrics/job/model-health/model/{MODEL_NAME}",
        data="".join(lines).encode(),
        headers={"Content-Type": "text/plain; version=0.0.4"},
        timeout=TIMEOUT_SECONDS,
    )
    res.raise_for_status()


def main() -> int:
    window = seconds(WINDOW)
    end = int(time.time()) // window * window
    out: dict[str, object] = {"MEASURED_AT": iso(end), "WINDOW_START": iso(end - window)}
    gauges: dict[str, float] = {"model_health_last_run_timestamp_seconds": time.time()}
    reference, recent = os.environ.get("REFERENCE_URI"), os.environ.get("RECENT_FEATURES_URI")
    if reference and recent:
        drift = data_drift(reference, recent)
        if drift:
            out["DRIFT_SCORE"], out["DRIFT_FEATURE"] = round(drift[0], 6), drift[1]
            gauges["model_data_drift_psi"] = drift[0]
    else:
        warn("REFERENCE_URI or RECENT_FEATURES_URI is not set: no drift")
    labelled = os.environ.get("LABELLED_SAMPLES_URI")
    if labelled:
        acc = accuracy(labelled)
        if acc:
            out["ACCURACY"], out["SAMPLE_SIZE"] = round(acc[0], 6), acc[1]
            gauges["model_accuracy_auc"] = acc[0]
    else:
        warn("LABELLED_SAMPLES_URI is not set: no accuracy")
    if os.environ.get("PROMETHEUS_URL"):
        lat = latency(os.environ["PROMETHEUS_URL"], end)
        if lat:
            out["LATENCY_BUCKETS"], out["LATENCY_SUM"], out["LATENCY_COUNT"] = lat
        else:
            warn(f"no {LATENCY_METRIC} samples in the last {WINDOW}")
    else:
        warn("PROMETHEUS_URL is not set: no latency")

    path = os.environ.get("OUTPUT", "/work/model-health.env")
    with open(path, "w", encoding="utf-8") as f:
        for key, value in out.items():
            f.write(f"{key}={shlex.quote(str(value))}\n")
    if os.environ.get("PUSHGATEWAY_URL"):
        push_gauges(os.environ["PUSHGATEWAY_URL"], gauges)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
