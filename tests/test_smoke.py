import numpy as np

from smallgan.augment import GANOverSampler


def test_gan_oversampler_balances_classes(imbalanced_blobs):
    X, y = imbalanced_blobs
    X_res, y_res = GANOverSampler(epochs=5, random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [90, 90]
    assert np.isfinite(X_res).all()
