/**
 * From pull requests to review figures (drafts left out; by author kind where --prs-by auto): the share closed without merge, the share of merged
 * changes a reviewer asked to change, rounds (1 + changes requested), review wait (opening to
 * first review), lines per reviewer hour (where a reviewHours column gives the time) and change
 * sizes (additions + deletions).
 */
import { Growable } from '../growable.js';
import type { PullRequest } from '../read/prs.js';

const HOUR_MS = 3_600_000;

/** Merged and closed-unmerged PRs of one kind of author. */
export interface Decided {
  merged: number;
  closedUnmerged: number;
}

export class PrStats {
  /** Drafts, left out of every figure. */
  drafts = 0;
  /** PRs by author: bot (an app), person, not given. */
  readonly byAuthor = { bot: { merged: 0, closedUnmerged: 0 } as Decided, person: { merged: 0, closedUnmerged: 0 } as Decided, unknown: { merged: 0, closedUnmerged: 0 } as Decided };
  authored = { bot: 0, person: 0, unknown: 0 };
  botReviews = 0;
  dismissedReviews = 0;
  merged = 0;
  closedUnmerged = 0;
  open = 0;
  mergedReviewed = 0;
  mergedWithChangesRequested = 0;
  maxRoundsMerged = 0;
  /** additions + deletions of every PR with at least one changed line. */
  readonly sizes = new Growable();
  readonly reviewWaitHours = new Growable();
  readonly linesPerHour = new Growable();
  /** Rounds (1 + changes requested) of each merged PR with review data. */
  readonly roundsMerged = new Growable();

  add(pr: PullRequest): void {
    if (pr.draft) {
      this.drafts++;
      return;
    }
    this.authored[pr.author]++;
    this.botReviews += pr.botReviews;
    this.dismissedReviews += pr.dismissedReviews;
    if (pr.mergedMs !== undefined) {
      this.merged++;
      this.byAuthor[pr.author].merged++;
    } else if (pr.closedMs !== undefined) {
      this.closedUnmerged++;
      this.byAuthor[pr.author].closedUnmerged++;
    } else this.open++;
    if (pr.lines > 0) this.sizes.push(pr.lines);
    if (pr.mergedMs !== undefined && pr.reviewed) {
      this.mergedReviewed++;
      if (pr.changesRequested > 0) this.mergedWithChangesRequested++;
      this.maxRoundsMerged = Math.max(this.maxRoundsMerged, 1 + pr.changesRequested);
      this.roundsMerged.push(1 + pr.changesRequested);
    }
    if (pr.firstReviewMs !== undefined && pr.firstReviewMs >= pr.createdMs) this.reviewWaitHours.push((pr.firstReviewMs - pr.createdMs) / HOUR_MS);
    if (pr.reviewHours !== undefined && pr.lines > 0) this.linesPerHour.push(pr.lines / pr.reviewHours);
  }
}
