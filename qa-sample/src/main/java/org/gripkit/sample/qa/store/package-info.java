/**
 * Persistence of the Q&A room: rooms, users, questions, upvotes and connection presence.
 *
 * <p>Start with {@link org.gripkit.sample.qa.store.QaStores}, which opens a {@link
 * org.gripkit.sample.qa.store.QaStore} on an embedded H2 database in a data folder (the default)
 * or on PostgreSQL (when several app instances share the load), migrating the schema first. The
 * values ({@link org.gripkit.sample.qa.store.RoomInfo}, {@link
 * org.gripkit.sample.qa.store.UserInfo}, {@link org.gripkit.sample.qa.store.QuestionInfo},
 * {@link org.gripkit.sample.qa.store.FullRoomInfo}) are the JSON shapes of {@code PROTOCOL.md};
 * their component names are the JSON field names. Every failure of the store is a {@link
 * org.gripkit.sample.qa.store.StoreException}.
 */
@NullMarked
package org.gripkit.sample.qa.store;

import org.jspecify.annotations.NullMarked;
