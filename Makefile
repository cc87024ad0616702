# The two commands a user needs: `make run` and `make test`. Everything else is a helper for them.
BUILD      ?= build
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps configure build run test clean

all: build

deps:
	@bash scripts/setup-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

configure: $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The main job: a real engineering loop on the CPU GEMM kernel, traces in .spak/spak.db.
run: build
	$(BUILD)/spak tune examples/matmul_cpu.dsl --budget 40 --timeout 30

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	# The DSL front end again under AddressSanitizer + UndefinedBehaviorSanitizer (Debug).
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSPAK_SANITIZE=ON -DSPAK_CUDA=OFF -DSPAK_BENCH=OFF
	cmake --build build-asan --target spak_dsl_tests dsl_fuzz -j $(JOBS)
	cd build-asan && ctest --output-on-failure -L '^dsl$$'
	# A bounded libFuzzer run of the parser (clang, ASan + UBSan); fails on any crash, leak or report.
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPAK_FUZZ=ON \
	  -DSPAK_SANITIZE=ON -DSPAK_CUDA=OFF -DSPAK_BENCH=OFF
	cmake --build build-fuzz --target dsl_fuzz -j $(JOBS)
	cd build-fuzz && ctest --output-on-failure -R '^fuzz\.dsl$$'

clean:
	rm -rf $(BUILD)
