package org.gripkit.docs;

import jakarta.servlet.http.HttpServletRequest;
import org.gripkit.GripConfig;
import org.gripkit.GripKey;
import org.gripkit.GripSigVerifier;
import org.gripkit.servlet.GripFilter;

/** The Grip-Sig and security page's examples. */
final class SecurityExamples {
  private SecurityExamples() {}

  static GripFilter pushpinFilter(String base64Key) {
    // snippet:verify-pushpin
    // pushpin.conf: sig_iss=pushpin and sig_key=base64:<the same key>
    GripConfig config = GripConfig.builder()
        .endpoints("http://127.0.0.1:5561/?iss=pushpin&key=base64:" + base64Key)
        .verifyIssuer("pushpin")
        .requireSignature() // no valid Grip-Sig: 403, and the servlet never runs
        .build();
    GripFilter filter = new GripFilter(GripFilter.Settings.of(config));
    // end-snippet
    return filter;
  }

  static GripConfig fanout(String serviceId, String apiToken) {
    // snippet:verify-fanout
    // Publishing uses the API token as a Bearer token; Grip-Sig is checked with Fastly's
    // public key (ES256), the default for an issuer that starts with "fastly:".
    GripConfig config = GripConfig.builder()
        .endpoints("https://api.fastly.com/service/" + serviceId + "?key=" + apiToken
            + "&verify-iss=fastly:" + serviceId)
        .requireSignature()
        .build();
    // end-snippet
    return config;
  }

  static GripConfig rotating(String gripUrl, String oldKey, String newKey) {
    // snippet:verify-rotation
    // While a proxy's key changes, accept both: a token is valid if any key accepts it.
    GripConfig config = GripConfig.builder()
        .endpoints(gripUrl)
        .verifyKey(GripKey.parse(oldKey)) // "-----BEGIN PUBLIC KEY-----...", "base64:..." or text
        .verifyKey(GripKey.parse(newKey))
        .verifyIssuer("pushpin")
        .requireSignature()
        .build();
    // end-snippet
    return config;
  }

  // snippet:verify-by-hand
  /** Whether a request came through the GRIP proxy, for code that does not sit behind GripFilter. */
  static boolean fromTheProxy(GripSigVerifier verifier, HttpServletRequest request) {
    // false for a missing, malformed, expired or forged token; never an exception
    return verifier.verify(request.getHeader("Grip-Sig"));
  }
  // end-snippet

  static GripSigVerifier verifierFor(GripConfig config) {
    // snippet:verifier-of
    GripSigVerifier verifier = GripSigVerifier.of(config); // immutable, thread-safe: keep one
    // end-snippet
    return verifier;
  }
}
