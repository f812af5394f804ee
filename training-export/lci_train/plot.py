"""Plot a training log (CSV from train.py): loss, bpp and PSNR per tier against steps.

    ../.venv/bin/python -m lci_train.plot logs/train_default.csv logs/train_default.png
"""
import csv
import sys
from pathlib import Path


def plot(log: Path, out: Path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    with open(log) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"{log} has no rows yet")
    step = [int(r["step"]) for r in rows]
    col = lambda k: [float(r[k]) for r in rows]
    fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(13, 3.6))
    a1.plot(step, col("loss"))
    a1.set_yscale("log")
    a1.set_title("loss (R + lambda D)")
    a2.plot(step, col("bpp"))
    a2.set_title("bpp (train, random quality)")
    for k in range(3):
        a3.plot(step, col(f"psnr_t{k}"), label=f"tier {k}")
    a3.set_title("PSNR (train crops)")
    a3.legend()
    for a in (a1, a2, a3):
        a.set_xlabel("step")
        a.grid(alpha=0.3)
    hours = float(rows[-1]["cpu_s"]) / 3600
    fig.suptitle(f"{log.name}: {step[-1]} steps, {hours:.2f} CPU hours")
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    plt.close(fig)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__)
        return 2
    plot(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
