#!/usr/bin/env bash
# Build llama.cpp's own `llama-bench` from the llama.cpp sources vendored in the installed llama-cpp-python's
# sdist (same version as the app's engine). Output: bench/.llama-bench/bin/llama-bench
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-../.venv/bin/python}
VERSION=$("$PYTHON" -c "import llama_cpp; print(llama_cpp.__version__)")
WORK=.llama-bench
mkdir -p "$WORK"
if [ ! -d "$WORK/src" ]; then
  "$PYTHON" -m pip download --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$WORK/sdist" >/dev/null
  mkdir -p "$WORK/src"
  tar xzf "$WORK"/sdist/llama_cpp_python-"$VERSION".tar.gz -C "$WORK/src" --strip-components=1
fi
cmake -S "$WORK/src/vendor/llama.cpp" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=ON >/dev/null
cmake --build "$WORK/build" --target llama-bench -j "$(nproc)" >/dev/null
mkdir -p "$WORK/bin" && cp "$WORK/build/bin/llama-bench" "$WORK/bin/"
echo "$WORK/bin/llama-bench"
