/**
 * The policy gate: a plan that destroys or replaces a protected resource fails the pipeline, unless
 * the merge request carries the override label (passed in by the pipeline, e.g. from
 * CI_MERGE_REQUEST_LABELS). The override is recorded in the note, never silent.
 */
import { ResourceReview, StackReview } from './stack-review';
import { compareRisk } from './risk';

export type GateStatus = 'passed' | 'blocked' | 'overridden';

export interface GateResult {
  status: GateStatus;
  /** Protected resources that would be destroyed or replaced, riskiest first. */
  violations: ResourceReview[];
  overrideLabel: string;
}

export function evaluateGate(stacks: StackReview[], labels: string[], overrideLabel: string): GateResult {
  const violations = stacks
    .flatMap((s) => s.resources)
    .filter((r) => r.classification.destroys && r.protection.length > 0)
    .sort(compareRisk);
  if (violations.length === 0) return { status: 'passed', violations, overrideLabel };
  return { status: labels.includes(overrideLabel) ? 'overridden' : 'blocked', violations, overrideLabel };
}

/** GitLab gives MR labels as one comma-separated variable (CI_MERGE_REQUEST_LABELS). */
export function parseLabels(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
