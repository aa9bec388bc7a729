#!/usr/bin/env python3
"""Reference numbers for anon-privacy's differential-privacy tests, computed independently with SciPy.

Run once (python3 reference_values.py > reference-values.csv); the output is committed beside this
script and read by the Java tests. Nothing here shares code with the Java implementation:
  * erfc / log-erfc come from scipy.special (Cephes), not from Cody's rational approximations;
  * the Balle-Wang sigma is found with scipy.optimize.brentq on the exact condition of
    Balle & Wang (2018), Theorem 8, using scipy.stats.norm;
  * the sampled-Gaussian RDP is computed by direct numerical integration (scipy.integrate.quad)
    of E_{z~N(0,s^2)}[((1-q) + q exp((2z-1)/(2 s^2)))^alpha], the definition in Mironov, Talwar,
    Zhang (2019), rather than by their series.
Columns: kind,arg1,arg2,arg3,arg4,value
"""
import math
import numpy as np
from scipy import special, stats, optimize, integrate

print("kind,a,b,c,d,value")
for x in [-3.0, -1.0, -0.3, 0.0, 1e-8, 0.1, 0.46875, 0.5, 1.0, 2.0, 3.0, 4.0, 4.5, 6.0, 10.0, 20.0, 26.0]:
    print(f"erfc,{x!r},0,0,0,{float(special.erfc(x))!r}")
for x in [5.0, 10.0, 30.0, 100.0, 1000.0]:
    # log(erfc(x)) = log(erfcx(x)) - x^2
    print(f"logerfc,{x!r},0,0,0,{float(math.log(special.erfcx(x)) - x * x)!r}")

def bw_delta(sigma, eps, sens):
    a = sens / (2 * sigma) - eps * sigma / sens
    b = -sens / (2 * sigma) - eps * sigma / sens
    return stats.norm.cdf(a) - math.exp(eps) * stats.norm.cdf(b)

for eps, delta, sens in [(1.0, 1e-5, 1.0), (0.5, 1e-6, 1.0), (0.1, 1e-5, 1.0), (2.0, 1e-9, 3.0),
                         (5.0, 1e-3, 1.0), (1.0, 1e-10, 1.0), (0.05, 1e-7, 2.0)]:
    s = optimize.brentq(lambda sg: bw_delta(sg, eps, sens) - delta, 1e-3, 1e4, xtol=1e-14, rtol=1e-14)
    print(f"bw,{eps!r},{delta!r},{sens!r},0,{float(s)!r}")

def rdp_integral(q, sigma, alpha):
    def integrand(z):
        x = (2 * z - 1) / (2 * sigma * sigma)
        log_ratio = np.logaddexp(np.log1p(-q) if q < 1 else -np.inf, math.log(q) + x)
        return math.exp(stats.norm.logpdf(z, scale=sigma) + alpha * log_ratio)
    # the integrand is negligible (below 1e-300 relative) outside this window
    lo, hi = -60 * sigma, 60 * sigma + alpha
    val, _ = integrate.quad(integrand, lo, hi, epsabs=0, epsrel=1e-12, limit=2000,
                            points=[0.0, 0.5, alpha * 0.5])
    return math.log(val) / (alpha - 1)

for q, sigma, alpha in [(0.01, 1.0, 2.0), (0.01, 1.0, 2.5), (0.01, 1.0, 8.0), (256 / 60000, 1.1, 10.5),
                        (256 / 60000, 1.1, 32.0), (0.1, 2.0, 1.5), (0.05, 0.8, 4.0), (0.05, 0.8, 3.3),
                        (1.0, 1.5, 7.0)]:
    print(f"rdp,{q!r},{sigma!r},{alpha!r},0,{rdp_integral(q, sigma, alpha)!r}")
