"""The photo pipeline on real files made by Pillow: what passes, what is refused and why,
and what a buyer's browser receives (upright, sRGB, no GPS, never upscaled)."""

import io
import struct
import zlib

import pytest
from flask_babel.speaklater import LazyString
from PIL import ExifTags, Image, ImageCms, ImageDraw

from trading_house.core import images
from trading_house.core.errors import DomainError
from trading_house.core.images import (
    ImageRejected,
    inspect_upload,
    process_logo,
    render_variants,
    variant_key,
)

RED, BLUE = (255, 0, 0), (0, 0, 255)


# --------------------------------------------------------------------------------------------
# Helpers


def encode(image: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def two_colours(size=(900, 600), mode="RGB") -> Image.Image:
    """Left half red, right half blue: shows which way a picture was turned."""
    image = Image.new(mode, size, RED)
    ImageDraw.Draw(image).rectangle((size[0] // 2, 0, size[0], size[1]), fill=BLUE)
    return image


def noisy(size) -> Image.Image:
    """Random pixels: they compress badly, so the compressed stream spans the whole file."""
    return Image.merge("RGB", [Image.effect_noise(size, 40) for _ in range(3)])


def smooth(size) -> Image.Image:
    """Gradients: cheap to encode, for tests about sizes rather than bytes."""
    ramp = Image.linear_gradient("L")
    return Image.merge("RGB", [ramp.resize(size), ramp.rotate(90).resize(size), ramp.resize(size)])


def phone_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {1: "S", 2: (5.0, 8.0, 12.5), 3: "E", 4: (119.0, 25.0, 30.0)}
    )
    return exif


def can_make_heic() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info().get("encoders", {}).get("x265"):
        pytest.skip("this libheif cannot encode HEIC, so no HEIC test file can be made")


def decode(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def riff_chunks(content: bytes) -> set[bytes]:
    """The chunk types of a WebP file (EXIF, XMP and ICCP chunks carry metadata)."""
    assert content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    chunks, offset = set(), 12
    while offset + 8 <= len(content):
        kind, size = (
            content[offset : offset + 4],
            struct.unpack("<I", content[offset + 4 : offset + 8])[0],
        )
        chunks.add(kind)
        offset += 8 + size + (size & 1)
    return chunks


def close_to(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares ``width`` x ``height``: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


D50 = (0.9642, 1.0, 0.8249)
SRGB_COLORANTS = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
ADOBE_COLORANTS = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))


def matrix_profile(red, green, blue, description: str, gamma: float = 2.2) -> bytes:
    """A minimal ICC v2 RGB display profile: three colorants (D50 XYZ) and one gamma curve."""

    def s15(value):
        return struct.pack(">i", round(value * 65536))

    def xyz(values):
        return b"XYZ \0\0\0\0" + b"".join(s15(v) for v in values)

    text = description.encode("ascii")
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" + b"\0" * 78
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(D50)),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = body = b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = struct.pack(">I", offset + len(body)) + b"\0" * 4 + struct.pack(">I", 0x02100000)
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28 + b"".join(s15(v) for v in D50)
    return header + b"\0" * (128 - len(header)) + struct.pack(">I", len(tags)) + table + body


# --------------------------------------------------------------------------------------------
# Orientation, metadata, colour


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_an_exif_rotated_photo_comes_out_upright(fmt):
    """A phone stores a portrait shot as landscape pixels plus 'rotate 90°': buyers see it tall."""
    data = encode(two_colours((900, 600)), fmt, exif=phone_exif(orientation=6))

    info = inspect_upload(data)
    variants = render_variants(data)

    assert (info.width, info.height) == (600, 900)
    for width, content in variants.items():
        variant = decode(content)
        assert variant.height > variant.width, width
    small = decode(variants[400]).convert("RGB")
    assert small.size == (400, 600)
    # Orientation 6 turns the picture clockwise: its left (red) half becomes the top.
    assert close_to(small.getpixel((200, 50)), RED)
    assert close_to(small.getpixel((200, 550)), BLUE)


def test_a_photo_with_corrupt_exif_is_still_accepted_as_it_is():
    data = encode(two_colours((900, 600)), "JPEG", exif=b"Exif\x00\x00MM\x00*garbage")

    assert (inspect_upload(data).width, decode(render_variants(data)[400]).size) == (
        900,
        (400, 267),
    )


def test_no_gps_exif_xmp_or_comment_reaches_any_variant():
    data = encode(
        noisy((1200, 900)),
        "JPEG",
        quality=90,
        exif=phone_exif(),
        comment=b"shot at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>',
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry GPS
    assert {"exif", "comment", "xmp", "icc_profile"} <= set(original.info)

    for width, content in render_variants(data).items():
        variant = decode(content)
        assert riff_chunks(content) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, width
        assert not set(variant.info) & {"exif", "xmp", "icc_profile", "comment"}, width
        assert not variant.getexif(), width
        assert b"Phone" not in content and b"shot at home" not in content


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_colours_are_converted_to_srgb_through_the_embedded_profile(fmt):
    """An image tagged with a profile whose red and blue are swapped comes out swapped: the
    profile is honoured, and then dropped (the variants are plain sRGB)."""
    if fmt == "HEIF":
        can_make_heic()
    swapped = matrix_profile(*reversed(SRGB_COLORANTS), "Swapped")
    data = encode(two_colours(), fmt, icc_profile=swapped)

    variants = render_variants(data)

    small = decode(variants[400])
    assert "icc_profile" not in small.info
    assert close_to(small.getpixel((50, 100)), BLUE, 30)  # red pixels, in that profile, are blue
    assert close_to(small.getpixel((350, 100)), RED, 30)


def test_an_adobe_rgb_photo_gets_more_saturated_srgb_values():
    adobe = matrix_profile(*ADOBE_COLORANTS, "Adobe RGB (1998) like")
    data = encode(Image.new("RGB", (800, 600), (60, 200, 60)), "PNG", icc_profile=adobe)

    pixel = decode(render_variants(data)[400]).getpixel((10, 10))

    assert pixel[1] > 190 and pixel[0] < 25 and pixel[2] < 50  # green beyond sRGB: clipped


def test_transparency_survives_the_colour_conversion():
    swapped = matrix_profile(*reversed(SRGB_COLORANTS), "Swapped")
    image = Image.new("RGBA", (800, 600), (*RED, 255))
    ImageDraw.Draw(image).rectangle((400, 0, 800, 600), fill=(0, 0, 0, 0))

    small = decode(render_variants(encode(image, "PNG", icc_profile=swapped))[400])

    assert small.mode == "RGBA"
    assert close_to(small.getpixel((50, 50)), (*BLUE, 255), 30)
    assert small.getpixel((350, 50))[3] == 0


def test_a_cmyk_jpeg_becomes_rgb():
    data = encode(Image.new("CMYK", (800, 600), (0, 255, 255, 0)), "JPEG")  # red in ink

    small = decode(render_variants(data)[400])

    assert small.mode == "RGB" and close_to(small.getpixel((10, 10)), RED)


def test_a_palette_png_keeps_its_transparency_and_an_opaque_one_has_no_alpha():
    image = Image.new("P", (800, 600), 0)
    image.putpalette([*RED, *BLUE])
    ImageDraw.Draw(image).rectangle((400, 0, 800, 600), fill=1)

    clear = decode(render_variants(encode(image, "PNG", transparency=0))[400])
    opaque = decode(render_variants(encode(image, "PNG"))[400])

    assert clear.mode == "RGBA" and clear.getpixel((10, 10))[3] == 0
    assert close_to(clear.getpixel((390, 10)), (*BLUE, 255))
    assert opaque.mode == "RGB" and close_to(opaque.getpixel((10, 10)), RED)


def test_an_opaque_rgba_png_loses_its_useless_alpha_channel():
    small = decode(render_variants(encode(Image.new("RGBA", (800, 600), (*RED, 255)), "PNG"))[400])

    assert small.mode == "RGB" and close_to(small.getpixel((5, 5)), RED)


def test_a_multi_picture_jpeg_from_a_camera_is_accepted():
    frames = [two_colours((900, 600)), Image.new("RGB", (900, 600), "green")]
    data = encode(frames[0], "MPO", save_all=True, append_images=frames[1:])

    info = inspect_upload(data)
    small = decode(render_variants(data)[400])

    assert info.format == "MPO" and (info.width, info.height) == (900, 600)
    assert close_to(small.getpixel((50, 50)), RED)


@pytest.mark.parametrize(
    ("mode", "value", "expected"),
    [("LA", (128, 100), (128, 128, 128, 100)), ("I;16", 40000, (156, 156, 156)), ("L", 90, None)],
)
def test_grey_photos_of_every_depth_are_handled(mode, value, expected):
    small = decode(render_variants(encode(Image.new(mode, (800, 600), value), "PNG"))[400])

    assert small.size == (400, 300)
    assert close_to(small.getpixel((5, 5)), expected or (90, 90, 90), 3)


# --------------------------------------------------------------------------------------------
# Sizes


def test_variants_have_the_requested_widths_and_keep_the_aspect_ratio():
    data = encode(smooth((2400, 1800)), "JPEG", quality=85)

    sizes = {width: decode(content).size for width, content in render_variants(data).items()}

    assert sizes == {1600: (1600, 1200), 800: (800, 600), 400: (400, 300)}


def test_a_draft_decode_slightly_smaller_than_the_largest_variant_still_fills_it():
    """3000 px wide decodes at 1/2 scale (1500 px) and is enlarged by 7 % for the 1600 slot."""
    data = encode(smooth((3000, 1000)), "JPEG", quality=85)

    sizes = {width: decode(content).size for width, content in render_variants(data).items()}

    assert sizes == {1600: (1600, 533), 800: (800, 267), 400: (400, 133)}


def test_small_photos_are_never_upscaled():
    data = encode(smooth((700, 500)), "JPEG", quality=85)

    variants = render_variants(data)

    assert decode(variants[1600]).size == (700, 500)
    assert variants[800] == variants[1600]  # the same picture, encoded once
    assert decode(variants[400]).size == (400, 286)


def test_a_panorama_is_capped_at_four_times_its_width():
    data = encode(Image.new("RGB", (600, 4000), "white"), "PNG")

    assert decode(render_variants(data)[400]).size == (240, 1600)


def test_logos_fit_in_squares_and_keep_transparency():
    logo = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((250, 0, 750, 500), fill=(*RED, 255))

    logos = process_logo(encode(logo, "PNG"))

    assert {size: decode(c).size for size, c in logos.items()} == {128: (128, 64), 512: (512, 256)}
    assert decode(logos[128]).mode == "RGBA"


def test_a_tiny_logo_is_refused():
    with pytest.raises(ImageRejected, match="at least 128 pixels"):
        process_logo(encode(Image.new("RGB", (100, 100)), "PNG"))


# --------------------------------------------------------------------------------------------
# Keys


def test_variant_keys_are_content_hashes():
    data = encode(noisy((900, 600)), "JPEG", quality=85)

    first, again = render_variants(data), render_variants(data)
    keys = {width: variant_key(content, width) for width, content in first.items()}

    assert keys == {width: variant_key(content, width) for width, content in again.items()}
    assert keys[400].startswith("p/") and keys[400].endswith("-400.webp")
    assert len(set(keys.values())) == 3
    assert variant_key(first[400] + b"x", 400) != keys[400]
    assert variant_key(first[400], 400, prefix="logo").startswith("logo/")


# --------------------------------------------------------------------------------------------
# What is refused, and why


def rejection(data: bytes, **kwargs) -> str:
    with pytest.raises(ImageRejected) as caught:
        inspect_upload(data, **kwargs)
    assert isinstance(caught.value, DomainError)
    assert isinstance(caught.value.message, LazyString)  # translated when shown, not now
    return str(caught.value.message)


def test_a_pdf_renamed_to_jpg_is_not_a_photo():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

    assert "not a photo we can read" in rejection(pdf)
    with pytest.raises(ImageRejected):
        render_variants(pdf)


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "BMP"])
def test_other_image_formats_are_refused(fmt):
    assert "JPEG, PNG, WebP or HEIC" in rejection(encode(two_colours((800, 600)), fmt))


