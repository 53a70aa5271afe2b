"""Lossy encoders swept over quality settings on the reference photos: bytes, time, SSIMULACRA2
for every point, butteraugli at quality 80, and BD-rate of imgpress against each peer."""
import statistics
from pathlib import Path

from bdrate import bd_rate
from PIL import Image

from common import BINARY, HELD_OUT_LOSSLESS, HELD_OUT_SHRUNK, REFERENCES, run_measured, source
from quality import butteraugli, ssimulacra2

QUALITIES = [50, 60, 70, 80, 90, 95]


def sweep(encoders, extension, work, references=REFERENCES, with_butteraugli=True):
    """{tool: {image: [(quality setting, bytes, seconds, ssimulacra2, butteraugli or None)]}}"""
    results = {}
    for tool, encode in encoders.items():
        per_image = results.setdefault(tool, {})
        for name in references:
            reference = source(name)
            points = per_image.setdefault(name, [])
            for quality in QUALITIES:
                out = work / f"{abs(hash(tool))}-{reference.stem}-{quality}.{extension}"
                seconds = encode(reference, quality, out)
                score = ssimulacra2(reference, out)
                distance = butteraugli(reference, out) if quality == 80 and with_butteraugli else None
                points.append((quality, out.stat().st_size, seconds, score, distance))
    return results


def report(title, results, lines):
    ours = results["imgpress"]
    lines.append(f"### {title}: quality sweep {QUALITIES[0]}-{QUALITIES[-1]} on {len(REFERENCES)} lossless photos\n")
    lines.append("| encoder | bytes at q80 | SSIMULACRA2 at q80 | butteraugli at q80 | time, whole sweep | "
                 "imgpress BD-rate vs it (equal SSIMULACRA2) | imgpress time ratio |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    our_seconds = sum(p[2] for points in ours.values() for p in points)
    for tool, per_image in results.items():
        at80 = [next(p for p in points if p[0] == 80) for points in per_image.values()]
        seconds = sum(p[2] for points in per_image.values() for p in points)
        rates = [bd_rate([(p[1], p[3]) for p in ours[name]], [(p[1], p[3]) for p in per_image[name]])
                 for name in per_image]
        rates = [r for r in rates if r is not None]
        bd = "—" if tool == "imgpress" else (f"**{statistics.mean(rates) * 100:+.1f} %**" if rates else "n/a")
        distances = [p[4] for p in at80 if p[4] is not None]
        lines.append(f"| {tool} | {sum(p[1] for p in at80):,} | {statistics.mean(p[3] for p in at80):.1f} | "
                     f"{statistics.mean(distances):.2f} | {seconds:.2f} s | {bd} | "
                     f"{'—' if tool == 'imgpress' else f'{our_seconds / seconds:.2f}'} |")
    lines.append("")
    lines.append("BD-rate: imgpress's bytes at equal SSIMULACRA2, relative to the tool (negative: imgpress is "
                 "smaller), averaged over the photos. Scores come from the ssimulacra2 and butteraugli tools, "
                 "never from imgpress.\n")


def one_process_per_quality(results, work, lines, peer="MozJPEG (libvips, trellis, quant_table=3)"):
    """The JPEG sweep again, one imgpress process per quality for all the photos in a row (-j 1), as
    a run on a folder goes: start-up (about 5 ms) is paid once per quality instead of once per photo.
    The files must be the sweep's, byte for byte."""
    seconds = 0.0
    for quality in QUALITIES:
        folder = work / f"one-process-q{quality}"
        folder.mkdir()
        elapsed, _, status = run_measured([BINARY, *[source(name) for name in REFERENCES], "-f", "jpeg", "-q", quality,
                                           "-o", f"{folder}/", "--force", "--quiet", "--keep-metadata", "none",
                                           "-j", "1"])
        assert status == 0, "imgpress failed on the sweep's photos"
        seconds += elapsed
        for name in REFERENCES:
            stem = source(name).stem
            swept = work / f"{abs(hash('imgpress'))}-{stem}-{quality}.jpg"
            assert (folder / f"{stem}.jpg").read_bytes() == swept.read_bytes(), f"{stem} q{quality} differs"
    peer_seconds = sum(p[2] for points in results[peer].values() for p in points)
    lines.append(f"The same sweep with one imgpress process per quality, the {len(REFERENCES)} photos in a row "
                 f"(`-j 1`, as a run on a folder goes; the same files byte for byte): {seconds:.2f} s, time ratio "
                 f"**{seconds / peer_seconds:.2f}** against {peer}. The table starts a process for every photo "
                 "(start-up, the durable write and a fresh process's first-time costs, about 8-9 ms each), "
                 "where MozJPEG and jpegli run inside the benchmark's process.\n")


LARGE_PHOTO = "exif-samples/jolla.jpg"


def large_photo_speed(encoders, work, lines):
    """Encoding time at quality 80 of one 8-megapixel photo (the corpus JPEG decoded to PNG), best of
    three runs per encoder: the sweep's small photos are dominated by process start-up."""
    reference = work / "large-photo.png"
    Image.open(source(LARGE_PHOTO)).convert("RGB").save(reference)
    width, height = Image.open(reference).size
    times = {}
    for tool, encode in encoders.items():
        out = work / f"large-{abs(hash(tool))}.jpg"
        times[tool] = (min(encode(reference, 80, out) for _ in range(3)), out.stat().st_size)
    ours = times["imgpress"][0]
    lines.append(f"### Lossy JPEG speed on one large photo ({width}x{height}, q80, best of 3)\n")
    lines.append("| encoder | seconds | bytes | imgpress time ratio |")
    lines.append("| --- | ---: | ---: | ---: |")
    for tool, (seconds, size) in times.items():
        lines.append(f"| {tool} | {seconds:.3f} | {size:,} | {'—' if tool == 'imgpress' else f'{ours / seconds:.2f}'} |")
    lines.append("\nimgpress and the command-line tools are timed as whole processes, PNG decoding included; "
                 "MozJPEG and jpegli in-process, decoding included.\n")


def held_out(encoders, work, lines):
    """BD-rate of imgpress against each of `encoders` on the held-out photos (common.py)."""
    folder = work / "held-out"
    folder.mkdir(exist_ok=True)
    references = [str(source(name)) for name in HELD_OUT_LOSSLESS]
    for name in HELD_OUT_SHRUNK:
        image = Image.open(source(name)).convert("RGB")
        factor = max(1, round(max(image.size) / 800))
        target = folder / (source(name).stem + ".png")
        image.resize((image.width // factor, image.height // factor), Image.LANCZOS).save(target)
        references.append(str(target))
    results = sweep(encoders, "jpg", folder, references, with_butteraugli=False)
    ours = results["imgpress"]
    for tool, per_image in results.items():
        if tool == "imgpress":
            continue
        named = [(Path(n).stem, bd_rate([(p[1], p[3]) for p in ours[n]], [(p[1], p[3]) for p in per_image[n]]))
                 for n in per_image]
        named = [(n, r) for n, r in named if r is not None]
        rates = [r for _, r in named]
        lines.append(f"Held-out check, {len(references)} photos the coder was not tuned on (5 lossless, 4 JPEG "
                     f"photos shrunk to about 800 pixels): imgpress BD-rate vs {tool} "
                     f"**{statistics.mean(rates) * 100:+.1f} %** (per photo: "
                     f"{', '.join(f'{n} {r * 100:+.1f}' for n, r in named)}).\n")
