#!/bin/sh
# Regenerates every "made" fixture in this folder (see README.md) from the
# copied ones, so that their provenance is reproducible.
#
#   sh Fixtures/make-derived.sh            # from anywhere
#   CORPUS=/path/to/corpus sh make-derived.sh
#
# Two made files are derived from corpus images that are not themselves
# kept in Fixtures/ (jpeg/restart.jpg from pillow/flower2.jpg, and
# jpeg/progressive.jpg from libjpeg-turbo/testimgint.jpg); those two steps
# read from $CORPUS (default /work/shared/corpus) and are skipped with a
# warning if it is not there. Everything else uses only files in Fixtures/.
#
# Needs: djpeg, cjpeg, jpegtran (libjpeg-turbo), cwebp, dwebp, img2webp
# (libwebp), python3 (standard library only). Made with libjpeg-turbo 2.1.5
# and libwebp 1.2.4 (Debian); other versions may give different bytes.
set -eu

cd "$(dirname "$0")"
CORPUS="${CORPUS:-/work/shared/corpus}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p jpeg png webp bad

# ---------------------------------------------------------------- JPEG
if [ -r "$CORPUS/pillow/flower2.jpg" ] && [ -r "$CORPUS/libjpeg-turbo/testimgint.jpg" ]; then
    # Baseline JPEG with a restart interval of 2 MCU rows (DRI + RSTn markers).
    djpeg "$CORPUS/pillow/flower2.jpg" > "$TMP/flower2.ppm"
    cjpeg -quality 90 -restart 2 -outfile jpeg/restart.jpg "$TMP/flower2.ppm"
    # Progressive JPEG: lossless transcode of the IJG test image (same DCT
    # coefficients, SOF2 + several scans).
    jpegtran -copy all -progressive -outfile jpeg/progressive.jpg \
        "$CORPUS/libjpeg-turbo/testimgint.jpg"
else
    echo "warning: $CORPUS not readable; jpeg/restart.jpg and jpeg/progressive.jpg not regenerated" >&2
fi

# ---------------------------------------------------------------- WebP
cwebp -quiet -q 75 png/hopper.png -o webp/lossy.webp
cwebp -quiet -lossless png/hopper.png -o webp/lossless.webp
cwebp -quiet -q 80 png/rgba.png -o webp/alpha.webp
cwebp -quiet -lossless -exact png/horse.png -o webp/alpha-lossless.webp

# Animated WebP, 3 lossy frames: hopper, hopper mirrored left-right, hopper
# colour-inverted. (Identical frames would be merged by the animation encoder,
# so the frames must differ.) The pixels come from the lossless WebP, which
# holds exactly the pixels of png/hopper.png.
dwebp -quiet webp/lossless.webp -ppm -o "$TMP/hopper.ppm"
python3 - "$TMP" <<'EOF'
import sys
tmp = sys.argv[1]
data = open(tmp + "/hopper.ppm", "rb").read()
# P6 header: magic, width, height, maxval, then one whitespace byte
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    start = pos
    while not data[pos:pos + 1].isspace():
        pos += 1
    fields.append(data[start:pos])
pos += 1
assert fields[0] == b"P6" and fields[3] == b"255", fields
w, h = int(fields[1]), int(fields[2])
px = data[pos:pos + w * h * 3]
assert len(px) == w * h * 3
header = b"P6\n%d %d\n255\n" % (w, h)
rows = [px[y * w * 3:(y + 1) * w * 3] for y in range(h)]
mirror = b"".join(
    b"".join(r[x * 3:x * 3 + 3] for x in reversed(range(w))) for r in rows)
negative = bytes(255 - b for b in px)
open(tmp + "/mirror.ppm", "wb").write(header + mirror)
open(tmp + "/negative.ppm", "wb").write(header + negative)
EOF
img2webp -loop 0 -lossy -q 75 -d 300 \
    png/hopper.png "$TMP/mirror.ppm" "$TMP/negative.ppm" -o unsupported/animated.webp

