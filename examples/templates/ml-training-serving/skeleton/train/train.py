"""Batch training job of ${{ values.modelName }} (${{ values.framework }}).

Reads the feature view's training snapshot (the feature store's offline
store), trains the model, evaluates it on a held-out split and writes:

- ``model/``: the artefact in the layout the KServe runtime loads (the
  InferenceService's storageUri points at this folder once uploaded),
- ``metrics.json``: the evaluation (AUC, accuracy, sample sizes), read by the
  pipeline's evaluation gate and sent to Goldpath as a model-health event,
- ``reference.json``: each feature's bin edges and proportions on the training
  data, the reference the monitoring job computes drift (PSI) against.

Run locally: ``python train/train.py --features data/features.parquet --output out/``.
In CI and in the retraining CronJob the arguments come from the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

MODEL_NAME = "${{ values.modelName }}"
FRAMEWORK = "${{ values.framework }}"
FEATURE_VIEW = "${{ values.featureView }}"
LABEL_COLUMN = os.environ.get("LABEL_COLUMN", "label")
# Columns of the snapshot that are not features.
NON_FEATURES = {LABEL_COLUMN, "event_timestamp", "entity_id", "created"}
PSI_BINS = 10


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--features",
        default=os.environ.get("FEATURES_URI"),
        help="Parquet snapshot of the feature view (local path, s3:// or gs://); env FEATURES_URI",
    )
    parser.add_argument(
        "--output",
        default=os.environ.get("OUTPUT_DIR", "out"),
        help="Where the model, metrics.json and reference.json go; env OUTPUT_DIR",
    )
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "42")))
    args = parser.parse_args(argv)
    if not args.features:
        parser.error("--features (or FEATURES_URI) is required")
    return args


def load_features(uri: str) -> tuple[pd.DataFrame, pd.Series]:
    frame = pd.read_parquet(uri)
    if LABEL_COLUMN not in frame.columns:
        raise SystemExit(f"the snapshot has no label column {LABEL_COLUMN!r}")
    features = frame[[c for c in frame.columns if c not in NON_FEATURES]]
    numeric = features.select_dtypes(include="number")
    if numeric.shape[1] != features.shape[1]:
        dropped = sorted(set(features.columns) - set(numeric.columns))
        print(f"ignoring non-numeric columns: {', '.join(dropped)}", file=sys.stderr)
    if numeric.empty:
        raise SystemExit("the snapshot has no numeric feature columns")
    return numeric.astype("float32"), frame[LABEL_COLUMN].astype(int)


def reference_distribution(x: pd.DataFrame) -> dict:
    """Quantile bin edges and the share of training rows in each bin, per feature."""
    features = {}
    for column in x.columns:
        values = x[column].to_numpy()
        edges = np.unique(np.quantile(values, np.linspace(0, 1, PSI_BINS + 1)))
        # Open-ended outer bins, so serving values outside the training range count.
        edges[0], edges[-1] = -np.inf, np.inf
        counts, _ = np.histogram(values, bins=edges)
        features[column] = {
            "edges": [None if not np.isfinite(e) else float(e) for e in edges],
            "proportions": (counts / counts.sum()).tolist(),
        }
    return {"model": MODEL_NAME, "bins": PSI_BINS, "features": features}

{% if values.framework == 'sklearn' %}
def train(x_train: pd.DataFrame, y_train: pd.Series, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, random_state=seed)
    model.fit(x_train, y_train)
    return model


def predict_proba(model, x: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(x)[:, 1]


def save(model, output: Path, feature_names: list[str]) -> None:
    import joblib

    # kserve-sklearnserver loads model.joblib from the storageUri.
    joblib.dump(model, output / "model" / "model.joblib")
{% elif values.framework == 'xgboost' %}
def train(x_train: pd.DataFrame, y_train: pd.Series, seed: int):
    import xgboost as xgb

    model = xgb.XGBClassifier(
        n_estimators=400, max_depth=6, learning_rate=0.05, subsample=0.8,
        eval_metric="auc", random_state=seed,
    )
    model.fit(x_train, y_train)
    return model


def predict_proba(model, x: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(x)[:, 1]


def save(model, output: Path, feature_names: list[str]) -> None:
    # kserve-xgbserver loads model.bst from the storageUri.
    model.get_booster().save_model(str(output / "model" / "model.bst"))
{% else %}
def train(x_train: pd.DataFrame, y_train: pd.Series, seed: int):
    import torch

    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(x_train.shape[1], 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 1), torch.nn.Sigmoid(),
    )
    x = torch.tensor(x_train.to_numpy())
    y = torch.tensor(y_train.to_numpy(), dtype=torch.float32).unsqueeze(1)
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCELoss()
    for _ in range(int(os.environ.get("EPOCHS", "30"))):
        for batch in torch.randperm(len(x)).split(256):
            optimiser.zero_grad()
            loss = loss_fn(net(x[batch]), y[batch])
            loss.backward()
            optimiser.step()
    return net.eval()


def predict_proba(model, x: pd.DataFrame) -> np.ndarray:
    import torch

    with torch.no_grad():
        return model(torch.tensor(x.to_numpy())).squeeze(1).numpy()


def save(model, output: Path, feature_names: list[str]) -> None:
    import torch

    # Triton's model repository layout: <model>/config.pbtxt and <model>/1/model.pt.
    repo = output / "model" / MODEL_NAME
    (repo / "1").mkdir(parents=True, exist_ok=True)
    example = torch.zeros(1, len(feature_names))
    torch.jit.trace(model, example).save(str(repo / "1" / "model.pt"))
    (repo / "config.pbtxt").write_text(
        f'name: "{MODEL_NAME}"\n'
        'platform: "pytorch_libtorch"\n'
        "max_batch_size: 256\n"
        f'input [{{ name: "INPUT__0" data_type: TYPE_FP32 dims: [ {len(feature_names)} ] }}]\n'
        'output [{ name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 1 ] }]\n'
    )
{% endif %}

def main(argv: list[str]) -> int:
    args = parse_args(argv)
    output = Path(args.output)
    (output / "model").mkdir(parents=True, exist_ok=True)

    x, y = load_features(args.features)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=args.test_size, random_state=args.seed, stratify=y
    )
    model = train(x_train, y_train, args.seed)
    scores = predict_proba(model, x_test)
    metrics = {
        "model": MODEL_NAME,
        "framework": FRAMEWORK,
        "featureView": FEATURE_VIEW,
        "auc": float(roc_auc_score(y_test, scores)),
        "accuracy": float(accuracy_score(y_test, scores >= 0.5)),
        "trainSize": int(len(x_train)),
        "testSize": int(len(x_test)),
        "features": list(x.columns),
        # When the evaluation ran: the model-health event's time (and so its
        # id, which stays the same when the pipeline's step is retried).
        "evaluatedAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    save(model, output, list(x.columns))
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (output / "reference.json").write_text(json.dumps(reference_distribution(x_train)) + "\n")
    print(json.dumps({k: metrics[k] for k in ("auc", "accuracy", "testSize")}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
