/**
 * `import adopt`: brings a running application under a blueprint without recreating what carries it.
 * Discovery (terraform-import/discovery/) lists the running resources; they are mapped onto the
 * blueprint's shape (blueprint-mapping.ts); every misfit is collected and, if there is one, the run
 * stops with all of them and writes nothing. Otherwise the environment file is validated by the
 * project's own config loader, the adopted paths are checked against the blueprint's resources
 * (stacks/adoptable-resources.ts), and then three files are written together (atomically): the environment file, the import file beside it, and the report.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { formatConfigIssue } from '../../config/config-error';
import { loadEnvironmentFile } from '../../config/load-environments';
import { stackName } from '../../config/resolve-environment';
import { AdoptableResource, adoptableResources } from '../../stacks/adoptable-resources';
import { writeFilesAtomic } from '../atomic-write';
import { discover, DiscoveryScope, narrow } from '../discovery/discover';
import { DiscoveredResource } from '../discovery/model';
import { RESOURCE_TYPES } from '../discovery/registry';
import { buildManifest, DecisionInputs, readManifest } from '../manifest/manifest';
import { AdoptableBlueprint, mapRunningApp, Mapping } from './blueprint-mapping';
import { formatReport, ReportInput } from './adoption-report';
import { LANDING_ZONE_TYPES, sortRunningApp } from './running-app';

/** The types adoption reads: the parts a blueprint has, and the network they sit in. */
export const ADOPT_TYPES = [
  'aws_vpc',
  'aws_subnet',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_kms_key',
  'aws_kms_alias',
  'aws_instance',
  'aws_ebs_volume',
  'aws_volume_attachment',
  'aws_lb',
  'aws_lb_target_group',
  'aws_lb_target_group_attachment',
  'aws_lb_listener',
  'aws_lb_listener_rule',
  'aws_db_subnet_group',
  'aws_db_parameter_group',
  'aws_db_instance',
  'aws_ecs_cluster',
  'aws_ecs_service',
  'aws_ecs_task_definition',
].filter((t) => RESOURCE_TYPES.some((m) => m.type === t));

export const IMPORT_FILE_SUFFIX = '.imports.yaml';
export const REPORT_FILE_SUFFIX = '.adoption.md';

/** The running resources do not fit the blueprint: every reason, one per line. Nothing was written. */
export class AdoptionMisfitError extends Error {
  constructor(readonly misfits: string[]) {
    super(`the running resources do not fit the blueprint; nothing was written:\n${misfits.map((m) => `  - ${m}`).join('\n')}`);
  }
}

export interface AdoptOptions {
  blueprint: AdoptableBlueprint;
  app: string;
  environment: string;
  tier: 'test' | 'production';
  region: string;
  scope: DiscoveryScope;
  /** A manifest of an earlier discover: its import decisions are the app, instead of a new discovery. */
  manifestFile?: string;
  decisionInputs: DecisionInputs;
  /** The environment file to write, e.g. environments/<app>/<env>.yaml. */
  out: string;
  operatingSystem?: string;
}

export interface AdoptionFiles {
  envFile: string;
  importFile: string;
  reportFile: string;
}

export interface AdoptionResult {
  files: AdoptionFiles;
  mapping: Mapping;
  stack: string;
  /** Construct path → import ID, as written to the import file. */
  imports: Record<string, string>;
  /** The report's input, so --verify can add the plan and write it again. */
  report: ReportInput;
}

export function adoptionFiles(out: string): AdoptionFiles {
  const base = out.replace(/\.ya?ml$/i, '');
  return { envFile: out, importFile: `${base}${IMPORT_FILE_SUFFIX}`, reportFile: `${base}${REPORT_FILE_SUFFIX}` };
}

/** The app's resources and the whole discovery (for subnets and the VPC), from AWS or from a manifest. */
async function runningResources(options: AdoptOptions): Promise<{ inScope: DiscoveredResource[]; all: DiscoveredResource[]; failures: string[] }> {
  if (options.manifestFile) {
    const manifest = readManifest(options.manifestFile);
    const all = manifest.entries.map((e) => e.resource);
    return { inScope: manifest.entries.filter((e) => e.decision === 'import').map((e) => e.resource), all, failures: [] };
  }
  const result = await discover({ region: options.region, scope: { types: ADOPT_TYPES } });
  const manifest = buildManifest(options.region, result.resources, options.decisionInputs);
  const importable = new Set(manifest.entries.filter((e) => e.decision === 'import').map((e) => e.resource));
  const inScope = narrow(result.resources, options.scope).filter((r) => importable.has(r) || LANDING_ZONE_TYPES.has(r.type) || r.type === 'aws_ebs_volume');
  return { inScope, all: result.resources, failures: result.failures.map((f) => `${f.type}${f.id ? ` ${f.id}` : ''} could not be read: ${f.message}`) };
}