# ---------------------------------------------------------------- bad/
# PNG whose IDAT CRC does not match: one byte in the middle of png/hopper.png's
# IDAT data XORed with 0xFF, CRC left as it was.
python3 - <<'EOF'
import struct
d = bytearray(open("png/hopper.png", "rb").read())
pos = 8
while True:
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    if t == b"IDAT":
        d[pos + 8 + n // 2] ^= 0xFF
        break
    pos += 12 + n
open("bad/bad-crc.png", "wb").write(d)
EOF

# 4096 bytes of seeded pseudo-random data, starting with no known image magic.
python3 - <<'EOF'
import random
data = random.Random(1234).randbytes(4096)
magics = [b"\x89PNG", b"\xff\xd8", b"RIFF", b"GIF8", b"BM", b"II*\x00",
          b"MM\x00*", b"\x00\x00\x00\x0cjP", b"\x00\x00\x00", b"8BPS",
          b"\xff\x0a", b"P1", b"P2", b"P3", b"P4", b"P5", b"P6", b"P7"]
assert not any(data.startswith(m) for m in magics), data[:8].hex()
open("bad/random.bin", "wb").write(data)
EOF

# Lossy WebP cut to 60 % of its bytes (RIFF size now larger than the file).
size=$(wc -c < webp/lossy.webp)
head -c $((size * 60 / 100)) webp/lossy.webp > bad/truncated.webp

# bad/truncated.png: the first half of png/hopper.png (ends inside IDAT, no IEND).
size=$(wc -c < png/hopper.png)
head -c $((size / 2)) png/hopper.png > bad/truncated.png

# PNG that declares 100000 x 100000 8-bit RGB (about 30 GB decoded), with
# correct CRCs, a tiny IDAT (zlib of 16 zero bytes) and IEND.
python3 - <<'EOF'
import struct, zlib
def chunk(t, body):
    return struct.pack(">I", len(body)) + t + body + struct.pack(">I", zlib.crc32(t + body))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(bytes(16), 9))
       + chunk(b"IEND", b""))
open("bad/huge-dimensions.png", "wb").write(png)
EOF

# jpeg/hopper.jpg with its SOF0/SOF2 frame header patched to 65000 x 65000.
python3 - <<'EOF'
import struct
d = bytearray(open("jpeg/hopper.jpg", "rb").read())
pos = 2
while True:
    assert d[pos] == 0xFF, "marker expected at %d" % pos
    m = d[pos + 1]
    seglen = struct.unpack(">H", d[pos + 2:pos + 4])[0]
    if m in (0xC0, 0xC2):
        # FF Cx, Lf(2), P(1), Y(2), X(2)
        d[pos + 5:pos + 9] = struct.pack(">HH", 65000, 65000)
        break
    assert m != 0xDA, "no SOF before SOS"
    pos += 2 + seglen
open("bad/huge-dimensions.jpg", "wb").write(d)
EOF

# webp/lossless.webp with the VP8L header patched to 16384 x 16384: the 32-bit
# little-endian word after the 0x2F signature holds width-1 (bits 0-13),
# height-1 (bits 14-27), alpha_is_used (bit 28), version (bits 29-31).
python3 - <<'EOF'
import struct
d = bytearray(open("webp/lossless.webp", "rb").read())
assert d[0:4] == b"RIFF" and d[8:12] == b"WEBP" and d[12:16] == b"VP8L", d[:16]
assert d[20] == 0x2F
word = struct.unpack("<I", d[21:25])[0]
word = (word & ~0x0FFFFFFF) | 16383 | (16383 << 14)
d[21:25] = struct.pack("<I", word)
open("bad/huge-dimensions.webp", "wb").write(d)
EOF

# An animated PNG (APNG): 3 frames of 16x16 RGB, red, green, blue, 500 ms each,
# written chunk by chunk (IHDR, acTL, fcTL + IDAT for frame 0, fcTL + fdAT for
# the others; APNG specification 1.0). libpng reads only the first frame.
python3 - <<'EOF'
import struct, zlib
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
def frame(rgb):
    return zlib.compress((b"\x00" + bytes(rgb) * 16) * 16, 9)
def control(sequence):
    # sequence, width, height, x, y, delay 50/100 s, dispose none, blend source
    return chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, 16, 16, 0, 0, 50, 100, 0, 0))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
png += chunk(b"acTL", struct.pack(">II", 3, 0))
png += control(0) + chunk(b"IDAT", frame((255, 0, 0)))
png += control(1) + chunk(b"fdAT", struct.pack(">I", 2) + frame((0, 255, 0)))
png += control(3) + chunk(b"fdAT", struct.pack(">I", 4) + frame((0, 0, 255)))
png += chunk(b"IEND", b"")
open("unsupported/animated.png", "wb").write(png)
EOF

# Plain text with a .txt name.
printf '%s\n' \
    'This is a plain text file, not an image.' \
    'imgpress should refuse it with a clear "unsupported format" error' \
    'instead of trying to decode it.' > bad/not-an-image.txt

echo "make-derived.sh: done"
