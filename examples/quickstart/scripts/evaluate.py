"""Score the trained XGBoost model on the test set and write evaluation.json (the property file).

Reads the model archive from /opt/ml/processing/input/model and test.csv from
/opt/ml/processing/input/test; writes {"metrics": {"accuracy": {"value": ...}}} to
/opt/ml/processing/evaluation/evaluation.json, which the pipeline's condition reads.
"""
import json
import os
import tarfile

import pandas as pd
import xgboost
from sklearn.metrics import accuracy_score

BASE = "/opt/ml/processing"

with tarfile.open(f"{BASE}/input/model/model.tar.gz") as archive:
    archive.extractall(".")
model = xgboost.Booster()
model.load_model("xgboost-model")

test = pd.read_csv(f"{BASE}/input/test/test.csv", header=None)
labels = test.pop(0)
predictions = (model.predict(xgboost.DMatrix(test.values)) >= 0.5).astype(int)

os.makedirs(f"{BASE}/evaluation", exist_ok=True)
with open(f"{BASE}/evaluation/evaluation.json", "w") as report:
    json.dump({"metrics": {"accuracy": {"value": float(accuracy_score(labels, predictions))}}}, report)
