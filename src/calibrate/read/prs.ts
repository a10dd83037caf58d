/**
 * Pull-request history: the JSON of `gh pr list --state all --json
 * number,createdAt,mergedAt,closedAt,additions,deletions,reviews,isDraft,author` (an array; JSON
 * lines also work), or a CSV with the columns number, createdAt, mergedAt, closedAt, additions,
 * deletions and, optionally, changesRequested (a count of CHANGES_REQUESTED reviews),
 * firstReviewAt, reviewHours, isDraft, author (other columns are ignored).
 * As gh writes it:
 * - `isDraft: true`: a draft is work in progress, not a change offered for review: left out
 *   (counted);
 * - `author: { login, is_bot }`: a bot is `is_bot: true`, a login ending in `[bot]` or starting
 *   with `app/` (GitHub Apps, e.g. an agent's app); `--prs-by auto` sets the agent reject share from bot-authored PRs
 *   and the human one from the rest;
 * - `reviews[].state` as GitHub defines it: `CHANGES_REQUESTED` asks for a round of changes;
 *   `APPROVED` and `COMMENTED` are reviews (they end the review wait) that ask for none;
 *   `DISMISSED` is a review withdrawn (its original request no longer stands: not a round);
 *   `PENDING` is a draft review nobody has seen (ignored). Reviews by bots (review apps) are left
 *   out of the review wait and the rounds: the model's reviewers are people.
 * From gh's `reviews` only each review's `state`, `submittedAt` and author are read (never its
 * body). `reviewHours` (hours a reviewer spent reading) is not in gh's output; where a team has
 * it, it gives lines per hour.
 */
import { UsageError } from '../../errors/index.js';
import { parseCsvLine } from '../../output/index.js';
import { BadLines, fileBytes, forEachLine, numberOf, parseObjectLine } from './lines.js';

export interface PullRequest {
  createdMs: number;
  mergedMs: number | undefined;
  closedMs: number | undefined;
  /** additions + deletions. */
  lines: number;
  /** Review data present (gh `reviews`, or a CSV count column)? */
  reviewed: boolean;
  changesRequested: number;
  firstReviewMs: number | undefined;
  reviewHours: number | undefined;
  draft: boolean;
  /** Whose: a bot (an app: `is_bot`, or a login ending in `[bot]`), a person, or not given. */
  author: 'bot' | 'person' | 'unknown';
  /** Reviews left out: by bots, pending, and dismissed (counted for the report). */
  botReviews: number;
  dismissedReviews: number;
}

/** A GitHub App's login: `name[bot]` (the REST API's spelling) or `app/name` (gh's). */
const isBotLogin = (login: string) => login.endsWith('[bot]') || login.startsWith('app/');

/** gh's author object (or a CSV login): a bot, a person, or not given. */
function authorKind(author: unknown): PullRequest['author'] {
  if (typeof author === 'string') return author === '' ? 'unknown' : isBotLogin(author) ? 'bot' : 'person';
  if (typeof author !== 'object' || author === null) return 'unknown';
  const a = author as Record<string, unknown>;
  if (a.is_bot === true || (typeof a.login === 'string' && isBotLogin(a.login))) return 'bot';
  return typeof a.login === 'string' ? 'person' : 'unknown';
}

export interface PrCounts {
  bytes: number;
  format: 'json' | 'jsonl' | 'csv';
  items: number;
  malformedSkipped: number;
}

