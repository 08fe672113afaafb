/**
 * The policy gate: checkov (pinned in the project venv) over synthesized stacks, minus the accepted
 * exceptions of policy/checkov-suppressions.ts; it passes only with zero remaining findings.
 *
 * policy/checkov.ts runs checkov (all stacks in one process) but scopes suppressions by check and
 * resource type only. The gate needs narrower scopes (construct path, tier), so it asks runCheckov for
 * every finding and applies the list here. That also tells which suppressions no stack used any more.
 */
import * as fs from 'fs';
import { CheckovFinding, runCheckov } from './checkov';
import { CHECKOV_SUPPRESSIONS, CheckovSuppression, SuppressionTier } from './checkov-suppressions';

export interface GateFinding extends CheckovFinding {
  /** cdktf construct path inside the stack (metadata path without the stack name); '' if the JSON has none. */
  constructPath: string;
  /** The stack's `Tier` provider default tag, if it has one. */
  tier?: string;
}

export interface SuppressedGateFinding extends GateFinding {
  suppression: CheckovSuppression;
}

export interface PolicyGateReport {
  stacks: string[];
  /** Findings no suppression covers: the gate passes only when this is empty. */
  failed: GateFinding[];
  suppressed: SuppressedGateFinding[];
  /** Suppressions that covered no finding in this run (stale, or scoped to stacks not scanned). */
  unusedSuppressions: CheckovSuppression[];
  checkovMs: number;
}

const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;
const RESOURCE_TYPE = /^(data\.)?[a-z][a-z0-9]*_[a-z0-9_]+$/;
const TIERS: readonly SuppressionTier[] = ['test', 'production'];
const PATH_GLOB = /^[A-Za-z0-9_.*-]+(\/[A-Za-z0-9_.*-]+)*$/;

/** One line per suppression in error messages and reports. */
export function describeSuppression(s: CheckovSuppression): string {
  const scope = [s.resourceType ?? 'any type', s.constructPaths ? `paths ${s.constructPaths.join(', ')}` : '', s.tier ? `tier ${s.tier}` : '']
    .filter(Boolean)
    .join(', ');
  return `${s.checkId} on ${scope}`;
}

function scopeKey(s: CheckovSuppression): string {
  return `${s.checkId} ${s.resourceType} ${s.tier ?? '*'}`;
}

/**
 * The gate's stricter rules for the list: a resource type on every entry (a type-less entry would
 * skip a check everywhere), well-formed globs and tiers, a reason, and one entry per check, type and
 * tier (so each exception is stated, and justified, once).
 */
export function validateSuppressions(suppressions: readonly CheckovSuppression[]): void {
  const problems: string[] = [];
  const seen = new Map<string, CheckovSuppression>();
  for (const s of suppressions) {
    const what = describeSuppression(s);
    if (!CHECK_ID.test(s.checkId)) problems.push(`${what}: invalid check ID (expected e.g. CKV_AWS_7 or CKV2_AWS_62)`);
    if (!s.resourceType) problems.push(`${what}: no resourceType; the gate does not skip a check for every resource`);
    else if (!RESOURCE_TYPE.test(s.resourceType)) problems.push(`${what}: invalid resourceType (expected e.g. aws_s3_bucket or data.aws_iam_policy_document)`);
    if (s.constructPaths !== undefined) {
      if (s.constructPaths.length === 0) problems.push(`${what}: empty constructPaths (omit it to cover every resource of the type)`);
      for (const p of s.constructPaths) {
        if (!PATH_GLOB.test(p)) problems.push(`${what}: invalid construct path glob "${p}" (segments of letters, digits, - _ . and *, separated by /, no leading /)`);
      }
    }
    if (s.tier !== undefined && !TIERS.includes(s.tier)) problems.push(`${what}: invalid tier "${s.tier}" (expected ${TIERS.join(' or ')})`);
    if (!s.reason || !s.reason.trim()) problems.push(`${what}: no reason`);
    else if (/[\n|]/.test(s.reason)) problems.push(`${what}: the reason must be one line without "|" (it is rendered into a Markdown table)`);
    const key = scopeKey(s);
    if (seen.has(key)) problems.push(`${what}: a second entry for the same check, type and tier (merge its paths into the first)`);
    seen.set(key, s);
  }
  if (problems.length) throw new Error(`invalid checkov suppressions:\n  ${problems.join('\n  ')}`);
}

/** `*` matches within one path segment, `**` any number of whole segments (also none). */
export function globToRegExp(glob: string): RegExp {
  const parts = glob.split('/').map((segment) =>
    segment === '**' ? null : segment.split('*').map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'),
  );
  let source = '';
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (part === null) source += last ? '.*' : '(?:[^/]+/)*';
    else source += last ? part : `${part}/`;
  });
  return new RegExp(`^${source}$`);
}

export function suppressionCovers(s: CheckovSuppression, finding: GateFinding): boolean {
  if (s.checkId !== finding.checkId) return false;
  if (s.resourceType !== finding.resourceType) return false;
  // Fail closed: a stack without a Tier tag, or a resource without a construct path, is not in any scope.
  if (s.tier !== undefined && finding.tier !== s.tier) return false;
  if (s.constructPaths !== undefined && !s.constructPaths.some((p) => globToRegExp(p).test(finding.constructPath))) return false;
  return true;
}

