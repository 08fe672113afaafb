/**
 * Risk ranking: destroys and replacements of protected resources first, then of stateful ones, then
 * any other destroy, then everything else. Within a level, deletes come before replacements before
 * forgets before updates, then by stack and address, so the order is the same on every run.
 */
import { ChangeKind, Classification } from './classify';
import { ProtectionMatch } from './protected-rules';

export type RiskLevel = 'critical' | 'high' | 'elevated' | 'routine';

export const RISK_ORDER: RiskLevel[] = ['critical', 'high', 'elevated', 'routine'];

export function riskLevel(c: Classification, protection: ProtectionMatch[], stateful: boolean): RiskLevel {
  if (c.destroys) {
    if (protection.length > 0) return 'critical';
    if (stateful) return 'high';
    return 'elevated';
  }
  // Forgetting leaves the object running but unmanaged: worth a look when it holds data.
  if (c.kind === 'forget' && (protection.length > 0 || stateful)) return 'elevated';
  return 'routine';
}

const KIND_ORDER: ChangeKind[] = ['delete', 'replace', 'forget', 'update', 'create', 'read', 'no-op'];

export interface Rankable {
  risk: RiskLevel;
  classification: Classification;
  stack: string;
  address: string;
  deposed?: string;
}

export function compareRisk(a: Rankable, b: Rankable): number {
  return (
    RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) ||
    KIND_ORDER.indexOf(a.classification.kind) - KIND_ORDER.indexOf(b.classification.kind) ||
    compareText(a.stack, b.stack) ||
    compareText(a.address, b.address) ||
    compareText(a.deposed ?? '', b.deposed ?? '')
  );
}

/** Plain code-unit order: locale-aware comparison would make the note depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a change belongs in the "needs attention" list at the top of the note. */
export function needsAttention(r: Rankable): boolean {
  return r.classification.destroys || r.classification.kind === 'forget';
}
