package org.gripkit.devproxy;

/** A publish body that the proxy refuses; the message is the text of Pushpin's 400 answer. */
final class PublishFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  PublishFormatException(String message) {
    super(message);
  }
}
