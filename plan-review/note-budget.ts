/**
 * Fits a note into a size limit by shedding detail, never the summary.
 *
 * A note is a sequence of pieces. Fixed pieces (title, gate, headline table) always stay. A sheddable
 * piece has shorter versions, each reached in a numbered phase: first every attribute diff gives way
 * to a one-line entry, lowest-ranked first; only when that is not enough do one-line entries go, and
 * last the entries of the "riskiest first" list. A notice piece says how many entries of its group
 * went missing; its text is charged against the limit as it grows.
 */

export interface FixedPiece {
  kind: 'fixed';
  text: string;
}

export interface SheddablePiece {
  kind: 'sheddable';
  /**
   * From fullest to shortest; `phases[i]` is the phase in which the piece may step down to version i.
   * A single empty version marks a piece shed before rendering (it still counts in its group's notice).
   */
  versions: string[];
  phases: number[];
  /** Higher keeps longer; ties shed the later piece first. */
  keep: number;
  /** Counted in this group's notice when the piece is shed to nothing. */
  group?: string;
}

export interface NoticePiece {
  kind: 'notice';
  group: string;
  render(omitted: number): string;
}

export type Piece = FixedPiece | SheddablePiece | NoticePiece;

export class NoteTooSmallError extends Error {}

export function fitToLimit(pieces: Piece[], limit: number): string {
  const level = pieces.map(() => 0);
  const omitted = new Map<string, number>();
  // A piece that is empty from the start was shed before it was rendered: count it too.
  for (const p of pieces) if (p.kind === 'sheddable' && p.group && p.versions[0] === '') omitted.set(p.group, (omitted.get(p.group) ?? 0) + 1);
  const notices = new Map<string, NoticePiece[]>();
  for (const p of pieces) if (p.kind === 'notice') notices.set(p.group, [...(notices.get(p.group) ?? []), p]);
  const noticeSize = (group: string) => (notices.get(group) ?? []).reduce((n, p) => n + p.render(omitted.get(group) ?? 0).length, 0);

  const sizeOf = (p: Piece, i: number): number => {
    if (p.kind === 'fixed') return p.text.length;
    if (p.kind === 'sheddable') return p.versions[level[i]].length;
    return p.render(omitted.get(p.group) ?? 0).length;
  };
  let total = pieces.reduce((n, p, i) => n + sizeOf(p, i), 0);

  const phases = [...new Set(pieces.flatMap((p) => (p.kind === 'sheddable' ? p.phases.slice(1) : [])))].sort((a, b) => a - b);
  for (const phase of phases) {
    if (total <= limit) break;
    const candidates = pieces
      .map((p, i) => ({ p, i }))
      .filter((c): c is { p: SheddablePiece; i: number } => c.p.kind === 'sheddable' && c.p.phases[level[c.i] + 1] === phase)
      .sort((a, b) => a.p.keep - b.p.keep || b.i - a.i);
    for (const { p, i } of candidates) {
      if (total <= limit) break;
      total -= p.versions[level[i]].length;
      level[i]++;
      total += p.versions[level[i]].length;
      if (p.versions[level[i]] === '' && p.group) {
        // The group's notice grows with its count ("9 more" to "10 more"): charge the difference.
        total -= noticeSize(p.group);
        omitted.set(p.group, (omitted.get(p.group) ?? 0) + 1);
        total += noticeSize(p.group);
      }
    }
  }
  if (total > limit) {
    throw new NoteTooSmallError(`the note limit of ${limit} characters is too small for the summary alone (${total} characters needed)`);
  }
  return pieces
    .map((p, i) => (p.kind === 'fixed' ? p.text : p.kind === 'sheddable' ? p.versions[level[i]] : p.render(omitted.get(p.group) ?? 0)))
    .join('');
}
