// The room's state in the browser: a snapshot from /api/room/{id}/full plus every *_PASSIVE
// message applied on top. Applying a message is idempotent: questions are kept by id, and
// vote lists are replaced, never appended to, so a message seen twice changes nothing.

import { isValidColor, DEFAULT_THEME } from './validate.js';

function isString(v) {
  return typeof v === 'string';
}

function cleanVotes(list) {
  if (!Array.isArray(list)) return [];
  return [...new Set(list.filter(isString))];
}

/** A RoomInfo from the server; an invalid colour keeps `previous` (never reaches a style). */
function cleanRoom(info, roomId, previous) {
  if (!info || typeof info !== 'object') return null;
  return {
    id: isString(info.id) ? info.id : roomId,
    displayName: isString(info.displayName) ? info.displayName : previous.displayName,
    themeColor: isValidColor(info.themeColor) ? info.themeColor : previous.themeColor,
  };
}

function cleanQuestion(q) {
  if (!q || typeof q !== 'object' || !isString(q.id)) return null;
  return {
    id: q.id,
    questionText: isString(q.questionText) ? q.questionText : '',
    questionTimestamp: isString(q.questionTimestamp) ? q.questionTimestamp : null,
    author: isString(q.author) ? q.author : '',
    answerText: isString(q.answerText) ? q.answerText : null,
    answerTimestamp: isString(q.answerTimestamp) ? q.answerTimestamp : null,
    answerAuthor: isString(q.answerAuthor) ? q.answerAuthor : null,
    upVotes: cleanVotes(q.upVotes),
  };
}

function time(ts) {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}

/** Most votes first; ties: older first; then by id so the order is stable. */
export function compareQuestions(a, b) {
  const votes = b.upVotes.length - a.upVotes.length;
  if (votes !== 0) return votes;
  const age = time(a.questionTimestamp) - time(b.questionTimestamp);
  if (age !== 0) return age;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class RoomStore {
  constructor(roomId, userId) {
    this.roomId = roomId;
    this.userId = userId;
    this.roomInfo = { id: roomId, displayName: roomId, themeColor: DEFAULT_THEME };
    /** @type {Map<string, object>} */
    this.questions = new Map();
    /** @type {Map<string, {id: string, displayName: string}>} */
    this.users = new Map();
    this.role = null;
    this.connections = null;
    this.loaded = false;
  }

  /** Replaces everything known about the room's content with a FullRoomInfo snapshot. */
  loadFull(full) {
    const room = cleanRoom(full && full.roomInfo, this.roomId, this.roomInfo);
    if (room) this.roomInfo = room;
    const me = this.users.get(this.userId);
    this.questions = new Map();
    for (const raw of Array.isArray(full && full.questions) ? full.questions : []) {
      const q = cleanQuestion(raw);
      if (q) this.questions.set(q.id, q);
    }
    for (const u of Array.isArray(full && full.userInfos) ? full.userInfos : []) this.putUser(u);
    if (me && !this.users.has(this.userId)) this.users.set(this.userId, me);
    this.loaded = true;
  }

  putUser(u) {
    if (u && typeof u === 'object' && isString(u.id) && isString(u.displayName)) {
      this.users.set(u.id, { id: u.id, displayName: u.displayName });
      return true;
    }
    return false;
  }

  displayName(userId) {
    const u = this.users.get(userId);
    return u ? u.displayName : userId;
  }

  sortedQuestions() {
    return [...this.questions.values()].sort(compareQuestions);
  }

  hasVoted(question) {
    return question.upVotes.includes(this.userId);
  }

  /**
   * Applies one server message.
   * @returns {{changed: boolean, reload: boolean}} reload: the message refers to something
   *   this browser has not seen, so the snapshot should be fetched again.
   */
  apply(msg) {
    const none = { changed: false, reload: false };
    if (!msg || !isString(msg.type)) return none;
    if (isString(msg.roomId) && msg.roomId !== this.roomId) return none;
    switch (msg.type) {
      case 'WELCOME':
        if (msg.role === 'host' || msg.role === 'guest') {
          const changed = this.role !== msg.role;
          this.role = msg.role;
          return { changed, reload: false };
        }
        return none;
      case 'ROOMINFO_UPDATE_PASSIVE': {
        const room = cleanRoom(msg.roomInfo, this.roomId, this.roomInfo);
        if (!room || room.id !== this.roomId) return none;
        this.roomInfo = room;
        return { changed: true, reload: false };
      }
      case 'USERINFO_UPDATE_PASSIVE':
        return { changed: this.putUser(msg.userInfo), reload: false };
      case 'QUESTION_UPDATE_INFO_PASSIVE':
        return this.applyQuestionUpdate(msg);
      case 'QUESTION_UPVOTE_PASSIVE': {
        if (msg.userInfo) this.putUser(msg.userInfo);
        const q = isString(msg.questionId) ? this.questions.get(msg.questionId) : undefined;
        if (!q) return { changed: false, reload: isString(msg.questionId) };
        q.upVotes = cleanVotes(msg.upVotes);
        return { changed: true, reload: false };
      }
      case 'QUESTION_DELETE_PASSIVE':
        if (!isString(msg.questionId)) return none;
        return { changed: this.questions.delete(msg.questionId), reload: false };
      case 'CONNECTIONS_UPDATE_PASSIVE':
        return { changed: this.setConnections(msg.count), reload: false };
      default:
        return none;
    }
  }

  setConnections(count) {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return false;
    const changed = this.connections !== count;
    this.connections = Math.floor(count);
    return changed;
  }

  applyQuestionUpdate(msg) {
    if (!isString(msg.questionId)) return { changed: false, reload: false };
    if (msg.userInfo) this.putUser(msg.userInfo);
    let q = this.questions.get(msg.questionId);
    if (!q) {
      // A post carries the question itself; an answer to a question we never saw does not.
      if (!isString(msg.questionText)) return { changed: false, reload: true };
      q = cleanQuestion({ id: msg.questionId });
      if (Array.isArray(msg.upVotes)) q.upVotes = cleanVotes(msg.upVotes);
      this.questions.set(q.id, q);
    }
    // A post message's vote list is the initial one; votes on a question already known only
    // change through QUESTION_UPVOTE_PASSIVE, so a repeated post cannot roll them back.
    if (isString(msg.questionText)) q.questionText = msg.questionText;
    if (isString(msg.questionTimestamp)) q.questionTimestamp = msg.questionTimestamp;
    if (isString(msg.author)) q.author = msg.author;
    // Answers are only ever set (the protocol has no way to take one back), so a late or
    // repeated post message that carries null answer fields never erases an answer.
    if (isString(msg.answerText)) {
      q.answerText = msg.answerText;
      if (isString(msg.answerTimestamp)) q.answerTimestamp = msg.answerTimestamp;
      if (isString(msg.answerAuthor)) q.answerAuthor = msg.answerAuthor;
    }
    return { changed: true, reload: false };
  }
}
