/**
 * Differential privacy: mechanisms, exact samplers, bounded aggregates and privacy accounting.
 *
 * <ul>
 *   <li>{@link org.anonkit.privacy.dp.LaplaceMechanism} and
 *       {@link org.anonkit.privacy.dp.GaussianMechanism}: noise for doubles and integers, resistant to
 *       the floating-point attack (power-of-two grid plus exact discrete noise); Gaussian σ from the
 *       analytic calibration of Balle and Wang (2018).
 *   <li>{@link org.anonkit.privacy.dp.DiscreteLaplaceSampler} and
 *       {@link org.anonkit.privacy.dp.DiscreteGaussianSampler}: exact samplers of Canonne, Kamath and
 *       Steinke (2020).
 *   <li>{@link org.anonkit.privacy.dp.DpAggregation}: count, sum, mean and quantiles per group with
 *       per-privacy-unit contribution bounding and DP partition selection.
 *   <li>{@link org.anonkit.privacy.dp.PrivacyAccountant}, {@link org.anonkit.privacy.dp.Rdp},
 *       {@link org.anonkit.privacy.dp.PrivacyBudget}: composition (basic, advanced, zCDP, RDP with the
 *       sampled Gaussian) and conversion to (ε, δ).
 * </ul>
 *
 * <p>Randomness is {@link java.security.SecureRandom} unless a
 * {@link java.util.random.RandomGenerator} is injected (tests). No release path uses
 * floating-point random numbers.
 */
package org.anonkit.privacy.dp;
