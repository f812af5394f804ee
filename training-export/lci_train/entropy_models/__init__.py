from .factorized import EntropyBottleneck
from .gaussian import GaussianConditional
from .tables import quantize_pmf, gaussian_tables, student_t_tables, y_tables, TABLE_PRECISION

__all__ = ["EntropyBottleneck", "GaussianConditional", "quantize_pmf", "gaussian_tables",
           "student_t_tables", "y_tables", "TABLE_PRECISION"]
