#!/usr/bin/env bash
# Picture files as cameras and image tools write them, for ImageFilesTest: made by ImageMagick 6 and
# exiftool (Debian: apt-get install imagemagick libimage-exiftool-perl) from one drawn "7".
#   upright.png       the reference: a dark 7 on white, 160×200
#   exif-rotated.jpg  the same stored turned a quarter left, with EXIF Orientation 6 ("rotate 90 CW")
#   exif-mirrored.jpg stored mirrored left to right, with EXIF Orientation 2
#   cmyk.jpg          a CMYK JPEG (what print workflows and some scanners write)
#   grey16.png        16-bit grey
#   indexed.png       an 8-colour palette
#   grey-alpha.png    grey with an alpha channel: the paper transparent, the ink opaque
#   truncated.jpg     exif-rotated.jpg cut to 60% of its bytes
#   truncated.png     upright.png cut to 60% of its bytes
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/mnist-api/src/test/resources/dev/mnist4j/predict/files"
mkdir -p "$out"
cd "$out"
im=/usr/bin/convert
"$im" -size 160x200 xc:white -fill '#141420' -font DejaVu-Sans -pointsize 170 -gravity center -annotate +0+0 7 \
  -depth 8 -strip PNG24:upright.png
"$im" upright.png -rotate -90 -quality 92 -strip exif-rotated.jpg
exiftool -q -overwrite_original -n -Orientation=6 exif-rotated.jpg
"$im" upright.png -flop -quality 92 -strip exif-mirrored.jpg
exiftool -q -overwrite_original -n -Orientation=2 exif-mirrored.jpg
"$im" upright.png -colorspace CMYK -quality 92 -strip cmyk.jpg
"$im" upright.png -colorspace Gray -depth 16 -define png:bit-depth=16 -strip grey16.png
"$im" upright.png -colors 8 -strip PNG8:indexed.png
"$im" upright.png -colorspace Gray -alpha copy -channel A -negate +channel -fill '#141420' -colorize 100 \
  -type GrayscaleAlpha -depth 8 -strip grey-alpha.png
head -c "$(( $(stat -c %s exif-rotated.jpg) * 6 / 10 ))" exif-rotated.jpg > truncated.jpg
head -c "$(( $(stat -c %s upright.png) * 6 / 10 ))" upright.png > truncated.png
exiftool -s -Orientation exif-rotated.jpg exif-mirrored.jpg
identify -verbose grey-alpha.png | grep -E "Type:|Colorspace:|png:IHDR.color-type" || true
identify upright.png exif-rotated.jpg cmyk.jpg grey16.png indexed.png grey-alpha.png
