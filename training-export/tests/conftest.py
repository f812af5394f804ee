import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")    # before torch loads: the CPU is shared

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def smoke(tmp_path_factory):
    """A few smoke training steps of the tiny model, exported as a pack (shared by the tests)."""
    import torch
    from lci_train.checkpoint import load_model
    from lci_train.export import export_pack
    from lci_train.train import parse_args, train

    torch.set_num_threads(2)
    tmp = tmp_path_factory.mktemp("smoke")
    ckpt = train(parse_args(["--smoke", "--run", str(tmp / "run"), "--steps", "8"]))
    model, state = load_model(ckpt)
    pack = tmp / "smoke.lcipack"
    digest = export_pack(model, pack, "lci-smoke", "0.0.0", state["step"])
    return {"model": model, "pack": pack, "digest": digest, "run": tmp / "run", "state": state}
