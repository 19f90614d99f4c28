"""Evaluation gate: fails (exit 1) when the model is worse than the thresholds.

Reads ``metrics.json`` (written by train.py). Thresholds from the environment:
MIN_AUC (default 0.75) and MIN_TEST_SIZE (default 500). Prints the metrics and,
in GitHub Actions, writes ``auc``, ``accuracy``, ``test_size`` and
``measured_at`` to ``$GITHUB_OUTPUT`` for the registry and model-health steps.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    output = Path(os.environ.get("OUTPUT_DIR", "out"))
    metrics = json.loads((output / "metrics.json").read_text())
    min_auc = float(os.environ.get("MIN_AUC", "0.75"))
    min_test_size = int(os.environ.get("MIN_TEST_SIZE", "500"))
    problems = []
    if metrics["auc"] < min_auc:
        problems.append(f"auc {metrics['auc']:.4f} is below MIN_AUC {min_auc}")
    if metrics["testSize"] < min_test_size:
        problems.append(f"test size {metrics['testSize']} is below MIN_TEST_SIZE {min_test_size}")
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as f:
            f.write(
                f"auc={metrics['auc']:.6f}\naccuracy={metrics['accuracy']:.6f}\n"
                f"test_size={metrics['testSize']}\nmeasured_at={metrics['evaluatedAt']}\n"
            )
    print(json.dumps({k: metrics[k] for k in ("auc", "accuracy", "testSize")}))
    for problem in problems:
        print(f"evaluate: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