const time = (v: unknown): number | undefined | null => {
  if (v === undefined || v === null || v === '') return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** One PR from a record (gh JSON, or a CSV row as an object of strings); a string names what is wrong. */
function pullRequestOf(r: Record<string, unknown>): PullRequest | string {
  const createdMs = time(r.createdAt);
  if (typeof createdMs !== 'number') return 'createdAt is missing or not a date';
  const mergedMs = time(r.mergedAt);
  const closedMs = time(r.closedAt);
  if (mergedMs === null) return 'mergedAt is not a date';
  if (closedMs === null) return 'closedAt is not a date';
  const additions = numberOf(r.additions);
  const deletions = numberOf(r.deletions);
  if (additions === undefined || additions < 0) return 'additions is missing or not a non-negative number';
  if (deletions === undefined || deletions < 0) return 'deletions is missing or not a non-negative number';
  let reviewed = false;
  let changesRequested = 0;
  let firstReviewMs: number | undefined;
  let botReviews = 0;
  let dismissedReviews = 0;
  if (Array.isArray(r.reviews)) {
    reviewed = true;
    for (const rv of r.reviews as Record<string, unknown>[]) {
      if (rv?.state === 'PENDING') continue;
      if (authorKind(rv?.author) === 'bot') {
        botReviews++;
        continue;
      }
      if (rv?.state === 'DISMISSED') dismissedReviews++;
      if (rv?.state === 'CHANGES_REQUESTED') changesRequested++;
      const at = time(rv?.submittedAt);
      if (typeof at === 'number' && (firstReviewMs === undefined || at < firstReviewMs)) firstReviewMs = at;
    }
  } else {
    const cr = r.changesRequested === undefined || r.changesRequested === '' ? undefined : numberOf(r.changesRequested);
    if (cr !== undefined) {
      if (!(cr >= 0)) return 'changesRequested is not a non-negative number';
      reviewed = true;
      changesRequested = cr;
    }
    const first = time(r.firstReviewAt);
    if (first === null) return 'firstReviewAt is not a date';
    firstReviewMs = first;
  }
  const hours = r.reviewHours === undefined || r.reviewHours === '' ? undefined : numberOf(r.reviewHours);
  if (hours !== undefined && !(hours > 0)) return 'reviewHours must be a positive number';
  // Time runs forwards: a pull request merged, closed or reviewed before it was created is a broken record, not a negative duration.
  if (typeof mergedMs === 'number' && typeof createdMs === 'number' && mergedMs < createdMs) return 'mergedAt is before createdAt';
  if (typeof closedMs === 'number' && typeof createdMs === 'number' && closedMs < createdMs) return 'closedAt is before createdAt';
  if (typeof firstReviewMs === 'number' && typeof createdMs === 'number' && firstReviewMs < createdMs) return 'its first review is before createdAt';
  const draft = r.isDraft === true || r.isDraft === 'true';
  return { createdMs, mergedMs, closedMs, lines: additions + deletions, reviewed, changesRequested, firstReviewMs, reviewHours: hours, draft, author: authorKind(r.author), botReviews, dismissedReviews };
}

export function readPullRequests(file: string, bad: BadLines, onPr: (pr: PullRequest) => void): PrCounts {
  const bytes = fileBytes(file, '--prs');
  if (bytes === 0) throw new UsageError(`--prs ${file}: the file is empty`, 'prs');
  const before = bad.total;
  let items = 0;
  const take = (r: Record<string, unknown> | undefined, where: string) => {
    const pr = r ? pullRequestOf(r) : 'is not a JSON object';
    if (typeof pr === 'string') return bad.report(file, where, pr);
    items++;
    onPr(pr);
  };
  // One pass, the format told by the first character that is not blank: a pipe cannot be read twice.
  let format: PrCounts['format'] | undefined;
  const arrayLines: string[] = [];
  let header: string[] | undefined;
  forEachLine(file, (text, line) => {
    if (format === undefined) {
      if (text.trim() === '') return;
      const first = text.trimStart().charAt(0);
      format = first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
    }
    // A JSON array is parsed whole, at its end (a JSON string holds no line break, so the lines join back exactly).
    if (format === 'json') return void arrayLines.push(text);
    if (text.trim() === '') return;
    if (format === 'jsonl') return take(parseObjectLine(text), `line ${line}`);
    let cells: string[];
    try {
      cells = parseCsvLine(text).map((c) => c.trim());
    } catch {
      return bad.report(file, `line ${line}`, 'is not valid CSV (an unterminated quote)');
    }
    if (!header) {
      header = cells;
      const missing = ['createdAt', 'additions', 'deletions'].filter((c) => !cells.includes(c));
      if (missing.length) throw new UsageError(`--prs ${file}: no column ${missing.map((m) => `'${m}'`).join(', ')} in the header (columns: ${cells.join(', ')})`, 'prs');
      return;
    }
    take(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])), `line ${line}`);
  });
  if (format === 'json') {
    let list: unknown;
    try {
      list = JSON.parse(arrayLines.join('\n'));
    } catch {
      throw new UsageError(`--prs ${file}: not valid JSON; give the output of gh pr list --state all --json number,createdAt,mergedAt,closedAt,additions,deletions,reviews,isDraft,author`, 'prs');
    }
    (list as unknown[]).forEach((item, i) => {
      const r = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
      take(r, `item ${i + 1}${r && r.number !== undefined ? ` (PR #${String(numberOf(r.number) ?? '?')})` : ''}`);
    });
  }
  if (items === 0 && bad.total === before) throw new UsageError(`--prs ${file}: no pull requests in the file`, 'prs');
  return { bytes: bytes ?? 0, format: format ?? 'csv', items, malformedSkipped: bad.total - before };
}
