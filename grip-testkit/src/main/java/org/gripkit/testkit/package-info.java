/**
 * gripkit's test kit: test an application's GRIP code without a GRIP proxy.
 *
 * <ul>
 *   <li>{@link org.gripkit.testkit.WebSocketDriver} plays Pushpin for a WebSocket origin, a
 *       {@link org.gripkit.testkit.WebSocketHandler} in-process or an HTTP endpoint, and
 *       each {@link org.gripkit.testkit.WebSocketReply} says what the origin did.
 *   <li>{@link org.gripkit.testkit.PublishRecorder} is a publish endpoint on loopback that
 *       records every {@link org.gripkit.testkit.RecordedPublish} and {@link
 *       org.gripkit.testkit.RecordedItem}, and answers as told ({@link
 *       org.gripkit.testkit.PublishAnswer}).
 *   <li>{@link org.gripkit.testkit.Fixtures} are golden bytes of known GRIP pitfalls.
 *   <li>{@link org.gripkit.testkit.GripTestKit} is the JUnit 5 extension that hands them to
 *       tests.
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(GripTestKit.class)
 * class ChatTest {
 *   @Test
 *   void messagesArePublishedToTheRoom(PublishRecorder recorder) throws Exception {
 *     try (GripPublisher publisher = GripPublisher.builder(recorder.config()).build()) {
 *       WebSocketDriver.Connection alice = WebSocketDriver.of(new ChatHandler(publisher)).connect();
 *       alice.open().assertAccepted();
 *       alice.sendText("/nick alice").assertMetaSet("user", "alice");
 *       alice.sendText("/join alpha").assertSubscribed("room-alpha").assertMetaSet("room", "alpha");
 *       alice.sendText("hi").assertNoMessages();
 *     }
 *     assertThat(recorder.items()).extracting(RecordedItem::channel).containsExactly("room-alpha");
 *   }
 * }
 * }</pre>
 */
@NullMarked
package org.gripkit.testkit;

import org.jspecify.annotations.NullMarked;