/** The account from the first ARN among the resources (the provider refuses any other account). */
function accountOf(resources: DiscoveredResource[]): string | undefined {
  for (const r of resources) for (const id of [r.id, r.importId, ...(r.altIds ?? [])]) {
    const m = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(id);
    if (m) return m[1];
  }
  return undefined;
}

function environmentDocument(options: AdoptOptions, account: string, mapping: Mapping): Record<string, unknown> {
  return {
    blueprint: options.blueprint,
    app: options.app,
    environment: options.environment,
    tier: options.tier,
    account,
    region: options.region,
    // the order a reader expects: where it runs, then what runs
    ...Object.fromEntries(['network', 'loadBalancer', 'database', 'instanceApp', 'containerApp'].filter((k) => k in mapping.settings).map((k) => [k, mapping.settings[k]])),
  };
}

function yamlFile(header: string[], doc: unknown): string {
  return `${header.map((l) => `# ${l}`).join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}

/**
 * Validates the environment file (and the import file beside it) as the main job would, in a scratch
 * folder; problems become misfits. Returns the blueprint's resources for the environment.
 */
function validate(envText: string, importText: string, files: AdoptionFiles, misfits: string[]): AdoptableResource[] | undefined {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-'));
  try {
    const envFile = path.join(scratch, path.basename(files.envFile));
    fs.writeFileSync(envFile, envText);
    fs.writeFileSync(path.join(scratch, path.basename(files.importFile)), importText);
    const { loaded, issues } = loadEnvironmentFile(envFile, files.envFile);
    if (!loaded) {
      for (const i of issues) misfits.push(`the environment file would not load: ${formatConfigIssue(i)}`);
      return undefined;
    }
    return adoptableResources(loaded.environment);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function adopt(options: AdoptOptions): Promise<AdoptionResult> {
  const files = adoptionFiles(options.out);
  const { inScope, all, failures } = await runningResources(options);
  const misfits = [...failures];
  if (options.blueprint === 'container-app' && !ADOPT_TYPES.includes('aws_ecs_service')) {
    misfits.push('this build cannot discover ECS clusters, services and task definitions (terraform-import/discovery/types has no ECS module): container apps cannot be adopted yet');
  }
  const app = sortRunningApp(inScope, all);
  const mapping = mapRunningApp(app, { blueprint: options.blueprint, operatingSystem: options.operatingSystem });
  misfits.push(...mapping.misfits);
  const account = accountOf(inScope) ?? accountOf(all);
  if (!account) misfits.push('no ARN in scope names the account: nothing to adopt was found');
  if (misfits.length > 0) throw new AdoptionMisfitError(misfits);

  const stack = stackName(options);
  const imports = Object.fromEntries(mapping.adopted.map((a) => [a.constructPath, a.resource.importId]).sort((a, b) => a[0].localeCompare(b[0])));
  const envText = yamlFile(
    ['yaml-language-server: $schema=../../config/environment.schema.json', `Adopted with \`npm run import -- adopt\` from the running ${options.app} ${options.environment}; see ${path.basename(files.reportFile)}.`],
    environmentDocument(options, account!, mapping),
  );
  const importText = yamlFile(
    [`Running resources imported into ${stack} on its next apply: blueprint construct path -> AWS import ID.`, 'Written by `npm run import -- adopt`; may stay after apply (importing what is in state is a no-op) or be deleted.'],
    { imports },
  );
  const resources = validate(envText, importText, files, misfits);
  if (!resources) throw new AdoptionMisfitError(misfits);
  const byPath = new Map(resources.map((r) => [r.constructPath, r]));
  for (const a of mapping.adopted) {
    const target = byPath.get(a.constructPath);
    if (!target) misfits.push(`the blueprint has no resource at ${a.constructPath} for ${a.resource.type} ${a.resource.id}`);
    else if (target.terraformType !== a.resource.type) misfits.push(`${a.constructPath} is a ${target.terraformType} in the blueprint, not a ${a.resource.type} (${a.resource.id})`);
  }
  if (misfits.length > 0) throw new AdoptionMisfitError(misfits);

  const adoptedPaths = new Set([...mapping.adopted, ...mapping.redeclared].map((a) => a.constructPath));
  const report: ReportInput = {
    blueprint: options.blueprint,
    stack,
    envFile: files.envFile,
    importFile: files.importFile,
    mapping,
    addresses: Object.fromEntries(resources.map((r) => [r.constructPath, r.terraformAddress])),
    created: resources.filter((r) => !adoptedPaths.has(r.constructPath) && !(mapping.redeclared.length > 0 && r.terraformType === 'aws_lb_target_group_attachment')),
  };
  writeFilesAtomic({ [files.envFile]: envText, [files.importFile]: importText, [files.reportFile]: formatReport(report) });
  return { files, mapping, stack, imports, report };
}
