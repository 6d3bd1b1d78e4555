"""Measure from a photo, offline: the Thomas test and standing posture, with correctable landmarks.

- :mod:`psoas.photo.image`: decode, size limits, EXIF orientation applied and all metadata dropped.
- :mod:`psoas.photo.model` / :mod:`psoas.photo.detect`: MediaPipe's pose landmarker on the CPU,
  tried at several rotations, with a confidence per landmark; one person only.
- :mod:`psoas.photo.angles`: the angle definitions, conventions and expected errors (pure geometry,
  mirrored by ``web/static/photo-angles.js``).
- :mod:`psoas.photo.views`: view checks and "cannot be measured" reasons.
- :mod:`psoas.photo.measure`: the whole path, with a person's corrections.
- :mod:`psoas.photo.overlay`: the landmarks and angles drawn over the photo (SVG or PNG).
- :mod:`psoas.photo.intake`: the values a measurement puts into an intake.

Photos never leave the machine and are never logged.
"""

from __future__ import annotations
