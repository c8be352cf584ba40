/**
 * gripkit core: the WebSocket-over-HTTP codec and context, GRIP instructions, {@code Grip-Sig}
 * verification and publishing to Pushpin or Fastly Fanout. It has no web framework types.
 */
module org.gripkit {
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires org.apache.httpcomponents.client5.httpclient5;
  requires org.apache.httpcomponents.core5.httpcore5;
  requires org.slf4j;

  exports org.gripkit;
}
