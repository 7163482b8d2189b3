import numpy as np

from smallgan.report.image_plots import confusion_figure, sample_grid, save_figure


def test_grid_and_confusion_figures_are_written(tmp_path, toy_images):
    images, labels = toy_images
    grid = save_figure(sample_grid({0: images[labels == 0][:5], 1: images[labels == 1][:8]}, title="toy"),
                       tmp_path / "grid.png")
    matrix = save_figure(confusion_figure([[30, 4], [6, 50]], ["normal", "pneumonia"], title="cm"),
                         tmp_path / "cm.png")
    assert grid.stat().st_size > 1000 and matrix.stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cm.png", "grid.png"]  # no temporary files left
    rgb = np.random.default_rng(0).random((3, 8, 8, 3))
    assert save_figure(sample_grid({"rgb": rgb}, per_row=3), tmp_path / "rgb.png").exists()
