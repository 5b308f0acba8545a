# gaitbatch — `make demo` and `make check` each install missing dependencies first (Debian/Ubuntu).
PREFIX ?= /usr/local
CC ?= cc
PKGS := sndfile fftw3 gsl hdf5 jansson nettle zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBDIRS := $(shell pkg-config --libs-only-L hdf5 2>/dev/null)
# HDF5's shared library pulls in some 30 more (curl, TLS, Kerberos), and loading them takes ~7 ms
# at every start, more than a 50 Hz recording-hour's analysis. Debian's libhdf5-dev ships the
# static archives too: link those when present (they need only libsz and zlib).
HDF5_DIR := $(patsubst -L%,%,$(firstword $(PKG_LIBDIRS)))
HDF5_ARCHIVES := $(wildcard $(HDF5_DIR)/libhdf5_hl.a $(HDF5_DIR)/libhdf5.a)
ifeq ($(words $(HDF5_ARCHIVES)),2)
PKG_LIBS := $(shell pkg-config --libs $(filter-out hdf5,$(PKGS)) 2>/dev/null) $(HDF5_ARCHIVES) -lsz -lz
else
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhdf5_hl
endif
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS := $(PKG_LIBDIRS) $(PKG_LIBS) -lm -pthread
# bind symbols at start-up, once in the parent, instead of again in every forked worker
LDFLAGS ?= -Wl,-z,now
SANITIZE := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC := $(sort $(shell find src -name '*.c' ! -name main.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TESTS := $(patsubst tests/%.c,build/tests/%,$(TEST_SRC))
ASAN_TESTS := $(patsubst tests/%.c,build/asan/tests/%,$(TEST_SRC))
LIB_OBJ := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC))
ASAN_OBJ := $(patsubst src/%.c,build/asan/obj/%.o,$(LIB_SRC))

.PHONY: all deps deps-test demo check unit-tests asan-tests cli-tests fuzz validate bench install clean format lint

all: build/gaitbatch

deps:
	@sh scripts/install-deps.sh

deps-test:
	@sh scripts/install-deps.sh --test

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

build/asan/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -MMD -MP -c $< -o $@

build/gaitbatch: build/obj/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/asan/gaitbatch: build/asan/obj/main.o $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ $(LDLIBS)

build/tests/%: tests/%.c tests/test_util.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

build/asan/tests/%: tests/%.c tests/test_util.h $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) $(CMOCKA_CFLAGS) -o $@ $< $(ASAN_OBJ) $(LDLIBS) $(CMOCKA_LIBS)

# Tests run from the repository root; each makes its own data under build/testdata.
unit-tests: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

asan-tests: $(ASAN_TESTS)
	@set -e; for t in $(ASAN_TESTS); do echo "== $$t (ASan+UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

cli-tests: build/gaitbatch build/asan/gaitbatch
	@sh tests/cli/run.sh build/gaitbatch
	@ASAN_OPTIONS=detect_leaks=1 sh tests/cli/run.sh build/asan/gaitbatch
	@sh tests/cli/dashboard.sh build/gaitbatch
	@sh tests/cli/slurm.sh build/gaitbatch
	@/usr/bin/python3 tests/cli/readers.py build/gaitbatch
	@/usr/bin/python3 tests/cli/sweep.py build/gaitbatch
	@/usr/bin/python3 tests/cli/fuzz.py build/asan/gaitbatch 150 1
	@/usr/bin/python3 tests/cli/fuzz_reports.py build/gaitbatch 300 3

# Damaged inputs under ASan+UBSan, more of them than make check runs: make fuzz FUZZ_CASES=5000
FUZZ_CASES ?= 2000
FUZZ_SEED ?= 2
fuzz: build/asan/gaitbatch
	@/usr/bin/python3 tests/cli/fuzz.py build/asan/gaitbatch $(FUZZ_CASES) $(FUZZ_SEED)

# Validation against the public recordings in ../shared/data (skips when absent).
validate: build/gaitbatch
	@sh scripts/validate.sh
	@sh tests/cli/validate_larger.sh build/gaitbatch

check: deps-test
	@$(MAKE) --no-print-directory unit-tests asan-tests cli-tests validate

demo: deps
	@$(MAKE) --no-print-directory all
	rm -rf build/reports
	build/gaitbatch analyze sample_data -o build/reports
	@for r in $$(find build/reports -name '*.h5' ! -name team.h5 | sort); do build/gaitbatch show $$r; echo; done
	@echo "coaches' page: build/reports/index.html; team summary: build/reports/team.h5"

bench: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/bench.sh

install: build/gaitbatch
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 build/gaitbatch $(DESTDIR)$(PREFIX)/bin/gaitbatch

format:
	clang-format -i $$(find src tests -name '*.[ch]')

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr -D_GNU_SOURCE src tests
	@if command -v shellcheck >/dev/null; then \
	  shellcheck -S warning scripts/*.sh tests/cli/*.sh .ci/run; \
	else echo "lint: shellcheck not installed: shell scripts not checked"; fi

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) build/obj/main.d build/asan/obj/main.d
