/**
 * AnonKit privacy models. This branch provides differential privacy ({@code org.anonkit.privacy.dp}:
 * secure Laplace and Gaussian mechanisms, exact discrete samplers, bounded aggregates, privacy
 * accounting) and local differential privacy ({@code org.anonkit.privacy.rappor}).
 */
module org.anonkit.privacy {
  requires org.anonkit.api;

  exports org.anonkit.privacy.dp;
  exports org.anonkit.privacy.rappor;
}
