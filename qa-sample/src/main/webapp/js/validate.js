// Client-side copies of the contract's limits (qa-sample/PROTOCOL.md, "Limits").
// The server is the authority; these checks only give early, friendly feedback.

export const ID_PATTERN = /^[a-z][-_.a-z0-9]{1,14}[a-z0-9]$/;
export const HOST_CODE_PATTERN = /^[a-z0-9]{12}$/;
export const COLOR_PATTERN = /^#[0-9a-f]{6}$/;
export const QUESTION_ID_PATTERN = /^[0-9a-f]{16}$/;

export const THEME_COLORS = Object.freeze([
  { value: '#038cfc', name: 'Blue' },
  { value: '#d35192', name: 'Pink' },
  { value: '#188c2d', name: 'Green' },
  { value: '#765f09', name: 'Olive' },
  { value: '#6e1786', name: 'Purple' },
  { value: '#af2c37', name: 'Red' },
]);
export const DEFAULT_THEME = '#038cfc';

export const LIMITS = Object.freeze({
  questionText: 1000,
  answerText: 2000,
  userDisplayName: 40,
  roomDisplayName: 60,
  requestId: 64,
  messageBytes: 16 * 1024,
});

export const ID_RULE_TEXT =
  '3 to 16 characters: lowercase letters, digits, "-", "_" or "."; ' +
  'starts with a letter, ends with a letter or digit.';

/** Length in Unicode code points, as the contract counts characters. */
export function codePointLength(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Returns null when the id is fine, otherwise a short explanation. */
export function checkId(value, what) {
  if (value === '') return `Enter a ${what}.`;
  if (value.length < 3) return `The ${what} needs at least 3 characters.`;
  if (value.length > 16) return `The ${what} can have at most 16 characters.`;
  if (/[A-Z]/.test(value)) return `The ${what} must be lowercase.`;
  if (!/^[a-z]/.test(value)) return `The ${what} must start with a lowercase letter.`;
  if (!/[a-z0-9]$/.test(value)) return `The ${what} must end with a letter or digit.`;
  if (!ID_PATTERN.test(value)) return `The ${what} may only use a-z, 0-9, "-", "_" and ".".`;
  return null;
}

/** Checks a trimmed text against 1..max code points; null when fine. */
export function checkText(value, max, what) {
  const trimmed = value.trim();
  if (trimmed === '') return `The ${what} cannot be empty.`;
  const n = codePointLength(trimmed);
  if (n > max) return `The ${what} can have at most ${max} characters (it has ${n}).`;
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(trimmed)) {
    return `The ${what} contains a control character.`;
  }
  return null;
}

export function checkHostCode(value) {
  if (value === '') return null;
  if (!HOST_CODE_PATTERN.test(value)) return 'A host code is 12 characters: lowercase letters and digits.';
  return null;
}

/** A colour from anywhere (server, input) is only used in styles if it passes this. */
export function isValidColor(value) {
  return typeof value === 'string' && COLOR_PATTERN.test(value);
}

export function safeColor(value, fallback = DEFAULT_THEME) {
  return isValidColor(value) ? value : fallback;
}

function channel(v) {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex) {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastWithWhite(hex) {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * The colour itself when it reaches `ratio` against white, otherwise the same hue darkened
 * until it does (so a custom light colour such as #ffff00 stays readable).
 */
export function readableOnWhite(hex, ratio) {
  let r = parseInt(hex.slice(1, 3), 16);
  let g = parseInt(hex.slice(3, 5), 16);
  let b = parseInt(hex.slice(5, 7), 16);
  const toHex = (n) => n.toString(16).padStart(2, '0');
  let out = hex;
  for (let i = 0; i < 40 && contrastWithWhite(out) < ratio; i++) {
    r = Math.floor(r * 0.92);
    g = Math.floor(g * 0.92);
    b = Math.floor(b * 0.92);
    out = `#${toHex(r)}${toHex(g)}${toHex(b)}`;
  }
  return out;
}
