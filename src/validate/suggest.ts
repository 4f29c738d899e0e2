import { quoted } from "../text.js";

/** Names longer than this get no "did you mean": no real name is (step and parameter names are at most 64). */
const MAX_SUGGESTED_LENGTH = 256;

/**
 * How many edit-distance cells the suggestions of one validation may compute in all. Each name is
 * compared with every candidate, so a document with thousands of misspelled names and thousands of
 * steps would otherwise take minutes; past the budget, messages simply have no suggestion. Each
 * candidate looked at costs one, each cell of an edit-distance table one more. (A real document
 * needs a few thousand.)
 */
export const SUGGESTION_BUDGET = 20_000_000;

/** Makes "did you mean" suggestions within a budget of work shared by all of them. */
export class Suggester {
  #budget: number;

  constructor(budget: number = SUGGESTION_BUDGET) {
    this.#budget = budget;
  }

  /**
   * " Did you mean "X"?" for the candidate closest to a misspelled name, or "" when none is close
   * (within a third of the name's length, at least 2 edits), the name is too long to be a
   * misspelling of a real one, or the budget is spent.
   */
  didYouMean(name: string, candidates: Iterable<string>): string {
    if (name.length > MAX_SUGGESTED_LENGTH) return "";
    const allowed = Math.max(2, Math.floor(name.length / 3));
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestScore = allowed + 1;
    for (const candidate of candidates) {
      if (--this.#budget < 0) break;
      // the distance is at least the difference in length: most candidates need no table at all
      if (Math.abs(candidate.length - name.length) >= bestScore) continue;
      const cells = (name.length + 1) * (candidate.length + 1);
      if (cells > this.#budget) return best === undefined ? "" : ` Did you mean ${quoted(best)}?`;
      this.#budget -= cells;
      const score = editDistance(lower, candidate.toLowerCase());
      if (score < bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return best === undefined ? "" : ` Did you mean ${quoted(best)}?`;
  }
}

/**
 * " Did you mean "X"?" for the candidate closest to a misspelled name, or "" when none is close
 * (within a third of the name's length, at least 2 edits). Bounded like {@link Suggester}.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  return new Suggester().didYouMean(name, candidates);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
