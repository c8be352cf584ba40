package org.gripkit.testkit;

/** The kit's test credentials. */
public final class GripTestKit {
  /** The issuer of the kit's JWTs, as Pushpin's packaged {@code sig_iss}. */
  public static final String TEST_ISSUER = "pushpin";
  /**
   * The shared secret of the kit's JWTs, as Pushpin's packaged {@code sig_key}: a development
   * value, for tests only.
   */
  public static final String TEST_KEY = "changeme";

  private GripTestKit() {}
}
