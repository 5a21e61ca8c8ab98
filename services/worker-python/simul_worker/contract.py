"""
The protobuf messages the worker speaks, generated with protoc from the .proto files: simul.v1
(worker.proto, work.proto), the part of OTLP the trace exporter writes (otlp_traces.proto), and
grpc-proto's health and reflection files.

The stubs are generated once per content of those files: a hash of them names the directory, so
a changed .proto gets fresh stubs (modification times say little after a checkout). Replicas
start together, so each generates into a temporary directory and renames it into place, which is
atomic; one that comes second finds the directory there and uses it. SIMUL_STUBS_DIR moves the
stubs out of the source tree (a container whose tree is read-only generates them at build).
"""

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from simul_worker.errors import ContractError

_SERVICE_DIR = Path(__file__).resolve().parents[1]
_CONTRACTS = _SERVICE_DIR.parent / "contracts"
_GRPC_PROTO = Path("/usr/share/grpc-proto")
_STUBS = Path(os.environ.get("SIMUL_STUBS_DIR") or _SERVICE_DIR / ".stubs")

_SIMUL_FILES = ("simul/v1/worker.proto", "simul/v1/work.proto")
_OTLP_FILE = "opentelemetry/otlp_traces.proto"
_HEALTH_FILE = "grpc/health/v1/health.proto"
_REFLECTION_V1_FILE = "grpc/reflection/v1/reflection.proto"
_REFLECTION_V1ALPHA_FILE = "grpc/reflection/v1alpha/reflection.proto"
_SOURCES = {
    _CONTRACTS: (*_SIMUL_FILES, _OTLP_FILE),
    _GRPC_PROTO: (_HEALTH_FILE, _REFLECTION_V1_FILE, _REFLECTION_V1ALPHA_FILE),
}


def _generated() -> Path:
    digest = hashlib.sha256()
    try:
        for root, names in _SOURCES.items():
            for name in names:
                digest.update(name.encode())
                digest.update((root / name).read_bytes())
    except OSError as error:
        raise ContractError(f"a .proto file is missing: {error} (grpc-proto's files come with Debian's grpc-proto)") from error

    target = _STUBS / digest.hexdigest()[:16]
    if target.is_dir():
        return target

    _STUBS.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".generating-", dir=_STUBS))
    try:
        names = [name for group in _SOURCES.values() for name in group]
        includes = [f"-I{root}" for root in _SOURCES]
        subprocess.run(["protoc", *includes, f"--python_out={scratch}", *names], check=True, capture_output=True, text=True)
        scratch.chmod(0o755)  # mkdtemp's 0700 would hide the stubs from a worker that runs as another user
        os.rename(scratch, target)
    except FileNotFoundError as error:
        raise ContractError("protoc was not found: install Debian's protobuf-compiler") from error
    except subprocess.CalledProcessError as error:
        raise ContractError(f"protoc failed: {error.stderr.strip()}") from error
    except OSError:
        if not target.is_dir():
            raise
        # Another replica renamed its stubs into place first: the same files, so use those.
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def _load(root: Path, proto: str) -> ModuleType:
    """A generated module loaded from its file, under a name of this package's: grpc-proto's
    files generate into the package grpc, which is grpcio's own, and the OTLP file into
    opentelemetry, which an OpenTelemetry install would own, so neither can be imported by its
    generated name. None of them imports another .proto."""
    name = f"{__name__}.{proto.removesuffix('.proto').replace('/', '_')}_pb2"
    spec = importlib.util.spec_from_file_location(name, root / proto.replace(".proto", "_pb2.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_ROOT = _generated()
# work_pb2 imports worker_pb2 by its generated name, simul.v1.worker_pb2.
sys.path.append(str(_ROOT))

from simul.v1 import work_pb2, worker_pb2  # noqa: E402

otlp_pb2 = _load(_ROOT, _OTLP_FILE)
health_pb2 = _load(_ROOT, _HEALTH_FILE)
reflection_v1_pb2 = _load(_ROOT, _REFLECTION_V1_FILE)
reflection_v1alpha_pb2 = _load(_ROOT, _REFLECTION_V1ALPHA_FILE)

__all__ = ["health_pb2", "otlp_pb2", "reflection_v1_pb2", "reflection_v1alpha_pb2", "work_pb2", "worker_pb2"]
