"""Split the raw churn CSV into train and test sets (SageMaker Processing, scikit-learn image).

Reads /opt/ml/processing/input/raw/*.csv (label in the last column, named "churned") and writes
train.csv and test.csv (label first, no header: what the XGBoost algorithm reads).
"""
import glob
import os

import pandas as pd
from sklearn.model_selection import train_test_split

BASE = "/opt/ml/processing"

frames = [pd.read_csv(path) for path in sorted(glob.glob(f"{BASE}/input/raw/*.csv"))]
if not frames:
    raise SystemExit(f"no .csv file in {BASE}/input/raw")
data = pd.concat(frames)
label = data.pop("churned")
data.insert(0, "churned", label)

train, test = train_test_split(data, test_size=0.2, random_state=7, stratify=label)
for name, frame in (("train", train), ("test", test)):
    os.makedirs(f"{BASE}/{name}", exist_ok=True)
    frame.to_csv(f"{BASE}/{name}/{name}.csv", header=False, index=False)
