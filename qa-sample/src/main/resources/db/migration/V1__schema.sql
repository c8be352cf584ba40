-- The Q&A room's data: users, rooms, questions, upvotes and connection presence.
--
-- One script for PostgreSQL 15 and for H2 2.x in MODE=PostgreSQL (the embedded default), so
-- it keeps to SQL both accept. Lengths are in characters; the store checks the PROTOCOL.md
-- limits in Unicode code points before writing. PostgreSQL counts code points but H2 counts
-- UTF-16 units, so each text column is twice its limit: 1,000 emoji still fit in H2.
-- Timestamps are UTC with millisecond precision; the store truncates them before writing.

CREATE TABLE users (
    id           VARCHAR(16)  NOT NULL,
    display_name VARCHAR(80)  NOT NULL, -- limit 40
    key_hash     VARCHAR(255) NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id)
);

CREATE TABLE rooms (
    id              VARCHAR(16)  NOT NULL,
    display_name    VARCHAR(120) NOT NULL, -- limit 60
    theme_color     VARCHAR(7)   NOT NULL,
    host_code_hash  VARCHAR(255) NOT NULL,
    creator_user_id VARCHAR(16)  NOT NULL,
    CONSTRAINT rooms_pk PRIMARY KEY (id),
    CONSTRAINT rooms_creator_fk FOREIGN KEY (creator_user_id) REFERENCES users (id)
);

-- A question id is unique across rooms, so a vote or an answer can never reach a question
-- of another room by id alone; every statement still filters on room_id as well.
CREATE TABLE questions (
    id            VARCHAR(16)   NOT NULL,
    room_id       VARCHAR(16)   NOT NULL,
    question_text VARCHAR(2000) NOT NULL, -- limit 1,000
    question_ts   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    author        VARCHAR(16)   NOT NULL,
    answer_text   VARCHAR(4000),          -- limit 2,000
    answer_ts     TIMESTAMP(3) WITH TIME ZONE,
    answer_author VARCHAR(16),
    CONSTRAINT questions_pk PRIMARY KEY (id),
    CONSTRAINT questions_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT questions_author_fk FOREIGN KEY (author) REFERENCES users (id),
    CONSTRAINT questions_answer_author_fk FOREIGN KEY (answer_author) REFERENCES users (id),
    CONSTRAINT questions_answer_complete CHECK (
        (answer_text IS NULL AND answer_ts IS NULL AND answer_author IS NULL)
        OR (answer_text IS NOT NULL AND answer_ts IS NOT NULL AND answer_author IS NOT NULL))
);

CREATE INDEX questions_room_idx ON questions (room_id);

-- One row per (question, user): the primary key is what makes concurrent votes neither lost
-- nor doubled. seq only orders a question's voters by when they voted.
CREATE TABLE upvotes (
    question_id VARCHAR(16) NOT NULL,
    user_id     VARCHAR(16) NOT NULL,
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT upvotes_pk PRIMARY KEY (question_id, user_id),
    CONSTRAINT upvotes_question_fk FOREIGN KEY (question_id) REFERENCES questions (id)
        ON DELETE CASCADE,
    CONSTRAINT upvotes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);

-- Connections the GRIP proxy reported, for the room's connection count. Rows not seen for a
-- while are pruned by the store.
CREATE TABLE connections (
    id        VARCHAR(128) NOT NULL,
    room_id   VARCHAR(16)  NOT NULL,
    user_id   VARCHAR(16)  NOT NULL,
    last_seen TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    CONSTRAINT connections_pk PRIMARY KEY (id),
    CONSTRAINT connections_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id) ON DELETE CASCADE,
    CONSTRAINT connections_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE INDEX connections_room_idx ON connections (room_id, last_seen);
CREATE INDEX connections_user_idx ON connections (user_id, last_seen);
CREATE INDEX connections_last_seen_idx ON connections (last_seen);
