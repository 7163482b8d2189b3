"""Datasets: embedded (scikit-learn) and staged ones under `$SMALLGAN_DATA` (default ../shared/data)."""

from .datasets import ENV_VAR, Dataset, data_file, data_root, list_datasets, load_dataset

load = load_dataset

__all__ = ["ENV_VAR", "Dataset", "data_file", "data_root", "list_datasets", "load", "load_dataset"]
