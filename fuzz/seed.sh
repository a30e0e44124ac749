#!/usr/bin/env bash
# Seeds the read_file target with the test corpus (tests/corpus/xlsx): each file gets the leading byte that
# makes the target give it its own extension (0 xlsx, 1 xls, 2 xlsb, 3 ods); all but oleloop.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/read_file
for f in ../tests/corpus/xlsx/*; do
  # Known to allocate without bound (contained by the reading process's limit): as a seed it
  # would stop every run at once.
  [ "$(basename "$f")" = phpss__oleloop.xls ] && continue
  case "$f" in
    *.xlsx|*.xlsm) b='\x00' ;;
    *.xls) b='\x01' ;;
    *.xlsb) b='\x02' ;;
    *.ods) b='\x03' ;;
    *) continue ;;
  esac
  { printf "$b"; cat "$f"; } > "corpus/read_file/$(basename "$f")"
done
echo "seeded $(ls corpus/read_file | wc -l) files into fuzz/corpus/read_file"
