/**
 * Builds the review of one stack's plan from the scanner's stream: each resource change is checked,
 * classified, ranked and diffed as it arrives, then dropped; only the review remains.
 */
import { AttributeDiff, DiffEntry, PathStep, diffAttributes, foldReplacement, formatPath, isTagOnly } from './attribute-diff';
import { Classification, Headline, classify, countInto, emptyHeadline, isEmptyHeadline, isVisible } from './classify';
import { DetailRetention, Detailed } from './detail-retention';
import { DriftReview, RelevanceIndex, filterDrift } from './drift';
import { ReviewError } from './errors';
import { Selection, TopLevelHandlers } from './json-scan';
import { KNOWN_AFTER_APPLY, SENSITIVE, SecretCollector, displayValue, isPlainObject, maskHasTrue } from './mask';
import {
  checkDeferredChange,
  checkFormatVersion,
  checkOptionalBoolean,
  checkOutputChanges,
  checkRelevantAttributes,
  checkResourceChange,
  checkTerraformVersion,
  checkVariables,
} from './plan-validate';
import { PlanOutputChange, PlanResourceChange, RelevantAttribute } from './plan-types';
import { ProtectionMatch, RiskRules, isStatefulType, matchProtection } from './protected-rules';
import { RiskLevel, compareRisk, riskLevel } from './risk';
import { ReferenceIndex, configurationReferences } from './blast-radius';

/** Display size charged per diff line on top of its texts (signs, spacing, "=", newline). */
const LINE_OVERHEAD = 8;
/** Values are cut to this many characters in the note; sizes are estimated with the same cap. */
export const SHOWN_VALUE_CHARS = 160;

export type Noise = 'tags' | 'json-whitespace';

export interface ResourceFacts {
  stack: string;
  address: string;
  type: string;
  mode: 'managed' | 'data';
  classification: Classification;
  risk: RiskLevel;
  protection: ProtectionMatch[];
  stateful: boolean;
  replacePaths: PathStep[][];
  previousAddress?: string;
  deposed?: string;
  actionReason?: string;
  importId?: string;
  generatedConfig?: boolean;
}

export class ResourceReview implements Detailed {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly mode: 'managed' | 'data';
  readonly classification: Classification;
  readonly risk: RiskLevel;
  readonly protection: ProtectionMatch[];
  readonly stateful: boolean;
  readonly replacePaths: PathStep[][];
  readonly previousAddress?: string;
  readonly deposed?: string;
  readonly actionReason?: string;
  readonly importId?: string;
  readonly generatedConfig?: boolean;
  noise?: Noise;
  diff?: AttributeDiff;
  detailSize?: number;
  /** Whether a diff was left out (so the note can say so rather than show nothing). */
  detailDropped = false;

  constructor(facts: ResourceFacts) {
    this.stack = facts.stack;
    this.address = facts.address;
    this.type = facts.type;
    this.mode = facts.mode;
    this.classification = facts.classification;
    this.risk = facts.risk;
    this.protection = facts.protection;
    this.stateful = facts.stateful;
    this.replacePaths = facts.replacePaths;
    this.previousAddress = facts.previousAddress;
    this.deposed = facts.deposed;
    this.actionReason = facts.actionReason;
    this.importId = facts.importId;
    this.generatedConfig = facts.generatedConfig;
  }

  setDetail(diff: AttributeDiff, noise: Noise | undefined): void {
    this.noise = noise;
    if (diff.entries.length > 0 || diff.knownAfterApply.length > 0 || diff.notSetOnNew.length > 0) {
      this.diff = diff;
      this.detailSize = estimateSize(diff);
    }
  }

  dropDetail(): void {
    this.diff = undefined;
    this.detailSize = undefined;
    this.detailDropped = true;
  }
}

class DriftCandidate implements Detailed {
  detailSize?: number;
  detailDropped = false;
  // Drift is ranked below every resource change: it is shed first.
  readonly risk: RiskLevel = 'routine';
  readonly classification: Classification = { kind: 'no-op', imported: false, moved: false, destroys: false };

  constructor(
    readonly stack: string,
    readonly address: string,
    readonly deleted: boolean,
    public entries: DiffEntry[],
  ) {
    this.detailSize = entries.reduce((n, e) => n + entrySize(e), 0);
  }

  dropDetail(): void {
    this.entries = [];
    this.detailSize = undefined;
    this.detailDropped = true;
  }
}

export interface OutputReview {
  name: string;
  kind: string;
  before?: string;
  after?: string;
}

