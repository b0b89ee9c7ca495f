"""An adversary for the conditional VAE's decoder (a VAE-GAN, Larsen et al. 2016), used when the
model's `adversarial_weight` is above zero.

A Gaussian decoder trained on the ELBO alone draws the average of the images a latent point could
be: on Animal-MNIST's silhouettes that is a soft grey rim where the real images have an edge, and
a classifier (or a learner) sees the difference at once. A critic, the GAN's projection
discriminator, learns to tell real training images from the decoder's images of the same class, and
the decoder is also rewarded for fooling it. The decoder's likelihood, and so the ELBO and the
generative classifier's scores, stay what they were; only what the decoder learns changes.

The decoder's images are half reconstructions of a posterior draw, half decodes of a draw from the
class's prior: the learned Gaussian, or (`adversarial_prior="fitted"`) the mixture fitted to the
training images' codes at the start of every epoch, the kind of prior the app samples from, so the
critic judges the very latent points a user's samples will come from. Their latent points are held
fixed (detached), so the adversary moves the decoder and nothing else: the encoder and the prior
learn from the ELBO alone. The critic is training-only: it is not saved with the model.
"""
import torch

from models.networks.cvae import ConditionalVAE
from models.networks.gan import Discriminator, hinge_critic_loss

CRITIC_WIDTH = 16      # the bundled GANs' discriminator width
CRITIC_LR = 2e-4       # the GAN recipes' learning rate (their discriminator takes twice it), and their betas
CRITIC_BETAS = (0.0, 0.9)


def adversary_text(weight: float, prior: str = "learned") -> str:
    """How the decoder was trained, for the model card ("" for a plain VAE)."""
    if not weight:
        return ""
    draws = ("the learned prior" if prior == "learned" else
             "a mixture refitted to the training images' codes every epoch, like the served prior")
    return (f" The decoder was also trained against a critic (a VAE-GAN, Larsen et al. 2016; weight {weight:g} on "
            f"the critic's hinge score, train/lib/cvae_adversary.py) on reconstructions and on decodes of draws from "
            f"{draws}, to draw sharp edges; the likelihood, and so every score below, is the Gaussian above.")


class DecoderAdversary:
    """The critic, its optimiser, and the two losses of one training step (hinge, as the GAN's)."""

    def __init__(self, model: ConditionalVAE, device):
        self.model = model
        self.critic = Discriminator(model.num_classes, CRITIC_WIDTH, model.channels).to(device)
        self.opt = torch.optim.Adam(self.critic.parameters(), lr=CRITIC_LR, betas=CRITIC_BETAS)

    def fakes(self, mu: torch.Tensor, logvar: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """The decoder's images for the batch's classes: half from posterior draws, half from the prior."""
        half = len(y) // 2
        with torch.no_grad():
            z_post = mu[:half] + torch.randn_like(mu[:half]) * (0.5 * logvar[:half]).exp()
            z_prior = self.model.draw_latents(y[half:], latent_prior=self.model.trained_with.adversarial_prior)
        return self.model.decode(torch.cat([z_post, z_prior]).float(), y)

    def decoder_loss(self, fakes: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """What the decoder adds to its loss: the critic's score of its images, negated."""
        return -self.critic(fakes * 2 - 1, y).float().mean()

    def critic_step(self, real: torch.Tensor, fakes: torch.Tensor, y: torch.Tensor) -> float:
        """One update of the critic on real images against the decoder's (detached); returns its loss."""
        real_score = self.critic(real * 2 - 1, y).float()
        fake_score = self.critic(fakes.detach() * 2 - 1, y).float()
        loss = hinge_critic_loss(real_score, fake_score)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.item()
