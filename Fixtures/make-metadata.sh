#!/usr/bin/env bash
# Makes Fixtures/metadata/: real images from this folder with privacy-relevant metadata written
# by exiftool (Debian's libimage-exiftool-perl), so the tests can check what imgpress removes.
# The values are invented; the pixels are the hopper/horse fixtures' own. Run from anywhere:
#   bash Fixtures/make-metadata.sh
set -euo pipefail
cd "$(dirname "$0")"
command -v exiftool >/dev/null || { echo "needs exiftool (apt-get install libimage-exiftool-perl)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
exiftool -q -b -icc_profile png/icc.png > "$tmp/srgb.icc"   # the sRGB2014 profile of png/icc.png

tags=(
  -overwrite_original -q
  "-EXIF:GPSLatitude=48.8583" "-EXIF:GPSLatitudeRef=N" "-EXIF:GPSLongitude=2.2945" "-EXIF:GPSLongitudeRef=E"
  "-EXIF:Make=ImgpressTestCam" "-EXIF:Model=Model 7" "-EXIF:SerialNumber=SN-0042"
  "-EXIF:DateTimeOriginal=2024:05:01 12:34:56" "-EXIF:Artist=Jane Example" "-EXIF:Copyright=(c) Jane Example"
  "-EXIF:OwnerName=Jane Example" "-EXIF:Software=ExampleEditor 1.0"
  "-XMP-dc:Creator=Jane Example" "-XMP-exif:GPSLatitude=48.8583" "-XMP-exif:GPSLongitude=2.2945"
)

# JPEG: EXIF with GPS, XMP, IPTC, a comment and an ICC profile.
cp jpeg/hopper.jpg metadata/tagged.jpg
exiftool "${tags[@]}" "-IPTC:By-line=Jane Example" "-IPTC:Keywords=private" "-Comment=written by a test" \
  "-ICC_Profile<=$tmp/srgb.icc" metadata/tagged.jpg

# The same with EXIF orientation 6 (stored sideways, displayed upright).
cp metadata/tagged.jpg metadata/tagged-orientation-6.jpg
exiftool -overwrite_original -q -n "-EXIF:Orientation=6" metadata/tagged-orientation-6.jpg

# PNG: eXIf (with GPS), XMP, a text comment, tIME.
cp png/horse.png metadata/tagged.png
exiftool "${tags[@]}" "-PNG:Comment=written by a test" "-PNG:ModifyDate=2024:05:01 12:34:56" metadata/tagged.png

# WebP: EXIF (with GPS) and XMP chunks in an extended (VP8X) file.
cp webp/alpha.webp metadata/tagged.webp
exiftool "${tags[@]}" metadata/tagged.webp

ls -l metadata/
