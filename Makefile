# Tickwire: `make run` and `make test` do all the set-up on a fresh Debian machine with Swift.
SWIFT        ?= swift
PORT         ?= 7777
MAPS         ?= maps
APT_PACKAGES := libuv1-dev libncurses-dev pkg-config tmux libssl-dev openssl python3-websockets nginx libhiredis-dev redis-server liburing-dev
AUTOBAHN_DIR ?= .build-autobahn
AUTOBAHN_PY  ?= 2.7.18

.PHONY: all deps build release run run-pong test autobahn bench fuzz clean

all: build

# Install the system packages that are missing: apt-get update once, then install.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "error: missing system packages:$$missing (run as root or install them with apt-get)"; exit 1; fi; \
	  echo "installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# Debug builds (these and the tests') carry no debug info: about a fifth off the build on
# two cores, BoringSSL's C above all. A plain `swift build` keeps it, for a debugger, and
# then builds everything again, as does the next `make` after it.
DEBUG_BUILD_FLAGS := -Xswiftc -gnone -Xcc -g0

build: deps
	$(SWIFT) build $(DEBUG_BUILD_FLAGS)

# Release builds are linked with full link-time optimisation: LLVM inlines across every
# module, C included (6% fewer server instructions per input and snapshot under callgrind).
# Every release build here passes the same flags, or SwiftPM would build the whole package
# again without them (build another copy under its own --scratch-path).
RELEASE_BUILD_FLAGS := -c release --experimental-lto-mode=full

# Release builds inline across modules (-cross-module-optimization, Package.swift), which
# SwiftPM's incremental build does not follow: a module could keep an inlined copy of a
# body changed in another. So after a source change every module of the package is
# compiled again and linked (about two minutes; the dependencies stay built).
# $(call touch_if_sources_newer_than,BINARY,FOLDERS): touches FOLDERS' Swift files when one
# in Sources is newer than BINARY.
touch_if_sources_newer_than = if [ -e $(1) ] && [ -n "$$(find Sources -name '*.swift' -newer $(1) | head -1)" ]; then \
	  find $(2) -name '*.swift' -exec touch {} +; fi

release: deps
	@$(call touch_if_sources_newer_than,.build/release/tickwire,Sources)
	$(SWIFT) build $(RELEASE_BUILD_FLAGS)

run: release
	$(SWIFT) run $(RELEASE_BUILD_FLAGS) tickwire serve --port $(PORT) --maps $(MAPS)

# The Examples package (Pong, a game outside the main package) shares the build folder, so
# its dependencies are not built twice. Its incremental build can miss a change in the main
# package's modules (a stale test binary then crashes), so it is compiled again after one.
test: deps
	$(SWIFT) build --build-tests $(DEBUG_BUILD_FLAGS)
	$(SWIFT) test --skip-build
	@$(call touch_if_sources_newer_than,.build/debug/PongPackageTests.xctest,Examples/Pong/Sources Examples/Pong/Tests)
	cd Examples/Pong && $(SWIFT) build --scratch-path ../../.build --build-tests $(DEBUG_BUILD_FLAGS)
	cd Examples/Pong && $(SWIFT) test --scratch-path ../../.build --skip-build
	node --test web/
	node --test Tests/Browser/

# Pong and Arena side by side, from the Examples package (see README, "Write your own game").
# The package's modules come fresh from `release`; Pong's own inline from them, so they are
# compiled again after a change there.
run-pong: release
	@$(call touch_if_sources_newer_than,.build/release/pong-server,Examples/Pong/Sources)
	cd Examples/Pong && $(SWIFT) run --scratch-path ../../.build $(RELEASE_BUILD_FLAGS) pong-server --port $(PORT) --levels levels --maps ../../maps

# Conformance: the Autobahn TestSuite (Python 2.7 under pyenv) against `tickwire echo`.
autobahn: release
	@scripts/autobahn.sh "$(AUTOBAHN_DIR)" "$(AUTOBAHN_PY)" "1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*,12.*,13.*"
	@AUTOBAHN_TLS=1 scripts/autobahn.sh "$(AUTOBAHN_DIR)" "$(AUTOBAHN_PY)" "1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*,12.*,13.*"

bench: release
	$(SWIFT) build $(RELEASE_BUILD_FLAGS) --product TickwireBench
	$(SWIFT) build $(RELEASE_BUILD_FLAGS) --product tickwire-floor
	.build/release/TickwireBench --binary .build/release/tickwire

# Coverage-guided fuzzing with libFuzzer (in the Swift toolchain, no extra packages):
# builds into .build-fuzz/, runs RUNS executions per target. See Tests/Fuzz/README.md.
# e.g. make fuzz RUNS=10000000 TARGETS="frame-reader snapshot"
fuzz:
	RUNS="$(RUNS)" TARGETS="$(TARGETS)" scripts/fuzz.sh

clean:
	rm -rf .build
