"""Decode a photo safely: size limits first, EXIF orientation applied, every metadata field dropped.

A photo arrives as bytes (from a file, an upload or a phone camera). Before any pixel is decoded
the header is read and checked against the limits; then the pixels are decoded, turned upright by
the EXIF orientation tag, and copied into a fresh RGB image that carries no metadata at all (no
GPS, no camera serial, no time). Large photos are scaled down to :data:`WORK_SIDE` pixels on the
long side for detection, display and overlays: landmarks are reported in the pixels of that
cleaned image. Nothing here writes the photo anywhere or logs anything about it.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from psoas.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image as PILImage

MAX_BYTES: Final = 25 * 1024 * 1024
MAX_PIXELS: Final = 50_000_000
MIN_SIDE: Final = 64
WORK_SIDE: Final = 1280
FORMATS: Final = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF", "MPO")


@dataclass(frozen=True)
class Photo:
    """A cleaned photo: upright RGB pixels without metadata, at most WORK_SIDE on the long side."""

    image: PILImage.Image
    original_size: tuple[int, int]

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.image.size
        return int(width), int(height)

    def jpeg(self, quality: int = 85) -> bytes:
        """The cleaned photo as JPEG bytes (no EXIF, no ICC profile, no comment)."""
        out = io.BytesIO()
        self.image.save(out, format="JPEG", quality=quality)
        return out.getvalue()


def decode(data: bytes, field: str = "photo") -> Photo:
    """Check, decode, orient and strip one photo; any failure is an :class:`InputError` on ``field``."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise InputError(field, "the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(
            field, f"the file is {len(data) / 1e6:.0f} MB, too large", f"up to {MAX_BYTES // 2**20} MB"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: our own limit comes first
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise InputError(field, "not an image psoas can read", "a JPEG, PNG or WebP photo") from exc
        _check_header(image, field)
        size = image.size
        if image.format in ("JPEG", "MPO"):
            image.draft(
                "RGB", (WORK_SIDE, WORK_SIDE)
            )  # decode a big JPEG at 1/2, 1/4 or 1/8 scale: much faster
        try:
            _load_whole(image)
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputError(field, "the image is damaged or cut short; take or copy it again") from exc
    return _clean(image, ImageOps, size)


_LOAD_LOCK = threading.Lock()


def _load_whole(image: PILImage.Image) -> None:
    """Decode every pixel, refusing a cut-short file even where another library (WeasyPrint) told
    Pillow to accept truncated images process-wide."""
    from PIL import ImageFile

    with _LOAD_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_header(image: PILImage.Image, field: str) -> None:
    if image.format not in FORMATS:
        raise InputError(field, f"{image.format or 'this'} images are not accepted", "JPEG, PNG, WebP")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InputError(
            field,
            f"the image has {width * height / 1e6:.0f} megapixels, too many",
            f"up to {MAX_PIXELS // 1_000_000} megapixels",
        )
    if min(width, height) < MIN_SIDE:
        raise InputError(
            field, f"the image is only {width}x{height} pixels", f"at least {MIN_SIDE} on each side"
        )


def _clean(image: PILImage.Image, image_ops: object, original: tuple[int, int]) -> Photo:
    from PIL import Image

    upright = image_ops.exif_transpose(image)  # type: ignore[attr-defined]
    rgb = upright.convert("RGB")
    scale = WORK_SIDE / max(rgb.size)
    if scale < 1:
        rgb = rgb.resize((round(rgb.width * scale), round(rgb.height * scale)), Image.Resampling.BILINEAR)
    fresh = Image.new("RGB", rgb.size)
    fresh.paste(rgb)  # a new image: no info dict, no EXIF, no ICC profile carried over
    return Photo(image=fresh, original_size=(int(original[0]), int(original[1])))
