// Relative times ("8 minutes ago") for ISO-8601 timestamps from the server.

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const STEPS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function parseTime(iso) {
  if (typeof iso !== 'string') return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export function relativeTime(iso, now = Date.now()) {
  const t = parseTime(iso);
  if (t === null) return 'some time ago';
  const seconds = Math.max(0, Math.round((now - t) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return rtf.format(-seconds, 'second');
  if (seconds >= 4 * 7 * 24 * 3600) return `on ${short.format(new Date(t))}`;
  for (const [unit, size] of STEPS) {
    if (seconds >= size) return rtf.format(-Math.floor(seconds / size), unit);
  }
  return rtf.format(-seconds, 'second');
}

export function absoluteTime(iso) {
  const t = parseTime(iso);
  return t === null ? '' : full.format(new Date(t));
}

export function clockTime(iso) {
  const t = parseTime(iso);
  if (t === null) return '';
  const d = new Date(t);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