export interface StackReview {
  stack: string;
  source: string;
  formatVersion: string;
  terraformVersion?: string;
  headline: Headline;
  /** Visible changes (not plain no-ops), riskiest first. */
  resources: ResourceReview[];
  drift: DriftReview[];
  /** Whether some drift details were dropped to bound memory. */
  driftDetailDropped: boolean;
  outputs: OutputReview[];
  deferred: { address: string; reason: string }[];
  warnings: string[];
  /** References between the configuration's resources, for the blast radius (blast-radius.ts). */
  references?: ReferenceIndex;
}

export interface ReviewContext {
  rules: RiskRules;
  secrets: SecretCollector;
  retention: DetailRetention<ResourceReview | DriftCandidate>;
}

export function newReviewContext(rules: RiskRules, detailCapChars: number): ReviewContext {
  return {
    rules,
    secrets: new SecretCollector(),
    retention: new DetailRetention<ResourceReview | DriftCandidate>(detailCapChars, (a, b) => {
      const aDrift = a instanceof DriftCandidate;
      const bDrift = b instanceof DriftCandidate;
      if (aDrift !== bDrift) return aDrift ? 1 : -1;
      return compareRisk(a, b);
    }),
  };
}

function entrySize(e: DiffEntry): number {
  const shown = (s?: string) => Math.min(s?.length ?? 0, SHOWN_VALUE_CHARS);
  return formatPath(e.path, e.jsonFrom).length * 2 + shown(e.before) + shown(e.after) + LINE_OVERHEAD * 2;
}

function estimateSize(d: AttributeDiff): number {
  const names = (paths: unknown[][]) => paths.reduce((n, p) => n + String(p[0]).length + 2, 0);
  return d.entries.reduce((n, e) => n + entrySize(e), 0) + names(d.knownAfterApply) + names(d.notSetOnNew);
}

function stringTags(v: unknown): Record<string, string> | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** The tags protection rules match on: the existing object's, or for a new object the planned ones. */
function tagsOf(rc: PlanResourceChange): Record<string, string> {
  const pick = (v: unknown) => (isPlainObject(v) ? (stringTags(v.tags_all) ?? stringTags(v.tags)) : undefined);
  return pick(rc.change.before) ?? pick(rc.change.after) ?? {};
}

function outputValue(value: unknown, sensitive: unknown, unknown: unknown): string | undefined {
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (value === undefined || value === null) return undefined;
  if (sensitive === true || maskHasTrue(sensitive as never)) return SENSITIVE;
  return displayValue(value);
}

export class StackCollector {
  private references?: ReferenceIndex;
  private formatVersion?: string;
  private terraformVersion?: string;
  private applyable?: boolean;
  private complete?: boolean;
  private errored?: boolean;
  private readonly headline = emptyHeadline();
  private readonly resources: ResourceReview[] = [];
  private readonly driftCandidates: DriftCandidate[] = [];
  private relevant: RelevantAttribute[] = [];
  private outputs: OutputReview[] = [];
  private readonly deferred: { address: string; reason: string }[] = [];
  /** Resource instance (address and deposed key) -> its index, to refuse a plan that lists one twice. */
  private readonly seenInstances = new Map<string, number>();
  /** The root module's input values, until the configuration has said which of them are sensitive. */
  private variableValues: Record<string, { value?: unknown }> = {};
  private readonly sensitiveVariables = new Set<string>();

  constructor(
    private readonly stack: string,
    private readonly source: string,
    private readonly ctx: ReviewContext,
  ) {}

  handlers(): TopLevelHandlers {
    return {
      streamed: {
        resource_changes: (v, i) => this.onResourceChange(v, i),
        resource_drift: (v, i) => this.onDrift(v, i),
        deferred_changes: (v, i) => {
          const d = checkDeferredChange(v, `deferred_changes[${i}]`, this.source);
          this.ctx.secrets.addMarked(d.resource_change.change.before, d.resource_change.change.before_sensitive);
          this.ctx.secrets.addMarked(d.resource_change.change.after, d.resource_change.change.after_sensitive);
          this.deferred.push({ address: d.resource_change.address, reason: d.reason });
        },
      },
      whole: {
        format_version: (v) => (this.formatVersion = checkFormatVersion(v, this.source)),
        terraform_version: (v) => (this.terraformVersion = checkTerraformVersion(v, this.source)),
        variables: (v) => (this.variableValues = checkVariables(v, this.source)),
        output_changes: (v) => (this.outputs = this.onOutputs(checkOutputChanges(v, this.source))),
        relevant_attributes: (v) => (this.relevant = checkRelevantAttributes(v, this.source)),
        applyable: (v) => (this.applyable = checkOptionalBoolean(v, 'applyable', this.source)),
        complete: (v) => (this.complete = checkOptionalBoolean(v, 'complete', this.source)),
        errored: (v) => (this.errored = checkOptionalBoolean(v, 'errored', this.source)),
      },
      selected: {
        configuration: {
          // The root module's resources also give the blast radius its references (blast-radius.ts).
          root_module: { ...this.moduleSelection(true), resources: (v) => (this.references = configurationReferences({ root_module: { resources: v } })) },
        },
      },
    };
  }

