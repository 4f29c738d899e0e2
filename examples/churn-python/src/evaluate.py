"""Evaluate: score the trained model on the test set and write evaluation.json, the property file
the pipeline's condition reads (metrics.accuracy.value).

SageMaker runs it in AWS's scikit-learn container through the runproc.sh that sagepipe writes (the
SDK's FrameworkProcessor): the code directory unpacked, then python evaluate.py --model ... --test ...
"""
import argparse
import glob
import json
import os
import tarfile
import tempfile

import joblib
import pandas as pd
from sklearn.metrics import accuracy_score, precision_score, recall_score

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="/opt/ml/processing/input/model")
parser.add_argument("--test", default="/opt/ml/processing/input/test")
parser.add_argument("--output", default="/opt/ml/processing/evaluation")
args = parser.parse_args()

with tempfile.TemporaryDirectory() as unpacked:
    with tarfile.open(os.path.join(args.model, "model.tar.gz")) as archive:
        archive.extractall(unpacked)
    model = joblib.load(os.path.join(unpacked, "model.joblib"))

test = pd.concat([pd.read_csv(f, header=None) for f in sorted(glob.glob(os.path.join(args.test, "*.csv")))])
y, x = test.iloc[:, 0], test.iloc[:, 1:]
predicted = model.predict(x)
report = {
    "metrics": {
        "accuracy": {"value": round(float(accuracy_score(y, predicted)), 4)},
        "precision": {"value": round(float(precision_score(y, predicted, zero_division=0)), 4)},
        "recall": {"value": round(float(recall_score(y, predicted, zero_division=0)), 4)},
    },
    "rows": int(len(test)),
}
os.makedirs(args.output, exist_ok=True)
with open(os.path.join(args.output, "evaluation.json"), "w") as f:
    json.dump(report, f, indent=2)
print(json.dumps(report["metrics"]))
