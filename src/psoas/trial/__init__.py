"""Per-person (N-of-1) trials of a release programme: the plan, the analysis and the report.

The core here knows nothing of storage, the CLI or the web: :mod:`psoas.trial.plan` builds and
validates a plan, :mod:`psoas.trial.analysis` fits each region's diary, :mod:`psoas.trial.trait`
reads the trait change (Thomas angle, the engine's probability) and :mod:`psoas.trial.cent_report`
assembles the CENT-style report. Units: pain in NRS points (0–10), angles in degrees, days are
calendar days (UTC). Nothing heavy is imported here.
"""
