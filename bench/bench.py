#!/usr/bin/env python3
"""make bench: imgpress against the reference tools from Debian, on the same real images, in one run.

A benchmark, not a test: it measures and prints, it asserts nothing. Results go to stdout and to
bench/results/latest.md. Quality is not equalised yet (see the README): byte ratios compare each
tool at the settings named in the table.

Sections
  1. Batch throughput: imgpress -j1 vs -jN on a folder of real photos (images/s, MB/s, scaling),
     and peak RSS for 1x and 4x as many files (memory must not grow with the file count).
  2. Per-format comparison with the reference tools: total output bytes and CPU-seconds (wall
     time, one file at a time) for each tool on the same inputs, as ratios imgpress/tool.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BINARY = ROOT / ".build" / "release" / "imgpress"

PHOTOS = [
    "exif-samples/DSCN0010-gps.jpg", "exif-samples/canon_hdr_NO-orient6.jpg", "exif-samples/iphone_hdr_YES.jpg",
    "exif-samples/jolla.jpg", "pillow/xmp_test.jpg", "pillow/icc_profile_big.jpg", "skimage/hubble_deep_field.jpg",
    "skimage/retina.jpg", "skimage/rocket.jpg", "pillow/flower.jpg", "pillow/flower2.jpg", "libvips/sample.jpg",
]
PNGS = [
    "skimage/astronaut.png", "skimage/coffee.png", "skimage/chelsea.png", "skimage/motorcycle_left.png",
    "skimage/logo.png", "skimage/horse.png", "skimage/color.png", "skimage/text.png", "skimage/page.png",
    "pillow/pil123rgba.png", "libvips/rgba.png", "libvips/indexed.png",
]


def run_measured(command, cwd=None, stdin=None, stdout=subprocess.DEVNULL):
    """Runs a command; returns (seconds, peak RSS in KiB, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def folder_bytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def copy_set(names, target, copies=1):
    target.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for name in names:
            source = CORPUS / name
            shutil.copy(source, target / f"{copy:03d}-{source.name}")
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
        lines.append(f"| -j{jobs} | {seconds:.2f} | {count / seconds:.1f} | {megabytes / seconds:.1f} | {rss / 1024:.0f} MiB |")
    scaling = results[1][0] / results[cores][0]
    lines.append("")
    lines.append(f"Scaling -j1 → -j{cores}: **{scaling:.2f}×**. Peak RSS at -j{cores}: {results[cores][1] / 1024:.0f} MiB "
                 f"for {count} files, {rss_many / 1024:.0f} MiB for {count * 4} files.\n")


def tool_total(command_for, inputs, out):
    """Runs command_for(input, output) per file; returns (total output bytes, seconds)."""
    out.mkdir(parents=True, exist_ok=True)
    total_seconds = 0.0
    for source in inputs:
        target = out / source.name
        command, stdin_path, stdout_path = command_for(source, target)
        stdin = open(stdin_path, "rb") if stdin_path else None
        stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        seconds, _, _ = run_measured(command, stdin=stdin, stdout=stdout)
        total_seconds += seconds
        for handle in (stdin, stdout):
            if handle not in (None, subprocess.DEVNULL):
                handle.close()
    return folder_bytes(out), total_seconds


def imgpress_total(inputs, out, arguments, rename=None):
    """imgpress one file at a time (-j1 per process), like the reference tools."""
    def command(source, target):
        if rename:
            target = target.with_suffix(rename)
        return [BINARY, source, "-o", target, "--quiet", *arguments], None, None
    return tool_total(command, inputs, out)


def comparison_section(work, lines):
    photos = sorted(copy_set(PHOTOS, work / "cmp-photos").iterdir())
    pngs = sorted(copy_set(PNGS, work / "cmp-pngs").iterdir())
    photo_bytes = sum(p.stat().st_size for p in photos)
    png_bytes = sum(p.stat().st_size for p in pngs)

    def ppm_then(command):
        # cjpeg reads PPM: decode first (djpeg), then time only the encoder, as imgpress's time includes decoding.
        def build(source, target):
            ppm = work / "ppm" / source.with_suffix(".ppm").name
            ppm.parent.mkdir(exist_ok=True)
            subprocess.run(["djpeg", "-outfile", ppm, source], check=True, stderr=subprocess.DEVNULL)
            return command(ppm, target), None, None
        return build

    def jpegoptim(extra):
        def build(source, target):
            shutil.copy(source, target)
            return ["jpegoptim", "--quiet", "--strip-all", *extra, target], None, None
        return build

    rows = []
    def compare(label, ours, reference, tool, input_bytes):
        (our_bytes, our_seconds), (ref_bytes, ref_seconds) = ours, reference
        rows.append(f"| {label} | {tool} | {input_bytes / 1e6:.2f} MB | {our_bytes / 1e6:.2f} MB | "
                    f"{ref_bytes / 1e6:.2f} MB | **{our_bytes / ref_bytes:.3f}** | {our_seconds:.2f} s | "
                    f"{ref_seconds:.2f} s | **{our_seconds / ref_seconds:.2f}** |")

    ours = imgpress_total(photos, work / "o-jpeg", ["-q", "80"])
    compare("JPEG q80", ours, tool_total(ppm_then(lambda ppm, t: ["cjpeg", "-quality", "80", "-optimize", "-progressive",
                                                                  "-outfile", t, ppm]), photos, work / "r-cjpeg"),
            "djpeg + cjpeg -quality 80 -optimize -progressive", photo_bytes)
    compare("JPEG q80", ours, tool_total(jpegoptim(["--max=80"]), photos, work / "r-jpegoptim-80"),
            "jpegoptim --max=80 --strip-all", photo_bytes)
    ours = imgpress_total(photos, work / "o-jpeg-lossless", ["--lossless"])
    compare("JPEG lossless", ours, tool_total(
        lambda s, t: (["jpegtran", "-copy", "none", "-optimize", "-progressive", "-outfile", t, s], None, None),
        photos, work / "r-jpegtran"), "jpegtran -copy none -optimize -progressive", photo_bytes)
    compare("JPEG lossless", ours, tool_total(jpegoptim([]), photos, work / "r-jpegoptim"),
            "jpegoptim --strip-all", photo_bytes)
    ours = imgpress_total(pngs, work / "o-png", [])
    compare("PNG lossless", ours, tool_total(
        lambda s, t: (["optipng", "-quiet", "-o2", "-strip", "all", "-out", t, s], None, None), pngs, work / "r-optipng"),
        "optipng -o2 -strip all", png_bytes)
    ours = imgpress_total(pngs, work / "o-webp", ["-f", "webp", "-q", "80"], rename=".webp")
    compare("PNG → WebP q80", ours, tool_total(
        lambda s, t: (["cwebp", "-quiet", "-q", "80", "-metadata", "none", s, "-o", t.with_suffix(".webp")], None, None),
        pngs, work / "r-cwebp"), "cwebp -q 80", png_bytes)
    ours = imgpress_total(pngs, work / "o-webp-lossless", ["-f", "webp", "--lossless"], rename=".webp")
    compare("PNG → WebP lossless", ours, tool_total(
        lambda s, t: (["cwebp", "-quiet", "-lossless", "-exact", "-metadata", "none", s, "-o", t.with_suffix(".webp")],
                      None, None), pngs, work / "r-cwebp-lossless"), "cwebp -lossless -exact", png_bytes)
    pngquant_bytes, pngquant_seconds = tool_total(
        lambda s, t: (["pngquant", "--force", "--output", t, "--", s], None, None), pngs, work / "r-pngquant")

    lines.append(f"### Against the reference tools ({len(photos)} photos, {len(pngs)} PNGs; one file per process)\n")
    lines.append("| task | reference tool | input | imgpress | reference | bytes ratio | imgpress time | "
                 "reference time | time ratio |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines.extend(rows)
    lines.append("")
    lines.append(f"Lossy PNG (pngquant, default settings) for reference: {pngquant_bytes / 1e6:.2f} MB from "
                 f"{png_bytes / 1e6:.2f} MB in {pngquant_seconds:.2f} s; imgpress has no lossy PNG mode yet.")
    lines.append("Ratios below 1 favour imgpress. Quality is not matched between tools: the lossy rows compare "
                 "nominal quality settings, not equal visual quality. imgpress keeps ICC profiles (and a minimal "
                 "EXIF orientation tag on lossless JPEG) where the reference commands strip everything, so its "
                 "bytes include those.\n")


def main():
    if not BINARY.exists():
        sys.exit("bench: build the release binary first (make release)")
    if not (CORPUS / "SOURCES.md").exists():
        sys.exit(f"bench: the developer corpus is missing at {CORPUS}")
    lines = [f"## imgpress {subprocess.run([BINARY, '--version'], capture_output=True, text=True).stdout.strip()} "
             f"benchmark, {time.strftime('%Y-%m-%d')}\n",
             f"Command: `make bench` on {os.cpu_count()} cores; images from ../shared/corpus (see its SOURCES.md).\n"]
    with tempfile.TemporaryDirectory(prefix="imgpress-bench-") as folder:
        work = Path(folder)
        batch_section(work, lines)
        comparison_section(work, lines)
    text = "\n".join(lines) + "\n"
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.md").write_text(text)


if __name__ == "__main__":
    main()
