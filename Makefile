# One entry point for people and CI: make deps | build | release | test | leakcheck | demo | bench | install | lint.
SWIFT ?= swift
PREFIX ?= /usr/local
# Debian packages the build needs (headers + pkg-config files), and the tools the tests use to
# check our output independently: djpeg/dwebp decode it, exiftool reads its metadata, netpbm
# turns images for the orientation checks, valgrind looks for leaks.
DEB_PACKAGES := pkg-config libjpeg62-turbo-dev libturbojpeg0-dev libpng-dev libwebp-dev liblcms2-dev libdeflate-dev libzopfli-dev \
  libimagequant-dev libjpeg-turbo-progs webp valgrind binutils libimage-exiftool-perl netpbm
RELEASE_BIN := .build/release/imgpress
# A hung suite fails CI in minutes instead of running into its time limit.
TEST_TIMEOUT ?= 900

.PHONY: deps bench-deps build release test leakcheck demo bench install lint clean

deps:
	@tools/install-packages.sh $(DEB_PACKAGES)

build: deps
	$(SWIFT) build

# On Linux the release binary links the Swift runtime (and FoundationEssentials) in: it runs
# without the Swift toolchain installed and starts in 5 ms instead of 10 (`imgpress --version`,
# measured 2026-11-30), which is most of a small file's time. lld links it: GNU ld warned about
# a glibc call inside Foundation's static library.
ifeq ($(shell uname -s),Linux)
RELEASE_FLAGS := --static-swift-stdlib -Xswiftc -use-ld=lld
endif

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS)

# The leak check runs first so that the test runner's summary is the last thing printed.
test: deps
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory leakcheck
	@if unshare -n true 2>/dev/null; then \
	  echo "make test: running the suite with no network (unshare -n)"; \
	  timeout $(TEST_TIMEOUT) unshare -n $(SWIFT) test --skip-build --disable-xctest; \
	else \
	  echo "make test: unshare -n is not permitted here; running the suite with the network present"; \
	  timeout $(TEST_TIMEOUT) $(SWIFT) test --skip-build --disable-xctest; \
	fi

# DESIGN.md rule 2: no C handle leaks, on good files and on every error path. valgrind 3.19
# cannot read the toolchain's DWARF 5, so it runs on a stripped copy of the debug binary.
LEAK_INPUTS := Fixtures/jpeg/hopper.jpg Fixtures/jpeg/cmyk.jpg Fixtures/jpeg/orientation-6.jpg \
  Fixtures/png/palette.png Fixtures/png/icc.png Fixtures/webp/alpha.webp Fixtures/bad/truncated.jpg \
  Fixtures/bad/truncated.png Fixtures/bad/truncated.webp Fixtures/bad/bad-crc.png \
  Fixtures/unsupported/twelve-bit.jpg Fixtures/unsupported/animated.webp Fixtures/bad/huge-dimensions.png
leakcheck: deps
	$(SWIFT) build
	@out=$$(mktemp -d /tmp/imgpress-leak.XXXXXX); strip -o $$out/imgpress .build/debug/imgpress; \
	for extra in "" "--lossless" "-f webp" "-f png" "-f jpeg" "--lossy -O 5"; do \
	  mkdir -p $$out/o; \
	  valgrind --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect \
	    --suppressions=tools/valgrind-swift.supp --error-exitcode=99 -q $$out/imgpress -j 1 --quiet $$extra $(LEAK_INPUTS) -o $$out/o/ 2>$$out/log; \
	  status=$$?; rm -rf $$out/o; \
	  if [ $$status -eq 99 ] || grep -qE '^==[0-9]+==' $$out/log; then \
	    cat $$out/log; echo "leakcheck: valgrind reported a problem ($$extra)"; exit 1; fi; \
	done; rm -rf $$out; echo "leakcheck: valgrind clean on $(words $(LEAK_INPUTS)) inputs x 6 modes"

# Compresses the bundled fixtures into a fresh temporary folder and prints the summary.
demo: release
	@out=$$(mktemp -d /tmp/imgpress-demo.XXXXXX); \
	echo "imgpress demo: Fixtures/ -> $$out/ (broken and unsupported samples left out)"; \
	$(RELEASE_BIN) -r Fixtures --exclude 'bad/**' --exclude 'unsupported/**' -o $$out/ -v && \
	echo && echo "The PNGs converted to WebP:" && \
	$(RELEASE_BIN) -r Fixtures/png -f webp -o $$out/webp-from-png/ && \
	echo "Outputs are in $$out/"

# The reference tools `make bench` measures against: Debian's, and PyPI's in a virtual
# environment under .build-bench/ (oxipng, libvips with MozJPEG, jpegli, Caesium, SSIMULACRA2).
BENCH_PACKAGES := libjpeg-turbo-progs webp pngquant optipng jpegoptim butteraugli zopfli python3 python3-venv
BENCH_VENV := .build-bench/venv
bench-deps: deps
	@tools/install-packages.sh $(BENCH_PACKAGES)
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	@$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt

# A benchmark, not a test: imgpress against cjpeg, MozJPEG, jpegli, Caesium, cwebp, oxipng,
# optipng, pngquant, jpegtran and jpegoptim on the same images; writes bench/results/latest.md.
bench: bench-deps release
	$(BENCH_VENV)/bin/python bench/bench.py

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/imgpress

lint:
	$(SWIFT) format lint --recursive Sources Tests

clean:
	rm -rf .build
