# slabhound — build, test, demo and benchmarks.
#
#   make demo    build the example ARM libraries, run them under qemu-arm, symbolize the trace
#   make test    install what the tests need (Debian, as root), build, run every test
#   make bench   benchmarks (not part of the test suite)
#   make release the binary to install: .build/release/slabhound

SWIFT        ?= swift
CONFIG       ?= debug
FIXTURES     ?= $(CURDIR)/.fixtures
BIN           = $(CURDIR)/.build/$(CONFIG)/slabhound
DEBIAN_PKGS   = gdb-multiarch gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf binutils-arm-linux-gnueabihf \
                gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu gcc binutils \
                qemu-user libreadline-dev pkg-config busybox tmux python3 make chromium

.PHONY: all build deps fixtures demo test bench release clean

all: build

# Installs the Debian packages the build, the fixtures and the tests use — only what is missing,
# and only when running as root (CI and a fresh machine); otherwise it says what to install.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing — run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build -c $(CONFIG)

fixtures: deps
	$(MAKE) -C Examples OUT=$(FIXTURES)

# The seed's step 4 on real ARM binaries: the allocation backtraces printed under qemu-arm,
# symbolized in place; the OOM report over vmlinux and .ko files; the sites that never free.
demo: build fixtures
	$(MAKE) -C Examples OUT=$(FIXTURES) demo-input
	@echo "== slabhound symbolize (first blocks of print_trace.log) =="
	$(BIN) symbolize --symbols $(FIXTURES)/rootfs $(FIXTURES)/print_trace.log > $(FIXTURES)/print_trace.symbolized
	@head -n 40 $(FIXTURES)/print_trace.symbolized; echo "... (whole output in $(FIXTURES)/print_trace.symbolized)"
	@echo "== slabhound symbolize: an ARM OOM report over vmlinux and .ko files =="
	$(BIN) symbolize --symbols $(FIXTURES)/kernel $(FIXTURES)/oom_arm.log | head -n 45
	@echo "== slabhound blame: who allocates and never frees =="
	$(BIN) blame --symbols $(FIXTURES)/rootfs --alloc 'alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)' \
	  --free 'free (?<addr>0x[0-9a-f]+)' $(FIXTURES)/print_trace.log | head -n 10

# One file to copy to a lab machine: the Swift runtime and Foundation are linked in, so no Swift
# toolchain is needed there (only gdb, and GdbScripts/ next to it: see README), and it starts
# 15-20% faster than a build against the shared runtime (no dynamic symbol binding at start;
# see Benchmarks/README.md).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

test: deps fixtures
	SLABHOUND_FIXTURES=$(FIXTURES) $(SWIFT) test

bench: fixtures
	$(MAKE) -C Benchmarks OUT=$(FIXTURES) BIN=$(BIN)

clean:
	rm -rf .build $(FIXTURES)

# Fuzzing: libFuzzer targets over every parser (Fuzz/*Fuzz.swift, built with swiftc
# -sanitize=fuzzer,address by Fuzz/build.sh), each run for FUZZ_SECONDS from a corpus of the
# real fixtures; prints executions and crash inputs per target, fails if any target crashed.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: fixtures
	FUZZ_SECONDS=$(FUZZ_SECONDS) SLABHOUND_FIXTURES=$(FIXTURES) sh Fuzz/build.sh run
