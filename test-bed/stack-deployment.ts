/**
 * One synthesized stack in its folder, with its local state, deployed to the emulator step by step
 * (init, apply, plan, destroy, outputs, state) with the real Terraform; every step is timed and its
 * whole output kept under the stack's `logs/`. Step 3 of a deployment (test-bed/deploy.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentFile } from '../config/schema';
import { TerraformResult, runTerraformAsync } from '../tooling/terraform-cli';
import { Emulator, emulatorEnv, logTail } from './emulator';
import { DeploymentTargets, deploymentTargets } from './emulator-gaps';
import { SourceEnvironment } from './emulator-variants';

/**
 * The emulator's HTTP server now and then closes a kept-alive connection under a request; the
 * provider then reports one of these. Such a Terraform run is repeated once (apply, plan and destroy
 * converge); any other failure is reported as it is.
 */
const TRANSPORT_ERROR = /use of closed network connection|connection reset by peer|: EOF$/m;

export type TerraformStep = 'init' | 'apply' | 'plan' | 'plan-destroy' | 'destroy' | 'output';

export interface StepTiming {
  stack: string;
  step: TerraformStep;
  seconds: number;
  /** Resources the step covered (apply: in the -target list or the whole stack). */
  resources?: number;
}

/** A resource as `terraform show -json` reports it from the state. */
export interface StateResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Attribute values as Terraform stores them (any shape the resource type has). */
  values: Record<string, any>;
}

/** One resource (or output) the plan would change, with the attributes that differ. */
export interface PlannedChange {
  address: string;
  actions: string[];
  attributes: string[];
}

export interface PlanSummary {
  /** terraform plan -detailed-exitcode: 0 no changes, 2 changes. */
  exitCode: 0 | 2;
  changes: PlannedChange[];
}

/** The parts of `terraform show -json <plan>` the summary reads. */
export interface PlanJson {
  resource_changes?: { address: string; mode: string; change: { actions: string[]; before: unknown; after: unknown; after_unknown?: unknown } }[];
  output_changes?: Record<string, { actions: string[] }>;
}

function changedAttributes(before: unknown, after: unknown, afterUnknown: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const u = (afterUnknown ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => u[k] === true || JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort();
}

/** The changes of a `terraform show -json` plan, without no-ops. */
export function plannedChanges(plan: PlanJson): PlannedChange[] {
  const resources = (plan.resource_changes ?? [])
    .filter((c) => !c.change.actions.every((a) => a === 'no-op'))
    .map((c) => ({ address: c.address, actions: c.change.actions, attributes: changedAttributes(c.change.before, c.change.after, c.change.after_unknown) }));
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !c.actions.every((a) => a === 'no-op'))
    .map(([name, c]) => ({ address: `output.${name}`, actions: c.actions, attributes: [] }));
  return [...resources, ...outputs];
}

