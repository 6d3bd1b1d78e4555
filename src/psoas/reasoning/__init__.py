"""Probabilistic reasoning over the atlas: a noisy-OR Bayesian network built with pyAgrum.

- :mod:`psoas.reasoning.network` builds the network from the atlas (structure and numbers).
- :mod:`psoas.reasoning.observations` turns an intake into evidence (hard, soft and prior odds).
- :mod:`psoas.reasoning.engine` runs inference and derives ranked causes, chains and next tests.
"""
