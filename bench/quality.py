"""Visual quality of an output against its reference, by tools independent of imgpress:
SSIMULACRA2 (the ssimulacra2 package) and butteraugli (Debian's butteraugli)."""
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from ssimulacra2 import compute_ssimulacra2


def _as_png(path, folder, role):
    """WebP and palette outputs as plain RGB PNG, which both metrics read."""
    target = Path(folder) / f"{role}.png"
    with Image.open(path) as image:
        image.convert("RGB").save(target)
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
