package org.gripkit.devproxy;

/** Something that receives publishes to the channels it is subscribed to. */
interface Subscriber {
  /** Delivers one item; the subscriber picks the format it handles and ignores the others. */
  void publish(PublishItem item);
}
