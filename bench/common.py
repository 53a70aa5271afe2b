"""Paths, image sets and process timing shared by the bench sections."""
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BINARY = ROOT / ".build" / "release" / "imgpress"

# Photos as JPEG (lossless re-optimization, batch throughput).
PHOTOS = [
    "exif-samples/DSCN0010-gps.jpg", "exif-samples/canon_hdr_NO-orient6.jpg", "exif-samples/iphone_hdr_YES.jpg",
    "exif-samples/jolla.jpg", "pillow/xmp_test.jpg", "pillow/icc_profile_big.jpg", "skimage/hubble_deep_field.jpg",
    "skimage/retina.jpg", "skimage/rocket.jpg", "pillow/flower.jpg", "pillow/flower2.jpg", "libvips/sample.jpg",
]
# Photos stored losslessly: the references every lossy encoder starts from, so quality is
# measured against the true picture.
REFERENCES = [
    "skimage/astronaut.png", "skimage/coffee.png", "skimage/chelsea.png", "skimage/motorcycle_left.png",
    "libvips/sample.png", "pillow/hopper.png",
]
# Photos the coder's settings were never tuned on, to check that a gain on REFERENCES holds
# elsewhere: lossless ones as they are, and JPEG photos decoded and shrunk to about 800 pixels
# (which averages their compression artefacts away).
HELD_OUT_LOSSLESS = ["skimage/ihc.png", "libjpeg-turbo/monkey16.png", "skimage/camera.png", "skimage/coins.png",
                     "skimage/grass.png"]
HELD_OUT_SHRUNK = ["exif-samples/jolla.jpg", "skimage/rocket.jpg", "pillow/flower.jpg",
                   "exif-samples/DSCN0010-gps.jpg"]
# PNGs: photos and graphics (logos, text, palettes, alpha).
PNGS = [
    "skimage/astronaut.png", "skimage/coffee.png", "skimage/chelsea.png", "skimage/motorcycle_left.png",
    "skimage/logo.png", "skimage/horse.png", "skimage/color.png", "skimage/text.png", "skimage/page.png",
    "pillow/pil123rgba.png", "libvips/rgba.png", "libvips/indexed.png",
]
FIXTURE_PNGS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "Fixtures" / "png").glob("*.png"))


def source(name):
    """A corpus path, or a path relative to the repository (Fixtures/...)."""
    return ROOT / name if name.startswith("Fixtures/") else CORPUS / name


def run_measured(command, cwd=None):
    """Runs a command; returns (seconds, peak RSS in KiB, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
