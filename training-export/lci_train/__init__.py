"""LCI training and export: the learned model behind the Java runtime's model packs."""
import os

# The training machine is shared: spinning OpenMP workers waste cycles when cores are oversubscribed.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
