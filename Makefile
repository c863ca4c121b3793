# slabhound — build, test, demo and benchmarks.
#
#   make demo    build the example ARM libraries, run them under qemu-arm, symbolize the trace
#   make test    install what the tests need (Debian, as root), build, run every test
#   make bench   benchmarks (not part of the test suite)

SWIFT        ?= swift
CONFIG       ?= debug
FIXTURES     ?= $(CURDIR)/.fixtures
BIN           = $(CURDIR)/.build/$(CONFIG)/slabhound
DEBIAN_PKGS   = gdb-multiarch gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf binutils-arm-linux-gnueabihf \
                gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu gcc binutils \
                qemu-user libreadline-dev pkg-config busybox tmux python3 make chromium

.PHONY: all build deps fixtures demo test bench clean

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

demo: build fixtures
	$(MAKE) -C Examples OUT=$(FIXTURES) demo-input
	$(BIN) symbolize --symbols $(FIXTURES)/rootfs $(FIXTURES)/print_trace.log

test: deps fixtures
	SLABHOUND_FIXTURES=$(FIXTURES) $(SWIFT) test

bench: build fixtures
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
