#!/usr/bin/python3
"""Anchor of the UCR classification benchmark (Debian's python3-sklearn).

Reads the feature table that `dynlens batch signed-barcode TRAIN.txt TEST.txt --fit-on TRAIN.txt --format csv`
wrote (one row per series, a `collection` column naming the split), trains an SVM (RBF kernel on standardized
features, C and gamma chosen by 5-fold stratified cross-validation on the training split only) and reports its test
accuracy next to the classic baseline: 1-nearest-neighbour with the Euclidean distance on the raw series.

Usage: /usr/bin/python3 bench/batch/ucr_classify.py NAME FEATURES_DIR UCR_DIR
"""
import csv
import json
import sys

import numpy as np
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def read_features(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    first = head.index("error") + 1
    split, labels, x = [], [], []
    for r in rows[1:]:
        if r[head.index("status")] != "ok":
            raise SystemExit(f"item {r[0]} failed: {r[head.index('error')]}")
        split.append("TRAIN" if "_TRAIN" in r[head.index("collection")] else "TEST")
        labels.append(r[head.index("label")])
        x.append([float(v) for v in r[first:]])
    return np.array(split), np.array(labels), np.array(x)


def read_ucr(path):
    data = np.loadtxt(path)
    return data[:, 0].astype(int).astype(str), data[:, 1:]


def main():
    name, feat_dir, ucr_dir = sys.argv[1:4]
    split, y, x = read_features(f"{feat_dir}/features.csv")
    tr, te = split == "TRAIN", split == "TEST"
    ytr = np.array([str(int(float(v))) for v in y[tr]])
    yte = np.array([str(int(float(v))) for v in y[te]])
    search = GridSearchCV(
        make_pipeline(StandardScaler(), SVC(kernel="rbf")),
        {"svc__C": np.logspace(-2, 4, 13), "svc__gamma": ["scale", 1e-4, 1e-3, 1e-2]},
        cv=StratifiedKFold(5, shuffle=True, random_state=0),
    )
    search.fit(x[tr], ytr)
    svm_acc = float((search.predict(x[te]) == yte).mean())
    ltr, str_ = read_ucr(f"{ucr_dir}/{name}_TRAIN.txt")
    lte, ste = read_ucr(f"{ucr_dir}/{name}_TEST.txt")
    d = ((ste[:, None, :] - str_[None, :, :]) ** 2).sum(axis=2)
    nn_acc = float((ltr[d.argmin(axis=1)] == lte).mean())
    print(json.dumps({
        "dataset": name, "train": int(tr.sum()), "test": int(te.sum()), "features": x.shape[1],
        "svm_signed_barcode_accuracy": svm_acc, "svm_params": {k: str(v) for k, v in search.best_params_.items()},
        "cv_accuracy": float(search.best_score_), "nn1_euclidean_accuracy": nn_acc,
    }))


main()