/** Splits findings into failed and suppressed, and lists the suppressions nothing needed. */
export function applySuppressions(
  findings: readonly GateFinding[],
  suppressions: readonly CheckovSuppression[],
): Pick<PolicyGateReport, 'failed' | 'suppressed' | 'unusedSuppressions'> {
  validateSuppressions(suppressions);
  const used = new Set<CheckovSuppression>();
  const failed: GateFinding[] = [];
  const suppressed: SuppressedGateFinding[] = [];
  for (const finding of findings) {
    const suppression = suppressions.find((s) => suppressionCovers(s, finding));
    if (suppression) {
      used.add(suppression);
      suppressed.push({ ...finding, suppression });
    } else failed.push(finding);
  }
  return { failed, suppressed, unusedSuppressions: suppressions.filter((s) => !used.has(s)) };
}

interface StackJson {
  provider?: { aws?: { default_tags?: { tags?: Record<string, string> }[] }[] };
  resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;
  data?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;
}

/** What the gate needs from one scanned cdk.tf.json: the stack's tier and each block's construct path. */
class StackIndex {
  readonly tier?: string;
  private readonly json: StackJson;

  constructor(readonly file: string) {
    this.json = JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson;
    const tiers = new Set((this.json.provider?.aws ?? []).flatMap((p) => (p.default_tags ?? []).map((t) => t.tags?.Tier)).filter((t): t is string => !!t));
    // Providers of one stack disagreeing on the tier would make tier scopes ambiguous: no tier then.
    this.tier = tiers.size === 1 ? [...tiers][0] : undefined;
  }

  /**
   * runCheckov names data sources `data.<name>` (checkov leaves out their type); resolves that to
   * `data.<type>.<name>` and the type `data.<type>`, like Terraform addresses.
   */
  locate(finding: CheckovFinding): { resourceType: string; resourceAddress: string; constructPath: string } {
    const address = finding.resourceAddress;
    let mode: 'resource' | 'data' = 'resource';
    let type = finding.resourceType;
    let name = address.slice(type.length + 1);
    if (address.startsWith('data.')) {
      mode = 'data';
      const rest = address.slice('data.'.length);
      const dot = rest.indexOf('.');
      if (dot > 0 && this.json.data?.[rest.slice(0, dot)]?.[rest.slice(dot + 1)]) {
        type = rest.slice(0, dot);
        name = rest.slice(dot + 1);
      } else {
        const types = Object.entries(this.json.data ?? {}).filter(([, byName]) => byName[rest]).map(([t]) => t);
        if (types.length !== 1) throw new Error(`checkov reported ${finding.checkId} on ${address} in ${this.file}, which names ${types.length} data sources`);
        type = types[0];
        name = rest;
      }
    }
    const block = (mode === 'data' ? this.json.data : this.json.resource)?.[type]?.[name];
    const fullPath = block?.['//']?.metadata?.path ?? '';
    // The metadata path starts with the stack's name; scopes are written relative to the stack.
    const constructPath = fullPath.includes('/') ? fullPath.slice(fullPath.indexOf('/') + 1) : '';
    return mode === 'data'
      ? { resourceType: `data.${type}`, resourceAddress: `data.${type}.${name}`, constructPath }
      : { resourceType: type, resourceAddress: address, constructPath };
  }
}

/** Adds the construct path and stack tier the suppression scopes need to runCheckov's findings. */
export function enrichFindings(findings: readonly CheckovFinding[]): GateFinding[] {
  const stacks = new Map<string, StackIndex>();
  return findings.map((finding) => {
    let stack = stacks.get(finding.file);
    if (!stack) {
      stack = new StackIndex(finding.file);
      stacks.set(finding.file, stack);
    }
    return { ...finding, ...stack.locate(finding), tier: stack.tier };
  });
}

/** Runs checkov once over all stack directories and applies the suppression list. */
export function runPolicyGate(stackDirs: string[], suppressions: readonly CheckovSuppression[] = CHECKOV_SUPPRESSIONS): PolicyGateReport {
  validateSuppressions(suppressions);
  const report = runCheckov(stackDirs);
  return { stacks: report.stacks, ...applySuppressions(enrichFindings(report.failed), suppressions), checkovMs: report.durationMs };
}

function findingLine(f: GateFinding): string {
  return `${f.checkId} ${f.resourceAddress}${f.constructPath ? ` (${f.constructPath})` : ''}: ${f.checkName}`;
}

/** One finding on one line: `<stack>: <check> <address> (<construct path>): <check name>`. */
export function formatFinding(f: GateFinding): string {
  return `${f.stack}: ${findingLine(f)}`;
}

/** Failed checks grouped by stack, one per line; '' when there are none. */
export function formatFailures(failed: readonly GateFinding[]): string {
  const byStack = new Map<string, GateFinding[]>();
  for (const f of failed) byStack.set(f.stack, [...(byStack.get(f.stack) ?? []), f]);
  return [...byStack]
    .map(([stack, list]) => [`${stack} (${list.length}):`, ...list.map((f) => `  ${findingLine(f)}`)].join('\n'))
    .join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The suppression list as the Markdown table README.md carries between its checkov-suppressions markers. */
export function renderSuppressionsMarkdown(suppressions: readonly CheckovSuppression[] = CHECKOV_SUPPRESSIONS): string {
  validateSuppressions(suppressions);
  const rows = suppressions.map((s) => {
    const check = s.title ? `${s.checkId}: ${s.title}` : s.checkId;
    const scope = [
      `\`${s.resourceType}\``,
      s.constructPaths ? s.constructPaths.map((p) => `\`${p}\``).join(', ') : 'every resource of the type',
      s.tier ? `${s.tier} tier only` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return `| ${cell(check)} | ${cell(scope)} | ${cell(s.reason)} |`;
  });
  return ['| Check | Scope (type; construct paths; tier) | Why it is accepted |', '|---|---|---|', ...rows].join('\n');
}
