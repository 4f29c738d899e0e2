"""Preprocess: split the raw churn data into train, validation and test sets.

SageMaker runs it in AWS's scikit-learn container (the SDK's SKLearnProcessor):
    python3 /opt/ml/processing/input/code/preprocess.py --input ... --output ...
The label comes first and there is no header row, as SageMaker's built-in algorithms read CSV.
"""
import argparse
import glob
import os

import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--input", default="/opt/ml/processing/input/raw")
parser.add_argument("--output", default="/opt/ml/processing")
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()

files = sorted(glob.glob(os.path.join(args.input, "*.csv")))
if not files:
    raise SystemExit(f"no CSV files in {args.input}")
raw = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
label = raw["churned"].astype(int)
features = raw.drop(columns=["customer_id", "churned"]).astype(float)
# standardize with the statistics of the whole set (a real pipeline would fit them on train only)
features = (features - features.mean()) / features.std(ddof=0)
data = pd.concat([label, features], axis=1).sample(frac=1.0, random_state=args.seed).reset_index(drop=True)

train_end, validation_end = int(len(data) * 0.7), int(len(data) * 0.85)
splits = {"train": data[:train_end], "validation": data[train_end:validation_end], "test": data[validation_end:]}
for name, part in splits.items():
    os.makedirs(os.path.join(args.output, name), exist_ok=True)
    part.to_csv(os.path.join(args.output, name, f"{name}.csv"), header=False, index=False)
print(", ".join(f"{name}: {len(part)} rows" for name, part in splits.items()))
