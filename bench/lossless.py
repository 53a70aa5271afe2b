"""Lossless PNG and JPEG optimizers, and lossy PNG: bytes and time against the peers."""
import statistics
import subprocess
from pathlib import Path

import oxipng

from common import BINARY, PHOTOS, PNGS, folder_bytes, run_measured, source, timed
from quality import ssimulacra2


def _per_file(inputs, out, command_for):
    """Runs command_for(input, output) for each file; returns (total bytes, seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    seconds = 0.0
    for name in inputs:
        path = source(name)
        command = command_for(path, out / path.name)
        if callable(command):
            seconds += timed(command)
        else:
            seconds += run_measured(command)[0]
    return folder_bytes(out), seconds


def _oxipng(level):
    def command_for(path, target):
        def run():
            target.write_bytes(oxipng.optimize_from_memory(path.read_bytes(), level=level,
                                                           strip=oxipng.StripChunks.safe()))
        return run
    return command_for


def _imgpress(*arguments):
    return lambda path, target: [BINARY, path, "-o", target, "--force", "--quiet", "-j", "1", *arguments]


def _one_process(inputs, out, *arguments):
    """All the inputs in one imgpress run into a folder (-j 1: one file after another, as a run on a
    folder goes); returns (total bytes, seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    seconds, _, status = run_measured([BINARY, *[source(name) for name in inputs], "-o", f"{out}/", "--force",
                                       "--quiet", "-j", "1", *arguments])
    assert status == 0, "imgpress failed on the bench's PNGs"
    return folder_bytes(out), seconds


def png_lossless(work, lines):
    inputs = sum(source(n).stat().st_size for n in PNGS)
    rows = {
        "imgpress -O 2": _per_file(PNGS, work / "p-i2", _imgpress("-O", "2")),
        "imgpress (default -O 3)": _per_file(PNGS, work / "p-i3", _imgpress()),
        "imgpress (default -O 3), one process for all": _one_process(PNGS, work / "p-i3-one"),
        "imgpress -O 4": _per_file(PNGS, work / "p-i4", _imgpress("-O", "4")),
        "oxipng -o2": _per_file(PNGS, work / "p-o2", _oxipng(2)),
        "oxipng -o4": _per_file(PNGS, work / "p-o4", _oxipng(4)),
        "optipng -o2": _per_file(PNGS, work / "p-opt", lambda p, t: ["optipng", "-quiet", "-o2", "-strip", "all",
                                                                    "-out", t, p]),
        "imgpress -O 5 (zopfli)": _per_file(PNGS, work / "p-i5", _imgpress("-O", "5")),
        "zopflipng -y (defaults)": _per_file(PNGS, work / "p-z", lambda p, t: ["zopflipng", "-y", p, t]),
    }
    reference_bytes, reference_seconds = rows["oxipng -o4"][0], rows["oxipng -o2"][1]
    lines.append(f"### PNG lossless ({len(PNGS)} PNGs, photos and graphics, {inputs / 1e6:.2f} MB)\n")
    lines.append("| tool | bytes | vs oxipng -o4 bytes | seconds | vs oxipng -o2 time |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for tool, (size, seconds) in rows.items():
        lines.append(f"| {tool} | {size:,} | {size / reference_bytes:.4f} | {seconds:.2f} | "
                     f"{seconds / reference_seconds:.2f} |")
    lines.append("\noxipng runs in-process (pyoxipng, no process start-up); imgpress and optipng are timed as "
                 f"whole processes, one file each, and imgpress once more as one process for the {len(PNGS)} files. "
                 "imgpress keeps ICC profiles (as the sRGB chunk when they are sRGB); oxipng's `safe` strip keeps "
                 "them too.\n")


def png_lossy(work, lines):
    rows = {}
    for tool, command_for in {
        "imgpress --lossy": _imgpress("--lossy"),
        "pngquant (defaults)": lambda p, t: ["pngquant", "--force", "--output", t, "--", p],
    }.items():
        size, seconds = _per_file(PNGS, work / f"q-{len(rows)}", command_for)
        scores = [ssimulacra2(source(n), work / f"q-{len(rows)}" / source(n).name) for n in PNGS]
        rows[tool] = (size, seconds, statistics.median(scores), min(scores))
    lines.append(f"### PNG lossy ({len(PNGS)} PNGs)\n")
    lines.append("| tool | bytes | median SSIMULACRA2 | lowest SSIMULACRA2 | seconds |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for tool, (size, seconds, score, lowest) in rows.items():
        lines.append(f"| {tool} | {size:,} | {score:.1f} | {lowest:.1f} | {seconds:.2f} |")
    ours, theirs = rows["imgpress --lossy"], rows["pngquant (defaults)"]
    lines.append(f"\nimgpress/pngquant bytes: **{ours[0] / theirs[0]:.3f}** at median SSIMULACRA2 {ours[2]:.1f} vs "
                 f"{theirs[2]:.1f} (both use libimagequant at its default quality range and speed 4; images with "
                 f"alpha are scored over mid gray). Images with at most 256 colours are stored exactly by imgpress "
                 f"(score 100), re-quantized by pngquant.\n")


def jpeg_lossless(work, lines):
    inputs = sum(source(n).stat().st_size for n in PHOTOS)
    def jpegoptim(path, target):
        target.write_bytes(path.read_bytes())
        return ["jpegoptim", "--quiet", "--strip-all", target]
    rows = {
        "imgpress --lossless -O 2 (libjpeg's scan script)": _per_file(
            PHOTOS, work / "j-i2", _imgpress("--lossless", "-O", "2", "--keep-metadata", "none")),
        "imgpress --lossless (default -O 3: 17 scan layouts estimated, best written)": _per_file(
            PHOTOS, work / "j-i3", _imgpress("--lossless", "--keep-metadata", "none")),
        "imgpress --lossless -O 4 (and libjpeg's script written to compete)": _per_file(
            PHOTOS, work / "j-i4", _imgpress("--lossless", "-O", "4", "--keep-metadata", "none")),
        "jpegtran -copy none -optimize -progressive": _per_file(
            PHOTOS, work / "j-t", lambda p, t: ["jpegtran", "-copy", "none", "-optimize", "-progressive",
                                                "-outfile", t, p]),
        "jpegoptim --strip-all": _per_file(PHOTOS, work / "j-o", jpegoptim),
    }
    reference = rows["jpegtran -copy none -optimize -progressive"]
    lines.append(f"### JPEG lossless ({len(PHOTOS)} photos, {inputs / 1e6:.2f} MB)\n")
    lines.append("| tool | bytes | vs jpegtran bytes | seconds | vs jpegtran time |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for tool, (size, seconds) in rows.items():
        lines.append(f"| {tool} | {size:,} | {size / reference[0]:.4f} | {seconds:.2f} | {seconds / reference[1]:.2f} |")
    lines.append("\nimgpress keeps the EXIF Orientation tag of rotated photos on the lossless path (a few bytes). "
                 "MozJPEG's jpegtran is not packaged in Debian or PyPI, so it is not measured here.\n")
