"""Photo pipeline benchmark: one 12-MP phone photo -> all WebP variants, naive vs ours.

    .venv/bin/python bench/photo_pipeline.py [--runs 7]

Makes a 4000x3000 JPEG with Pillow (soft gradients, shapes, edges, sensor-like noise; quality
92; EXIF orientation 6 = a portrait shot, plus Make and GPS tags), then runs each pipeline in its
own subprocess, so that its peak memory is its own:

- naive: full decode to validate the upload; then, in the job, open again, ``exif_transpose``,
  ``resize(LANCZOS)`` of the full image for every width, default ``save("WEBP")`` (q80, method 4);
- first: the first version of ``core/images.py``: the same, but ``thumbnail()`` (reducing_gap 2);
- ours: ``inspect_upload`` (the upload request) + ``render_variants`` (the job).

All three validate and produce 400/800/1600-px-wide variants. Times are the median CPU time per
photo (the container is shared: wall time is printed too, but other processes inflate it); the
first photo is not timed, it measures the peak: RSS high-water mark minus the RSS before it.
Each pipeline's 1600-px variant is compared (PSNR) with a full decode + Lanczos, not encoded.
Exits 1 if ours is less than 3x faster than naive or than the first version, or if its peak is
above 70 MB.

Recorded on the 2-CPU development container (Python 3.11, Pillow 13.0.0, libjpeg-turbo, libwebp
1.6.0), --runs 7:

    naive   906.7 ms CPU/photo  peak +132.6 MB  159+37+12 KB  PSNR 36.1 dB
    first   786.5 ms CPU/photo  peak +173.8 MB  139+35+12 KB  PSNR 35.9 dB
    ours    219.7 ms CPU/photo  peak  +37.3 MB  115+35+12 KB  PSNR 35.7 dB
    ratio  4.13x faster than naive, 3.58x than the first version
           (ours = inspect 27 ms + render 195 ms CPU; process RSS at peak 88 MB)

With the container busy (load average 11 on 2 CPUs): ours 233 ms CPU, 3.93x and 3.37x.
"""

import argparse
import io
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# The child processes run this file directly (``python bench/photo_pipeline.py --child``):
# sys.path[0] is then bench/, and ``trading_house`` imports ``config`` from the repository
# root, so the root goes on the path here, in every process (issue #18).
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WIDTHS = (400, 800, 1600)
MIN_RATIO = 3.0
MAX_PEAK_MB = 70.0


# --------------------------------------------------------------------------------------------
# The photo


