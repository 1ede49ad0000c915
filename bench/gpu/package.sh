#!/usr/bin/env bash
# Packs what bench/gpu-check.sh needs on a GPU machine without Maven, internet or Java into bench/gpu/carry/
# (git-ignored; the whole carry at most 64 MiB):
#   benchmarks.jar  the bench module's shaded jar (engine, cuda with its PTX and cuBLAS shim, JCuda, models), less
#                   what GpuCheck never loads: JCuda's NVRTC, PTX-compiler and legacy-JCublas natives, and fastutil
#                   (20 MiB, used only by the tokenizer)
#   jre/            a jlink-ed Java 25 with the modules GpuCheck uses: java.base, java.logging (JCuda),
#                   jdk.incubator.vector (the CPU backend it compares against) and jdk.unsupported; jdeps also names
#                   java.desktop, java.sql and java.management for Jackson's and JMH's optional parts, 20 MiB that
#                   the check never touches
# Run on a build machine: bench/gpu/package.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
carry=bench/gpu/carry
rm -rf "$carry"
mkdir -p "$carry"
./mvnw -B -q -pl bench -am package -DskipTests
python3 - bench/target/benchmarks.jar "$carry/benchmarks.jar" <<'PY'
import re, sys, zipfile
unused = re.compile(r"lib/lib(JNvPTXCompiler|JNvrtc|JCublas)-[^/]*\.so$|it/unimi/dsi/fastutil/")
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
    for item in src.infolist():
        if not unused.match(item.filename):
            dst.writestr(item, src.read(item.filename))
PY
modules=java.base,java.logging,jdk.incubator.vector,jdk.unsupported
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-9 --output "$carry/jre"
# The JDK's libjvm.so keeps its symbol table; the JVM needs only the dynamic one.
! command -v strip >/dev/null || strip --strip-unneeded "$carry/jre/lib/server/libjvm.so"
size=$(du -sm "$carry" | cut -f1)
echo "$carry: ${size} MiB (modules: $modules)"
[ "$size" -le 64 ] || { echo "package.sh: the carry is ${size} MiB, over 64 MiB" >&2; exit 1; }