@pytest.mark.parametrize("progressive", [False, True])
@pytest.mark.parametrize("kept", [0.5, 0.95])
def test_a_truncated_jpeg_is_refused_at_upload_and_by_the_job(progressive, kept):
    """The upload check decodes at 1/8 scale, yet still reads the whole compressed stream."""
    data = encode(noisy((1600, 1200)), "JPEG", quality=90, progressive=progressive)
    cut = data[: int(len(data) * kept)]

    assert "damaged or incomplete" in rejection(cut)
    with pytest.raises(ImageRejected, match="damaged or incomplete"):
        render_variants(cut)


def test_a_truncated_png_is_refused():
    data = encode(noisy((800, 600)), "PNG")

    assert "damaged or incomplete" in rejection(data[: len(data) // 2])


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = png_header_only(30000, 30000)  # 900 MP: 2.7 GB of pixels from 100 bytes

    assert "too many pixels" in rejection(bomb)
    with pytest.raises(ImageRejected, match="too many pixels"):
        render_variants(bomb)


@pytest.mark.parametrize("size", [(9000, 8000), (12000, 9000)])
def test_images_above_our_pixel_cap_are_refused(size):
    """72 MP is under Pillow's own warning (89 MP); 108 MP is between its warning and error."""
    assert "at most 60 megapixels" in rejection(png_header_only(*size))


def test_a_photo_under_600_pixels_on_the_long_side_is_refused():
    assert "at least 600 pixels" in rejection(encode(noisy((599, 400)), "JPEG"))
    assert inspect_upload(encode(noisy((400, 600)), "JPEG")).height == 600


def test_an_empty_file_is_refused():
    assert rejection(b"") == "The file is empty."


def test_a_file_over_the_size_limit_is_refused_without_decoding():
    assert "larger than 20 MB" in rejection(b"\xff\xd8" + b"\0" * (20 * 1024 * 1024))
    assert "larger than 1 MB" in rejection(encode(noisy((800, 600)), "PNG"), max_bytes=2**20)


def test_garbage_after_a_jpeg_header_is_refused():
    data = encode(noisy((800, 600)), "JPEG")

    assert rejection(data[:400] + bytes(range(256)) * 200)


# --------------------------------------------------------------------------------------------
# HEIC


def test_an_iphone_heic_is_accepted():
    can_make_heic()
    data = encode(two_colours((900, 600)), "HEIF", quality=90, exif=phone_exif(orientation=1))

    info = inspect_upload(data)
    variants = render_variants(data)

    assert (info.format, info.width, info.height) == ("HEIF", 900, 600)
    small = decode(variants[400])
    assert small.size == (400, 267)
    assert close_to(small.getpixel((50, 100)), RED, 30)
    assert not small.getexif() and riff_chunks(variants[400]) <= {b"VP8 ", b"VP8X"}


def test_a_truncated_heic_is_refused():
    can_make_heic()
    data = encode(smooth((800, 600)), "HEIF", quality=90)

    with pytest.raises(ImageRejected):
        inspect_upload(data[: len(data) // 2])


def test_the_module_does_not_load_truncated_images_leniently():
    """Pillow's global LOAD_TRUNCATED_IMAGES would turn every truncation check off."""
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS
