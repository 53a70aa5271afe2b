"""Bjøntegaard delta rate: the average difference in bytes between two rate-quality curves at
equal quality, over the quality range both cover (log-rate fitted as a cubic in quality, as in
VCEG-M33). Negative means the first curve needs fewer bytes for the same quality."""
import numpy as np


def bd_rate(first, second):
    """first, second: lists of (bytes, quality). Returns a fraction (-0.05 = 5 % fewer bytes), or
    None when the curves do not overlap enough to compare."""
    if len(first) < 4 or len(second) < 4:
        return None
    q1, r1 = np.array([q for _, q in first]), np.log(np.array([b for b, _ in first], dtype=float))
    q2, r2 = np.array([q for _, q in second]), np.log(np.array([b for b, _ in second], dtype=float))
    low, high = max(q1.min(), q2.min()), min(q1.max(), q2.max())
    if high - low < 1e-6:
        return None
    p1, p2 = np.polyfit(q1, r1, 3), np.polyfit(q2, r2, 3)
    i1, i2 = np.polyint(p1), np.polyint(p2)
    average1 = (np.polyval(i1, high) - np.polyval(i1, low)) / (high - low)
    average2 = (np.polyval(i2, high) - np.polyval(i2, low)) / (high - low)
    return float(np.exp(average1 - average2) - 1)