  /**
   * What the configuration says is sensitive: variables declared `sensitive` (their values in the
   * plan's `variables`, their defaults here) and the constant values of sensitive outputs, in the
   * root module and in every module it calls. None of it is shown; it all feeds the second line of
   * defence, for values that reach an attribute without a mark.
   */
  private moduleSelection(root: boolean): Selection {
    const declared = (v: unknown) => (isPlainObject(v) ? Object.entries(v).filter(([, d]) => isPlainObject(d) && d.sensitive === true) : []);
    const module: Selection = {
      variables: (v) => {
        for (const [name, d] of declared(v)) {
          if (root) this.sensitiveVariables.add(name);
          this.ctx.secrets.addValue((d as Record<string, unknown>).default);
        }
      },
      outputs: (v) => {
        for (const [, d] of declared(v)) {
          const expression = (d as Record<string, unknown>).expression;
          if (isPlainObject(expression)) this.ctx.secrets.addValue(expression.constant_value);
        }
      },
    };
    if (root) module.module_calls = { '*': { module: this.moduleSelection(false) } };
    else module.module_calls = { '*': { module } };
    return module;
  }

  private onResourceChange(value: unknown, index: number): void {
    if (this.formatVersion === undefined) this.requireFormatVersionFirst();
    const rc = checkResourceChange(value, `resource_changes[${index}]`, this.source);
    const instance = `${rc.address}\u0000${rc.deposed ?? ''}`;
    const earlier = this.seenInstances.get(instance);
    if (earlier !== undefined) {
      throw new ReviewError(`${this.source}: resource_changes[${index}].address: the same resource instance as resource_changes[${earlier}] (Terraform lists each once)`);
    }
    this.seenInstances.set(instance, index);
    const c = rc.change;
    const cls = classify(rc);
    countInto(this.headline, cls);
    this.ctx.secrets.addMarked(c.before, c.before_sensitive);
    this.ctx.secrets.addMarked(c.after, c.after_sensitive);
    if (!isVisible(cls)) return;

    const protection =
      rc.mode === 'managed' ? matchProtection(this.ctx.rules, { stack: this.stack, address: rc.address, type: rc.type, tags: tagsOf(rc) }) : [];
    const stateful = rc.mode === 'managed' && isStatefulType(this.ctx.rules, rc.type);
    const review = new ResourceReview({
      stack: this.stack,
      address: rc.address,
      type: rc.type,
      mode: rc.mode,
      classification: cls,
      risk: riskLevel(cls, protection, stateful),
      protection,
      stateful,
      replacePaths: c.replace_paths ?? [],
      previousAddress: cls.moved ? rc.previous_address : undefined,
      deposed: rc.deposed,
      actionReason: rc.action_reason,
      importId: typeof c.importing?.id === 'string' ? c.importing.id : undefined,
      generatedConfig: typeof c.generated_config === 'string' && c.generated_config.length > 0,
    });
    if (cls.kind === 'update') this.attachDiff(review, rc);
    else if (cls.kind === 'create' || cls.kind === 'replace') {
      // In a plan too big for the note, a low-ranked diff would be dropped right away: skip it. An
      // update is always diffed, since its diff also tells whether it is noise.
      if (this.ctx.retention.wouldDrop(review)) review.dropDetail();
      else this.attachDiff(review, rc);
    }
    this.resources.push(review);
    this.ctx.retention.add(review);
  }

  private attachDiff(review: ResourceReview, rc: PlanResourceChange): void {
    const c = rc.change;
    const cls = review.classification;
    let diff = diffAttributes({ before: c.before, after: c.after, beforeSensitive: c.before_sensitive, afterSensitive: c.after_sensitive, afterUnknown: c.after_unknown });
    if (cls.kind === 'replace') diff = foldReplacement(diff, c.replace_paths ?? []);
    let noise: Noise | undefined;
    if (cls.kind === 'update' && !cls.imported && !cls.moved) {
      // An attribute that only becomes "known after apply" is the provider's bookkeeping, not a
      // change anyone configured: it does not make a reformatting or a tag edit substantive.
      const configured = diff.entries.filter((e) => !(e.op === 'add' && e.after === KNOWN_AFTER_APPLY));
      if (configured.length === 0 && diff.jsonNoise.length > 0) noise = 'json-whitespace';
      else if (isTagOnly(configured)) noise = 'tags';
    }
    review.setDetail(diff, noise);
  }

