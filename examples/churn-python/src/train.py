"""Train: a logistic regression with scikit-learn.

SageMaker runs it in AWS's scikit-learn container as the training toolkit runs an entry point
(the SDK's SKLearn estimator): in /opt/ml/code, with the hyperparameters as arguments
(--max_iter 200 --regularization 1.0) and the data and model directories in SM_* variables.
"""
import argparse
import glob
import os

import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

parser = argparse.ArgumentParser()
parser.add_argument("--regularization", type=float, default=1.0)
parser.add_argument("--max_iter", type=int, default=100)
parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN"))
parser.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION"))
args = parser.parse_args()


def load(directory):
    frame = pd.concat([pd.read_csv(f, header=None) for f in sorted(glob.glob(os.path.join(directory, "*.csv")))])
    return frame.iloc[:, 1:], frame.iloc[:, 0]


x_train, y_train = load(args.train)
model = LogisticRegression(C=args.regularization, max_iter=args.max_iter).fit(x_train, y_train)
x_validation, y_validation = load(args.validation)
# the metric definition's regex reads this line
print(f"validation:accuracy={model.score(x_validation, y_validation):.4f}")
os.makedirs(args.model_dir, exist_ok=True)
joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))
