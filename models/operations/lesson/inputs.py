"""The lesson's own inputs, in one place: its dataset, its class, its noise vectors."""
from models.datasets import ANIMAL_MNIST

DATASET = ANIMAL_MNIST.id   # the lesson's example is cats and dogs, whatever the page's dataset switch says
CLASS = "dog"
OTHER_CLASS = "cat"
FIRST_NOISE = "[-5 3 2.6]"  # the lesson's first noise vector (step 3)
ANY_NOISE = "[-5 6.2 8]"    # "any noise gives a dog" (step 11), followed by these
MORE_NOISE = ("[0 0 0]", "[3 -1 4]", "[-2 -7 1]", "[9 9 9]", "[-9 0 5]")
ROW = 8                     # pictures in a row (steps 4, 8)
SEED = 0                    # the seed of the noise entries nobody typed
