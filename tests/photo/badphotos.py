"""Bad photos made on the spot: not an image, 100 megapixels, a cut-short JPEG, nobody, two people."""

from __future__ import annotations

import io

from tests.photo import render


def not_an_image() -> bytes:
    return b"%PDF-1.4 this is not a photo\n" * 20


def hundred_megapixels() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 1-bit: small in memory and on disk
    return out.getvalue()


def person_png() -> bytes:
    return render.render(render.standing(5, 0))


def truncated_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(person_png())).convert("RGB").save(out, format="JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) // 2]


def nobody() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (200, 210, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 300, 540, 420), fill=(120, 90, 60))  # a table, no one at it
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def two_people() -> bytes:
    """Two mannequins facing each other (the second is the first mirrored)."""
    from PIL import Image, ImageOps

    one = Image.open(io.BytesIO(person_png())).convert("RGB").crop((250, 80, 700, 700))
    both = Image.new("RGB", (1000, 620), (236, 236, 230))
    both.paste(one, (0, 0))
    both.paste(ImageOps.mirror(one), (500, 0))
    out = io.BytesIO()
    both.save(out, format="JPEG", quality=92)
    return out.getvalue()


CASES = {
    "not_an_image": (not_an_image, "not an image"),
    "hundred_megapixels": (hundred_megapixels, "megapixels"),
    "truncated_jpeg": (truncated_jpeg, "damaged or cut short"),
    "nobody": (nobody, "no person found"),
    "two_people": (two_people, "more than one person"),
}
