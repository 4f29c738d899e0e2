"""Inference: how AWS's scikit-learn serving container loads the model (model_fn); its default
input_fn, predict_fn and output_fn handle CSV and JSON requests."""
import os

import joblib


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))
