import numpy as np
import pytest

from smallgan.report.translation_plots import save_grid, translation_grid
from smallgan.translate.pairs import downsample, make_pairs, sobel_edges


def test_each_edge_map_is_the_2d_sobel_of_its_own_image_only():
    from scipy.ndimage import sobel

    images = np.random.default_rng(1).integers(0, 256, (6, 3, 16, 16), dtype=np.uint8)
    edges = sobel_edges(images)
    np.testing.assert_allclose(sobel_edges(images[2:3])[0], edges[2], atol=1e-6)  # no neighbour leaks in
    plane = images[2, 1] / 255.0
    magnitude = np.hypot(sobel(plane, axis=0, mode="nearest"), sobel(plane, axis=1, mode="nearest"))
    peak = max(np.hypot(sobel(images[2, c] / 255.0, axis=0, mode="nearest"),
                        sobel(images[2, c] / 255.0, axis=1, mode="nearest")).max() for c in range(3))
    np.testing.assert_allclose(edges[2, 1], magnitude / peak, atol=1e-5)


def test_edge_and_downsample_pairs_keep_shape_and_range():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    edges, targets = make_pairs(images, "edges")
    assert edges.shape == targets.shape == (5, 1, 28, 28)
    assert edges.max() == pytest.approx(1.0) and edges.min() >= 0.0
    np.testing.assert_allclose(targets[:, 0], images / 255.0, atol=1e-6)
    low = downsample(images)
    assert low.shape == (5, 1, 28, 28)
    blocks = low[:, 0, :4, :4]
    assert blocks.std() < targets[:, 0, :4, :4].std()  # detail is lost
    assert sobel_edges(np.zeros((2, 8, 8), np.uint8)).max() == 0.0
    with pytest.raises(ValueError, match="unknown paired task"):
        make_pairs(images, "colour")
    with pytest.raises(ValueError, match="not divisible"):
        downsample(images[:, :27, :27])


def test_translation_grid_has_a_row_per_stack(tmp_path, blob_pairs):
    a, b = blob_pairs
    fig = translation_grid(a, {"model 1": b, "model 2": a}, b, n=4, title="toy")
    assert len(fig.axes) == 4 * 4
    assert [fig.axes[i * 4].get_ylabel() for i in range(4)] == ["input", "model 1", "model 2", "target"]
    path = save_grid(fig, tmp_path / "grid.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
