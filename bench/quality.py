"""Visual quality of an output against its reference, by tools independent of imgpress:
SSIMULACRA2 (the ssimulacra2 package) and butteraugli (Debian's butteraugli)."""
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from ssimulacra2 import compute_ssimulacra2


def _as_png(path, folder, role):
    """Any output as plain RGB PNG, which both metrics read. Transparent images are composited
    over mid gray first (as SSIMULACRA2's own tool does), so the invisible colour under
    transparent pixels does not count."""
    target = Path(folder) / f"{role}.png"
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
        gray = Image.new("RGBA", rgba.size, (128, 128, 128, 255))
        Image.alpha_composite(gray, rgba).convert("RGB").save(target)
    return target


def ssimulacra2(reference, distorted):
    with tempfile.TemporaryDirectory() as folder:
        return float(compute_ssimulacra2(str(_as_png(reference, folder, "reference")),
                                         str(_as_png(distorted, folder, "distorted"))))


def butteraugli(reference, distorted):
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(["butteraugli", _as_png(reference, folder, "reference"),
                                 _as_png(distorted, folder, "distorted")],
                                capture_output=True, text=True)
        try:
            return float(result.stdout.strip().splitlines()[0])
        except (ValueError, IndexError):
            return None