function countResources(stack: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(stack.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** One synthesized stack in its folder, with its local state, deployed to the emulator step by step. */
export class StackDeployment {
  readonly timings: StepTiming[] = [];
  /** Which resources go to the emulator: all, unless the gap table says some cannot. */
  readonly targets: DeploymentTargets;
  readonly resourceCount: number;
  private runs = 0;
  private stateCache?: { version: string; resources: StateResource[] };

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly source: SourceEnvironment,
    readonly variant: EnvironmentFile,
    private readonly emulator: Emulator,
    private readonly log: (line: string) => void,
  ) {
    const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    this.targets = deploymentTargets(stack);
    this.resourceCount = countResources(stack);
  }

  /** The synthesized configuration (cdk.tf.json). */
  stackJson(): { resource?: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, unknown> } {
    return JSON.parse(fs.readFileSync(path.join(this.dir, 'cdk.tf.json'), 'utf8'));
  }

  get stateFile(): string {
    return path.join(this.dir, `terraform.${this.name}.tfstate`);
  }

  /**
   * Runs one Terraform command against the emulator, timed. A run that failed only on the emulator's
   * transport is repeated once; any other exit code not in `allowed` throws with Terraform's output
   * and the emulator log's tail.
   */
  async terraform(step: TerraformStep, args: string[], allowed: number[] = [0], resources?: number): Promise<TerraformResult> {
    const started = process.hrtime.bigint();
    const run = () => runTerraformAsync(this.dir, args, emulatorEnv(this.emulator));
    let res = await run();
    if (!allowed.includes(res.status) && TRANSPORT_ERROR.test(res.stderr)) {
      this.log(`${this.name}: terraform ${args[0]} hit a dropped emulator connection; running it once more`);
      res = await run();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Terraform's whole output, kept beside the stack for whoever needs more than the error's tail.
    const logFile = path.join(this.dir, 'logs', `${String(++this.runs).padStart(2, '0')}-${step}.log`);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    fs.writeFileSync(logFile, `$ terraform ${args.join(' ')}\n# exit ${res.status} after ${seconds.toFixed(1)} s\n\n${res.stdout}\n${res.stderr}`);
    this.timings.push({ stack: this.name, step, seconds, ...(resources === undefined ? {} : { resources }) });
    if (!allowed.includes(res.status)) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${res.status} for stack ${this.name} (full output: ${logFile})\n${res.stderr.trim()}\n` +
          `${res.stdout.slice(-4000)}\nemulator log ${this.emulator.logFile}:\n${logTail(this.emulator.logFile, 30)}`,
      );
    }
    return res;
  }

  async init(): Promise<void> {
    await this.terraform('init', ['init', '-input=false']);
  }

  /** `terraform apply`: the whole stack minus what the gap table excludes, or only `only` (with what it depends on). */
  async apply(only?: string[]): Promise<void> {
    const targetArgs = only ? only.map((a) => `-target=${a}`) : this.targets.targetArgs;
    const resources = only ? only.length : this.targets.deploy.length;
    this.log(`${this.name}: terraform apply (${only ? `${only.length} targeted resources and what they depend on` : `${resources} of ${this.resourceCount} resources`})`);
    await this.terraform('apply', ['apply', '-input=false', '-auto-approve', ...targetArgs], [0], resources);
  }

  /** `terraform plan -detailed-exitcode` over what apply deployed, with the changes it found. */
  async plan(): Promise<PlanSummary> {
    const planFile = `${this.name}.tfplan`;
    const res = await this.terraform('plan', ['plan', '-input=false', '-detailed-exitcode', `-out=${planFile}`, ...this.targets.targetArgs], [0, 2]);
    if (res.status === 0) return { exitCode: 0, changes: [] };
    const shown = await runTerraformAsync(this.dir, ['show', '-json', planFile], emulatorEnv(this.emulator));
    if (shown.status !== 0) throw new Error(`terraform show -json ${planFile} exited ${shown.status}: ${shown.stderr}`);
    return { exitCode: 2, changes: plannedChanges(JSON.parse(shown.stdout)) };
  }

  /** `terraform plan -destroy`; returns Terraform's result whatever it is (a refusal is what a test may want). */
  async planDestroy(): Promise<TerraformResult> {
    return this.terraform('plan-destroy', ['plan', '-input=false', '-destroy'], [0, 1, 2]);
  }

  async destroy(): Promise<void> {
    this.log(`${this.name}: terraform destroy`);
    await this.terraform('destroy', ['destroy', '-input=false', '-auto-approve', ...this.targets.targetArgs], [0], this.targets.deploy.length);
  }

  /** `terraform output -json`, as plain values. */
  async outputs(): Promise<Record<string, unknown>> {
    const res = await this.terraform('output', ['output', '-json']);
    const raw = JSON.parse(res.stdout || '{}') as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }

  /**
   * The managed resources in the state (`terraform show -json`), with their attribute values; empty
   * once destroyed. Read again only when the state file changed: each `terraform show` loads the
   * provider's schema (seconds of CPU), and the checks read one unchanged state many times.
   */
  async state(): Promise<StateResource[]> {
    if (!fs.existsSync(this.stateFile)) return [];
    const { mtimeMs, size } = fs.statSync(this.stateFile);
    const version = `${mtimeMs}:${size}`;
    if (this.stateCache?.version !== version) {
      const res = await runTerraformAsync(this.dir, ['show', '-json'], emulatorEnv(this.emulator));
      if (res.status !== 0) throw new Error(`terraform show -json exited ${res.status} for ${this.name}: ${res.stderr}`);
      const shown = JSON.parse(res.stdout || '{}') as { values?: { root_module?: { resources?: StateResource[] } } };
      this.stateCache = { version, resources: (shown.values?.root_module?.resources ?? []).filter((r) => r.mode === 'managed') };
    }
    return structuredClone(this.stateCache.resources);
  }
}
