#!/usr/bin/env python3
"""make bench: imgpress against the reference tools on the same real images, in one run.

A benchmark, not a test: it measures and reports, it asserts nothing. Output goes to stdout and
bench/results/latest.md; the README carries the headline numbers.

Sections
  1. Batch throughput: imgpress -j1 vs -jN on a folder of real photos, and peak RSS for 1x and 4x
     as many files (memory must not grow with the file count).
  2. Lossy JPEG and WebP: a quality sweep per encoder on lossless reference photos; bytes, time,
     SSIMULACRA2 and butteraugli (independent tools); BD-rate of imgpress at equal SSIMULACRA2.
  3. PNG lossless (vs oxipng, optipng), PNG lossy (vs pngquant), JPEG lossless (vs jpegtran,
     jpegoptim): bytes and time.
Set BENCH_QUICK=1 to skip the sweeps (sections 1 and 3 only).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BINARY, CORPUS, PHOTOS, ROOT, folder_bytes, run_measured, source  # noqa: E402
import encoders  # noqa: E402
import lossless  # noqa: E402
import sweeps  # noqa: E402


def copy_set(names, target, copies=1):
    target.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for name in names:
            shutil.copy(source(name), target / f"{copy:03d}-{source(name).name}")
    return target


def batch_section(work, lines):
    photos = copy_set(PHOTOS, work / "photos", copies=4)
    count = len(list(photos.iterdir()))
    megabytes = folder_bytes(photos) / 1e6
    cores = os.cpu_count() or 1
    results = {}
    for jobs in (1, cores):
        out = work / f"batch-j{jobs}"
        seconds, rss, _ = run_measured([BINARY, "-r", photos, "-o", out, "-j", str(jobs), "--quiet"])
        results[jobs] = (seconds, rss)
        shutil.rmtree(out)
    many = copy_set(PHOTOS, work / "photos-4x", copies=16)
    _, rss_many, _ = run_measured([BINARY, "-r", many, "-o", work / "many-out", "-j", str(cores), "--quiet"])
    shutil.rmtree(work / "many-out")
    lines.append(f"### Batch throughput ({count} real photos, {megabytes:.1f} MB, {cores} cores)\n")
    lines.append("| workers | seconds | images/s | MB/s | peak RSS |")
    lines.append("| ---: | ---: | ---: | ---: | ---: |")
    for jobs, (seconds, rss) in results.items():
        lines.append(f"| -j{jobs} | {seconds:.2f} | {count / seconds:.1f} | {megabytes / seconds:.1f} | "
                     f"{rss / 1024:.0f} MiB |")
    scaling = results[1][0] / results[cores][0]
    lines.append("")
    lines.append(f"Scaling -j1 → -j{cores}: **{scaling:.2f}×**. Peak RSS at -j{cores}: {results[cores][1] / 1024:.0f} "
                 f"MiB for {count} files, {rss_many / 1024:.0f} MiB for {count * 4} files.\n")


def jpeg_sweep(work, lines):
    results = sweeps.sweep(encoders.JPEG_ENCODERS, "jpg", work)
    sweeps.report("Lossy JPEG", results, lines)
    sweeps.one_process_per_quality(results, work, lines)


def main():
    if not BINARY.exists():
        sys.exit("bench: build the release binary first (make release)")
    if not (CORPUS / "SOURCES.md").exists():
        sys.exit(f"bench: the developer corpus is missing at {CORPUS}")
    version = subprocess.run([BINARY, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [f"## imgpress {version} benchmark, {time.strftime('%Y-%m-%d')}\n",
             f"Command: `make bench` on {os.cpu_count()} cores; images from ../shared/corpus (see its "
             f"SOURCES.md). {encoders.pngquant_version() and 'pngquant ' + encoders.pngquant_version()}.\n"]
    with tempfile.TemporaryDirectory(prefix="imgpress-bench-") as folder:
        work = Path(folder)
        sections = [("batch", lambda: batch_section(work, lines))]
        if not os.environ.get("BENCH_QUICK"):
            sections += [
                ("JPEG sweep", lambda: jpeg_sweep(work, lines)),
                ("JPEG held-out photos", lambda: sweeps.held_out(
                    {"MozJPEG (libvips, trellis, quant_table=3)": encoders.mozjpeg, "imgpress": encoders.imgpress("jpeg")},
                    work, lines)),
                ("JPEG large photo", lambda: sweeps.large_photo_speed(encoders.JPEG_ENCODERS, work, lines)),
                ("WebP sweep", lambda: sweeps.report(
                    "Lossy WebP", sweeps.sweep(encoders.WEBP_ENCODERS, "webp", work), lines)),
            ]
        sections += [
            ("PNG lossless", lambda: lossless.png_lossless(work, lines)),
            ("PNG lossy", lambda: lossless.png_lossy(work, lines)),
            ("JPEG lossless", lambda: lossless.jpeg_lossless(work, lines)),
        ]
        for name, run in sections:
            print(f"bench: {name}...", file=sys.stderr, flush=True)
            run()
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.md").write_text(text)


if __name__ == "__main__":
    main()