  private onDrift(value: unknown, index: number): void {
    if (this.formatVersion === undefined) this.requireFormatVersionFirst();
    const rc = checkResourceChange(value, `resource_drift[${index}]`, this.source);
    const c = rc.change;
    this.ctx.secrets.addMarked(c.before, c.before_sensitive);
    this.ctx.secrets.addMarked(c.after, c.after_sensitive);
    const deleted = c.actions.includes('delete');
    const diff = deleted
      ? undefined
      : diffAttributes(
          { before: c.before, after: c.after, beforeSensitive: c.before_sensitive, afterSensitive: c.after_sensitive, afterUnknown: c.after_unknown },
        );
    if (!deleted && diff!.entries.length === 0) return;
    const candidate = new DriftCandidate(this.stack, rc.address, deleted, diff?.entries ?? []);
    this.driftCandidates.push(candidate);
    this.ctx.retention.add(candidate);
  }

  private onOutputs(outputs: Record<string, PlanOutputChange>): OutputReview[] {
    const out: OutputReview[] = [];
    for (const name of Object.keys(outputs).sort()) {
      const oc = outputs[name];
      this.ctx.secrets.addMarked(oc.before, oc.before_sensitive as never);
      this.ctx.secrets.addMarked(oc.after, oc.after_sensitive as never);
      const kind = oc.actions.length === 2 ? 'replace' : oc.actions[0];
      if (kind === 'no-op') continue;
      out.push({
        name,
        kind,
        before: outputValue(oc.before, oc.before_sensitive, false),
        after: kind === 'delete' ? undefined : outputValue(oc.after, oc.after_sensitive, oc.after_unknown),
      });
    }
    return out;
  }

  private requireFormatVersionFirst(): never {
    // Terraform writes format_version first (and so does any key-sorting tool); checking it before
    // reading any change means an unknown major version is refused before its changes are misread.
    throw new ReviewError(`${this.source}: format_version: missing before the resource changes (is this the output of terraform show -json <planfile>?)`);
  }

  /** @param topLevelKeys the keys the scanner met, to tell a plan from a state or another JSON file */
  finish(topLevelKeys: Set<string>): StackReview {
    if (this.formatVersion === undefined) {
      throw new ReviewError(`${this.source}: format_version: missing (is this the output of terraform show -json <planfile>?)`);
    }
    if (!topLevelKeys.has('planned_values') && !topLevelKeys.has('resource_changes')) {
      const hint = topLevelKeys.has('values') ? ' It looks like a state: run terraform show -json on the plan file instead.' : '';
      throw new ReviewError(`${this.source}: planned_values: missing, so this is not a Terraform plan.${hint}`);
    }
    for (const name of this.sensitiveVariables) this.ctx.secrets.addValue(this.variableValues[name]?.value);
    this.variableValues = {};
    const index = new RelevanceIndex(this.relevant);
    const drift: DriftReview[] = [];
    let driftDetailDropped = false;
    for (const d of this.driftCandidates) {
      driftDetailDropped ||= d.detailDropped;
      const reviewed = filterDrift(d, index);
      if (reviewed) drift.push(reviewed);
    }
    const warnings: string[] = [];
    if (this.errored) warnings.push('Terraform reported errors while planning: the plan is partial and cannot be applied.');
    if (this.complete === false) warnings.push('The plan is incomplete: another plan and apply will be needed after this one.');
    // Terraform also marks a plan without changes as not applyable; that is no news.
    if (this.applyable === false && !this.errored && !isEmptyHeadline(this.headline)) warnings.push('Terraform marked this plan as not applyable.');
    if (this.deferred.length > 0) warnings.push(`${this.deferred.length} change(s) are deferred to a later plan.`);
    return {
      stack: this.stack,
      source: this.source,
      formatVersion: this.formatVersion,
      terraformVersion: this.terraformVersion,
      headline: this.headline,
      resources: this.resources.sort(compareRisk),
      drift,
      driftDetailDropped,
      outputs: this.outputs,
      deferred: this.deferred,
      warnings,
      references: this.references,
    };
  }
}
