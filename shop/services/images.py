"""Product images staff upload: checked by their content, resized for the storefront, stored
in the media folder with their metadata stripped."""

import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import ProductImage

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
LARGE_EDGE = 1200
WEBP_QUALITY = 82
MEDIA_URL = "/media/"


class ImageError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def media_folder():
    """Where uploaded media live: `MEDIA_FOLDER`, else `instance/media` (served at /media/)."""
    configured = current_app.config.get("MEDIA_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "media"


def _opened(data):
    if not data:
        raise ImageError(_("Choose an image to upload."))
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(_("The image is larger than 5 MB."))
    try:
        with Image.open(BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise ImageError(_("Upload a JPEG, PNG or WebP image."))
        image = Image.open(BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ImageError(_("The image has too many pixels."))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageError(_("Upload a JPEG, PNG or WebP image.")) from None
    return image


def add_product_image(product, data, alt_fr=None, alt_ar=None):
    """Resize the uploaded image (EXIF orientation applied), save it as WebP, add its row."""
    image = ImageOps.exif_transpose(_opened(data))
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail((LARGE_EDGE, LARGE_EDGE))
    name = f"products/{product.id}/{secrets.token_urlsafe(12)}.webp"
    path = media_folder() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    # Saved without the original's EXIF: phone photos carry GPS positions.
    image.save(path, "WEBP", quality=WEBP_QUALITY, method=4)
    position = db.session.scalar(
        select(func.coalesce(func.max(ProductImage.position) + 1, 0)).where(
            ProductImage.product_id == product.id
        )
    )
    row = ProductImage(
        product_id=product.id,
        url=MEDIA_URL + name,
        position=position,
        alt_fr=alt_fr,
        alt_ar=alt_ar,
        width=image.width,
        height=image.height,
    )
    db.session.add(row)
    db.session.flush()
    return row


def show_image_first(image):
    """Make `image` its product's main image, the one its card and page show first; the others
    keep their order after it. Returns the image ids in their new order."""
    images = db.session.scalars(
        select(ProductImage)
        .where(ProductImage.product_id == image.product_id)
        .order_by(ProductImage.position, ProductImage.id)
    ).all()
    ordered = [image, *(other for other in images if other.id != image.id)]
    for position, each in enumerate(ordered):
        each.position = position
    db.session.flush()
    return [each.id for each in ordered]


def remove_product_image(image):
    """Delete the row, and the file when it is one of our uploads."""
    if image.url.startswith(MEDIA_URL):
        (media_folder() / image.url.removeprefix(MEDIA_URL)).unlink(missing_ok=True)
    db.session.delete(image)
    db.session.flush()