def make_photo(width: int = 4000, height: int = 3000, seed: int = 7) -> bytes:
    """A photographic-like 12-MP JPEG with EXIF orientation 6 and GPS, quality 92."""
    from PIL import ExifTags, Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    colour = lambda: tuple(rnd.randrange(256) for _ in range(3))  # noqa: E731
    small = Image.new("RGB", (8, 6))
    small.putdata([tuple(rnd.randrange(30, 230) for _ in range(3)) for _ in range(48)])
    image = small.resize((width, height), Image.Resampling.BICUBIC)  # soft light and colour
    draw = ImageDraw.Draw(image)
    for _ in range(60):  # objects
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(40, 600)
        shape = draw.ellipse if rnd.random() < 0.5 else draw.rectangle
        shape((x - r, y - r // 2, x + r, y + r // 2), fill=colour())
    image = image.filter(ImageFilter.GaussianBlur(3))
    draw = ImageDraw.Draw(image)
    for _ in range(400):  # sharp edges and thin detail
        x, y = rnd.randrange(width), rnd.randrange(height)
        end = (x + rnd.randrange(-300, 300), y + rnd.randrange(-300, 300))
        draw.line((x, y, *end), fill=colour(), width=rnd.randrange(1, 4))
    grain = Image.effect_noise((width, height), 28).filter(ImageFilter.GaussianBlur(0.6))
    image = Image.blend(image, Image.merge("RGB", [grain] * 3), 0.3)  # luminance texture
    chroma = Image.merge("RGB", [Image.effect_noise((width, height), 12) for _ in range(3)])
    image = Image.blend(image, chroma, 0.1)  # sensor noise
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Bench Phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {1: "S", 2: (5.0, 8.0, 12.5), 3: "E", 4: (119.0, 25.0, 30.0)}  # Makassar
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# The pipelines (run in a child process)


def naive(data: bytes) -> dict[int, bytes]:
    """Full decode + Lanczos resize of the full image for every width + default WebP save."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:  # the upload: validate by decoding
        image.load()
    with Image.open(io.BytesIO(data)) as image:  # the job
        image = ImageOps.exif_transpose(image).convert("RGB")
        variants = {}
        for width in WIDTHS:
            size = (width, round(image.height * width / image.width))
            buffer = io.BytesIO()
            image.resize(size, Image.Resampling.LANCZOS).save(buffer, "WEBP")
            variants[width] = buffer.getvalue()
    return variants


def first_version(data: bytes) -> dict[int, bytes]:
    """The first ``core/images.py``: like naive, but ``thumbnail()`` (reducing_gap=2.0)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image.load()
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        variants = {}
        for width in WIDTHS:
            copy = image.copy()
            copy.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP")
            variants[width] = buffer.getvalue()
    return variants


def ours(data: bytes) -> dict[int, bytes]:
    from trading_house.core.images import inspect_upload, render_variants

    inspect_upload(data)
    return render_variants(data, WIDTHS)


PIPELINES = {"naive": naive, "first": first_version, "ours": ours}


def _timed(func, data: bytes) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    func(data)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _rss_now_kb() -> int | None:
    """The current resident set (Linux): the warm-up's freed memory does not hide our peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def child(pipeline: str, path: str, runs: int) -> None:
    import trading_house.core.images  # noqa: F401 - same imports (and baseline) for both

    func = PIPELINES[pipeline]
    func(make_photo(1200, 900))  # loads the lazily imported codecs before the baseline
    data = Path(path).read_bytes()
    base = _rss_now_kb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    variants = func(data)  # the first 12-MP photo: its peak memory (not timed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    samples = [_timed(func, data) for _ in range(runs)]
    tracemalloc.start()
    func(data)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    split = {}
    if pipeline == "ours":
        from trading_house.core.images import inspect_upload, render_variants

        for name, step in (("inspect", inspect_upload), ("render", render_variants)):
            split[name] = statistics.median(_timed(step, data)[1] for _ in range(runs))
    out = Path(path).with_suffix(f".{pipeline}")
    for width, content in variants.items():
        out.with_name(f"{out.name}-{width}.webp").write_bytes(content)
    result = {
        "wall": statistics.median(wall for wall, _ in samples),
        "cpu": statistics.median(cpu for _, cpu in samples),
        "cpu_runs": [round(cpu) for _, cpu in samples],
        "base_mb": base / 1024,
        "peak_mb": peak / 1024,
        "grow_mb": (peak - base) / 1024,
        "traced_mb": traced / 2**20,
        "kb": {w: len(c) // 1024 for w, c in variants.items()},
        "split": split,
    }
    print(json.dumps(result))


# --------------------------------------------------------------------------------------------
# The parent


def psnr(a, b) -> float:
    from PIL import ImageChops, ImageStat

    sum2 = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).sum2
    mse = sum(sum2) / (3 * a.width * a.height)
    return 10 * math.log10(255 * 255 / mse) if mse else math.inf


def quality(path: Path, pipeline: str) -> float:
    """PSNR of the 1600-px variant against a full decode + Lanczos resize, not encoded."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        reference = ImageOps.exif_transpose(image)
    with Image.open(path.with_name(f"{path.stem}.{pipeline}-1600.webp")) as variant:
        variant.load()
    return psnr(variant, reference.resize(variant.size, Image.Resampling.LANCZOS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed photos per pipeline")
    parser.add_argument("--child", choices=tuple(PIPELINES), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        Path(args.make).write_bytes(make_photo())
        return 0
    if args.child:
        child(args.child, args.file, args.runs)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "photo.jpg"
        # Made in a child too: ru_maxrss survives fork + exec, so this process must stay small.
        subprocess.run([sys.executable, __file__, "--make", str(path)], check=True, cwd=ROOT)  # noqa: S603
        print(f"photo: 4000x3000 JPEG q92, EXIF orientation 6 + GPS, {path.stat().st_size:,} bytes")
        results = {}
        for pipeline in PIPELINES:  # each in a fresh process: its own peak memory
            command = [sys.executable, __file__, "--child", pipeline, "--file", str(path)]
            done = subprocess.run(  # noqa: S603 - our own script
                [*command, "--runs", str(args.runs)],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            if done.returncode:
                print(done.stdout, done.stderr, file=sys.stderr)
                print(f"FAIL: the {pipeline} pipeline crashed", file=sys.stderr)
                return 1
            results[pipeline] = json.loads(done.stdout.strip().splitlines()[-1])
        for pipeline in results:
            results[pipeline]["psnr"] = quality(path, pipeline)

    for name, r in results.items():
        kb = "+".join(str(r["kb"][str(w)]) for w in sorted(WIDTHS, reverse=True))
        print(
            f"{name:6} {r['cpu']:6.1f} ms CPU ({r['wall']:6.1f} wall)/photo  "
            f"peak +{r['grow_mb']:5.1f} MB (RSS {r['peak_mb']:3.0f} MB, "
            f"tracemalloc {r['traced_mb']:.1f} MB)  {kb} KB  PSNR {r['psnr']:.1f} dB  "
            f"CPU ms {r['cpu_runs']}"
        )
    ours_cpu = results["ours"]["cpu"]
    ratios = {name: results[name]["cpu"] / ours_cpu for name in ("naive", "first")}
    split = results["ours"]["split"]
    print(
        f"ratio  {ratios['naive']:.2f}x faster than naive, {ratios['first']:.2f}x than "
        f"the first version  (ours = inspect {split['inspect']:.0f} ms "
        f"+ render {split['render']:.0f} ms CPU)"
    )
    failures = [
        f"only {ratio:.2f}x faster than {name} (< {MIN_RATIO})"
        for name, ratio in ratios.items()
        if ratio < MIN_RATIO
    ]
    if results["ours"]["grow_mb"] > MAX_PEAK_MB:
        failures.append(f"peak {results['ours']['grow_mb']:.1f} MB > {MAX_PEAK_MB} MB")
    if failures:
        print("FAIL: " + "; ".join(failures), file=sys.stderr)
        return 1
    print(f"OK: >= {MIN_RATIO}x faster and <= {MAX_PEAK_MB:.0f} MB peak per photo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
