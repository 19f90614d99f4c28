"""Model-registry hook: uploads a trained model version and registers it in MLflow.

1. Copies ``<output>/model/``, ``metrics.json`` and ``reference.json`` to
   ``<MODEL_URI>/<model>/<version-key>/`` (s3://, gs:// or a local path).
2. Registers the model in the MLflow model registry over its REST API:
   ``POST /api/2.0/mlflow/registered-models/create`` (once; "already exists"
   is fine) and ``POST /api/2.0/mlflow/model-versions/create`` with the
   artefact's location as ``source`` and the evaluation as tags.
3. Prints ``{"version", "source", "storageUri"}`` and, in GitHub Actions,
   writes them to ``$GITHUB_OUTPUT`` (``model_version``, ``storage_uri``).

Configuration (environment):
  MLFLOW_TRACKING_URI    the MLflow server, e.g. https://mlflow.example.com (required)
  MLFLOW_TRACKING_TOKEN  a bearer token, or MLFLOW_TRACKING_USERNAME and
                         MLFLOW_TRACKING_PASSWORD for basic auth (optional)
  MODEL_URI              the bucket prefix of model versions (default: ${{ values.modelUri }})
  MODEL_VERSION_KEY      the folder of this version (default: the commit, else a UTC timestamp)

Credentials are never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import fsspec
import requests

MODEL_NAME = "${{ values.modelName }}"
SERVICE = "${{ values.name }}"
DEFAULT_MODEL_URI = "${{ values.modelUri }}"
TIMEOUT_SECONDS = 30


class RegistryError(RuntimeError):
    pass


def session() -> tuple[requests.Session, str]:
    base = os.environ.get("MLFLOW_TRACKING_URI", "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise SystemExit("MLFLOW_TRACKING_URI must be the MLflow server's http(s) URL")
    s = requests.Session()
    token = os.environ.get("MLFLOW_TRACKING_TOKEN")
    user = os.environ.get("MLFLOW_TRACKING_USERNAME")
    if token:
        s.headers["Authorization"] = f"Bearer {token}"
    elif user:
        s.auth = (user, os.environ.get("MLFLOW_TRACKING_PASSWORD", ""))
    return s, base


def call(s: requests.Session, base: str, path: str, body: dict, retries: int = 3) -> dict:
    """POSTs to the MLflow REST API, retrying network errors and 5xx."""
    for attempt in range(retries + 1):
        try:
            res = s.post(f"{base}{path}", json=body, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as e:
            if attempt == retries:
                raise RegistryError(f"{path}: {type(e).__name__}") from None
        else:
            if res.status_code < 500 or attempt == retries:
                payload = res.json() if res.content else {}
                if res.ok:
                    return payload
                code = payload.get("error_code", res.status_code)
                raise RegistryError(f"{path}: {code}: {payload.get('message', res.reason)}")
        time.sleep(2**attempt)
    raise AssertionError("unreachable")


def upload(output: Path, target: str) -> None:
    fs, root = fsspec.core.url_to_fs(target)
    for path in sorted(output.rglob("*")):
        if path.is_file():
            dest = f"{root}/{path.relative_to(output).as_posix()}"
            fs.makedirs(dest.rsplit("/", 1)[0], exist_ok=True)
            fs.put_file(str(path), dest)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=os.environ.get("OUTPUT_DIR", "out"))
    parser.add_argument("--stage-description", default="")
    args = parser.parse_args(argv)

    output = Path(args.output)
    metrics = json.loads((output / "metrics.json").read_text())
    key = os.environ.get("MODEL_VERSION_KEY") or os.environ.get("GITHUB_SHA") or time.strftime(
        "%Y%m%dT%H%M%SZ", time.gmtime()
    )
    target = f"{os.environ.get('MODEL_URI', DEFAULT_MODEL_URI).rstrip('/')}/{MODEL_NAME}/{key}"
    upload(output, target)
    storage_uri = f"{target}/model"

    s, base = session()
    try:
        call(s, base, "/api/2.0/mlflow/registered-models/create", {"name": MODEL_NAME})
    except RegistryError as e:
        if "RESOURCE_ALREADY_EXISTS" not in str(e):
            raise
    run_url = None
    if os.environ.get("GITHUB_RUN_ID"):
        run_url = (
            f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/"
            f"{os.environ.get('GITHUB_REPOSITORY')}/actions/runs/{os.environ['GITHUB_RUN_ID']}"
        )
    tags = {
        "service": SERVICE,
        "framework": metrics.get("framework", ""),
        "feature_view": metrics.get("featureView", ""),
        "auc": str(metrics["auc"]),
        "accuracy": str(metrics["accuracy"]),
        "test_size": str(metrics["testSize"]),
        "commit": os.environ.get("GITHUB_SHA", ""),
    }
    body = {
        "name": MODEL_NAME,
        "source": storage_uri,
        "description": args.stage_description or f"Trained by {SERVICE}",
        "tags": [{"key": k, "value": v} for k, v in tags.items() if v],
    }
    if run_url:
        body["run_link"] = run_url
    created = call(s, base, "/api/2.0/mlflow/model-versions/create", body)
    version = str(created["model_version"]["version"])

    result = {"version": version, "source": storage_uri, "storageUri": storage_uri}
    print(json.dumps(result))
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as f:
            f.write(f"model_version={version}\nstorage_uri={storage_uri}\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except RegistryError as e:
        print(f"register_model: {e}", file=sys.stderr)
        sys.exit(1)
