"""Every Explore/Timeline/Compare function on a second dataset with other classes: nothing may assume Fashion-MNIST."""
import shutil

import torch

from models.operations.explore import compare
from models.operations.explore import explore
from models.operations.gan import timeline
from models.operations.vae import latent_map as lm
from models.loading.loader import Family
from space.endpoints import explore as endpoints_explore

from conftest import EXAMPLES

BOOT, BAG = str(EXAMPLES / "test-0000-ankle-boot.png"), str(EXAMPLES / "test-0018-bag.png")


def test_every_feature_works_for_another_dataset_with_other_classes(family, tmp_path, monkeypatch):
    """Untrained models with Animal-MNIST's classes, their files in a temporary WEIGHTS_DIR."""
    from models.networks.classifier import Classifier
    from models.networks.gan import ConditionalGAN
    from models.networks.vae import VAE
    from train.lib.data import class_names

    torch.manual_seed(0)
    names = class_names("animal-mnist")
    kinds = {"classifier": Classifier, "vae": VAE, "gan": ConditionalGAN}
    models = {kind: cls(dataset="animal-mnist", class_names=names).eval() for kind, cls in kinds.items()}
    monkeypatch.setenv("WEIGHTS_DIR", str(tmp_path))
    folders = {kind: tmp_path / f"animal-mnist-{kind}" for kind in kinds}
    fam = Family("animal-mnist", models, {k: "test" for k in kinds}, folders)

    assert len(explore.interpolate_noise(fam, 0, 1, 3, "zebra")[0]) == 3
    assert explore.interpolate_classes(fam, 0, steps=2)[0][-1][1].startswith("t=1.00")
    assert len(explore.interpolate_images(fam, BOOT, BAG, 2)[0]) == 4

    images = torch.randint(0, 256, (50, 1, 28, 28), dtype=torch.uint8)
    labels = torch.arange(50) % 10
    lm.save(lm.build(fam.vae, images, labels, points=40, real_per_class=2), folders["vae"] / lm.FILENAME)
    _, info = lm.view(fam.vae, endpoints_explore.load_latent_map(fam), names, "animal-mnist", BAG)
    assert info["points"] == 40 and set(info["image"]["nearest_test_images"]) <= set(names)

    real, vae, gan, summary = compare.compare(fam, endpoints_explore.load_latent_map(fam), 0, 2, "cat")
    assert all(c.startswith("cat ·") for _, c in real + gan) and summary["frechet_distance"] == {}

    samples = folders["gan"] / "samples"
    samples.mkdir(parents=True)
    shutil.copy(timeline.sample_grids(family)[0][1], samples / "epoch_01.png")
    assert timeline.timeline(fam, 0)[2] == {"epoch": 1, "epochs": [1]}
