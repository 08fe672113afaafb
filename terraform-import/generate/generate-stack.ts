/**
 * Turns a manifest into a CDKTF stack in TypeScript: one construct per imported resource with
 * `importFrom(<import ID>)`, a data source per landing-zone resource, and references instead of
 * literal IDs wherever one generated resource points at another. Skipped resources stay literals.
 */
import * as path from 'path';
import { BackendConfig } from '../../config/schema';
import { PROJECT_ROOT } from '../../tooling/terraform-cli';
import { identifiersOf } from '../discovery/discover';
import { AttrValue, DiscoveredResource, isRef, Ref } from '../discovery/model';
import { typeModule } from '../discovery/registry';
import { Manifest, ManifestEntry } from '../manifest/manifest';

export const STACK_FILE = 'imported-stack.ts';
export const APP_FILE = 'main.ts';
export const STACK_NAME = 'imported';
/** The state's default name: terraform.imported.tfstate, <prefix>/imported.tfstate, GitLab state "imported". */
export const DEFAULT_STATE_NAME = STACK_NAME;
/** The backend settings generate chose, for verify (gitlab needs the state name at init). */
export const BACKEND_FILE = 'state-backend.json';

export interface StateSettings {
  backend: BackendConfig;
  stateName: string;
}

export interface GenerateOptions extends Partial<StateSettings> {
  /**
   * The project root as the generated files import it (stacks/state-backend.ts, config/schema.ts).
   * Give toolkitRootFor(outDir), a relative path that survives moving project and output together.
   * @default the project's absolute path on this machine
   */
  toolkitRoot?: string;
}

/** The project root relative to an output folder, as the generated code imports it. */
export function toolkitRootFor(outDir: string): string {
  const relative = path.relative(path.resolve(outDir), PROJECT_ROOT).split(path.sep).join('/');
  return relative === '' ? '.' : relative.startsWith('.') || path.isAbsolute(relative) ? relative : `./${relative}`;
}
/** Addresses declared without an import (target registrations): verify counts their creation apart. */
export const DECLARED_FILE = 'declared-resources.json';

const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await', 'props', 'scope', 'id']);

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface Declared {
  entry: ManifestEntry;
  variable: string;
}

function orderByDependencies(entries: ManifestEntry[], resolve: (r: Ref) => ManifestEntry | undefined): ManifestEntry[] {
  const ordered: ManifestEntry[] = [];
  const state = new Map<ManifestEntry, 'visiting' | 'done'>();
  const visit = (e: ManifestEntry) => {
    if (state.get(e)) return; // done, or a cycle: the later one falls back to a literal
    state.set(e, 'visiting');
    for (const r of refsIn(e.resource)) {
      const target = resolve(r);
      if (target && target !== e) visit(target);
    }
    state.set(e, 'done');
    ordered.push(e);
  };
  entries.forEach(visit);
  return ordered;
}

function refsIn(r: DiscoveredResource): Ref[] {
  const out: Ref[] = [];
  const walk = (v: AttrValue) => {
    if (isRef(v)) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object') Object.values(v).forEach(walk);
  };
  Object.values(r.attributes).forEach(walk);
  return out;
}

const identifierKey = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));

export interface GeneratedFiles {
  [file: string]: string;
}

export function generateStack(manifest: Manifest, options: GenerateOptions = {}): GeneratedFiles {
  const state: StateSettings = { backend: options.backend ?? { local: {} }, stateName: options.stateName ?? DEFAULT_STATE_NAME };
  const toolkit = (options.toolkitRoot ?? PROJECT_ROOT).replace(/\/$/, '');
  const wanted = manifest.entries.filter((e) => e.decision !== 'skip');
  const byId = new Map<string, ManifestEntry>();
  const byTypedId = new Map<string, ManifestEntry>();
  for (const e of wanted) {
    for (const id of identifiersOf(e.resource)) {
      if (!byId.has(id)) byId.set(id, e);
      byTypedId.set(`${e.type} ${id}`, e);
    }
  }
  const declared = new Map<ManifestEntry, Declared>();
  const variables = new Set<string>();
  const imports = new Map<string, string>(); // module → class
  const body: string[] = [];
  const declaredOnly: string[] = [];

  const variableFor = (e: ManifestEntry) => {
    let v = camel(e.name);
    if (RESERVED.has(v)) v = `${v}Resource`;
    for (let n = 2; variables.has(v); n++) v = `${camel(e.name)}${n}`;
    variables.add(v);
    return v;
  };

  const render = (value: AttrValue, indent: string): string => {
    if (isRef(value)) return renderRef(value);
    if (Array.isArray(value)) return `[${value.map((v) => render(v, indent)).join(', ')}]`;
    if (typeof value === 'object') {
      const inner = `${indent}  `;
      const fields = Object.entries(value).map(([k, v]) => `${inner}${identifierKey(k)}: ${render(v, inner)},`);
      return fields.length === 0 ? '{}' : `{\n${fields.join('\n')}\n${indent}}`;
    }
    return JSON.stringify(value);
  };
  const renderRef = (r: Ref): string => {
    const target = resolve(r);
    const d = target && declared.get(target);
    if (!d) return JSON.stringify(r.value ?? r.$ref);
    // getStringAttribute: a number attribute (a revision) joins a string as a reference, not as a number token
    if (r.template) return `\`${r.template.replace(/\{(\w+)\}/g, (_, attr: string) => `\${${d.variable}.getStringAttribute(${JSON.stringify(attr)})}`)}\``;
    return `${d.variable}.${camel(r.attr)}`;
  };

  const resolve = (r: Ref) => (r.to && byTypedId.get(`${r.to} ${r.$ref}`)) || byId.get(r.$ref);
  for (const e of orderByDependencies(wanted, resolve)) {
    const module = typeModule(e.type);
    const variable = variableFor(e);
    if (e.decision === 'reference') {
      const ds = module.dataSource!;
      imports.set(ds.module, ds.className);
      body.push(`    // ${e.id}: ${e.reason}`);
      body.push(`    const ${variable} = new ${ds.className}(this, ${JSON.stringify(e.name)}, { ${ds.idArgument}: ${JSON.stringify(e.id)} });`);
    } else {
      imports.set(module.resource.module, module.resource.className);
      const attrs = { ...e.resource.attributes } as Record<string, AttrValue>;
      const lines = Object.entries(attrs).flatMap(([k, v]) => [
        ...(e.resource.notes?.[k] ? [`      // ${e.resource.notes[k]}`] : []),
        `      ${identifierKey(k)}: ${render(v, '      ')},`,
      ]);
      const secret = e.resource.secretArguments ?? [];
      const terraformOnly = e.resource.terraformOnlyArguments ?? [];
      if (secret.length) {
        lines.push(`      // ${secret.join(', ')}: secret. AWS holds the value; it is never read into this code, and`);
        lines.push(`      // ignore_changes keeps Terraform from ever writing it.`);
      }
      if (terraformOnly.length) {
        lines.push(`      // ${terraformOnly.join(', ')}: settings of Terraform, not of AWS, which an import cannot read back.`);
      }
      const lifecycle: string[] = [];
      if (secret.length || terraformOnly.length) {
        const snake = [...secret, ...terraformOnly].map((a) => a.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
        lifecycle.push(`ignoreChanges: ${JSON.stringify(snake)}`);
      }
      if (e.resource.preventDestroy) lifecycle.push('preventDestroy: true');
      if (lifecycle.length) lines.push(`      lifecycle: { ${lifecycle.join(', ')} },`);
      if (e.resource.declareOnly) body.push(`    // Declared, not imported: ${e.resource.declareOnly}.`);
      body.push(`    const ${variable} = new ${module.resource.className}(this, ${JSON.stringify(e.name)}, {\n${lines.join('\n')}\n    });`);
      if (e.resource.declareOnly) declaredOnly.push(e.address);
      else body.push(`    ${variable}.importFrom(${JSON.stringify(e.importId)});`);
    }
    declared.set(e, { entry: e, variable });
  }

  const importLines = [...imports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([mod, cls]) => `import { ${cls} } from '@cdktf/provider-aws/lib/${mod}';`);
  const stack = [
    '// Generated by `npm run import -- generate` from the import manifest. Change decisions in the',
    '// manifest and generate again; once adopted, this file is yours to edit.',
    "import { AwsProvider } from '@cdktf/provider-aws/lib/provider';",
    ...importLines,
    "import { TerraformStack } from 'cdktf';",
    "import { Construct } from 'constructs';",
    `import { BackendConfig } from '${toolkit}/config/schema';`,
    `import { stateBackend } from '${toolkit}/stacks/state-backend';`,
    '',
    'export interface ImportedStackProps {',
    '  /** AWS region of the imported resources. */',
    '  region: string;',
    "  /** Where Terraform keeps this stack's state: the project's backends (stacks/state-backend.ts). */",
    '  backend: BackendConfig;',
    '  /** Names the state: terraform.<name>.tfstate, the S3 key <prefix>/<name>.tfstate, or the GitLab state <name>. */',
    '  stateName: string;',
    '}',
    '',
    `/** ${wanted.filter((e) => e.decision === 'import').length} imported resources and ${wanted.filter((e) => e.decision === 'reference').length} landing-zone references in ${manifest.region}. */`,
    'export class ImportedStack extends TerraformStack {',
    '  constructor(scope: Construct, id: string, props: ImportedStackProps) {',
    '    super(scope, id);',
    '    // Credentials, and AWS_ENDPOINT_URL when set, come from the standard AWS chain.',
    "    new AwsProvider(this, 'aws', { region: props.region });",
    '    stateBackend(this, props.stateName, props.region, props.backend);',
    '',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
  const app = [
    '// Generated by `npm run import -- generate`: synthesizes the imported stack (npx ts-node main.ts).',
    "import * as path from 'path';",
    "import { App } from 'cdktf';",
    `import { ImportedStack } from './${STACK_FILE.replace(/\.ts$/, '')}';`,
    '',
    '// skipValidation: cdktf would run `terraform version` once per import block (a process per resource,',
    '// minutes for a thousand); `terraform plan` checks the configuration instead. stackTraces: false keeps',
    '// absolute paths out of the output.',
    "const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out'), skipValidation: true, stackTraces: false });",
    `new ImportedStack(app, ${JSON.stringify(STACK_NAME)}, {`,
    `  region: ${JSON.stringify(manifest.region)},`,
    `  backend: ${JSON.stringify(state.backend)},`,
    `  stateName: ${JSON.stringify(state.stateName)},`,
    '});',
    'app.synth();',
    '',
  ].join('\n');
  const cdktfJson = JSON.stringify({ language: 'typescript', app: `npx ts-node --transpile-only ${APP_FILE}`, terraformProviders: [], context: {} }, null, 2) + '\n';
  return {
    [STACK_FILE]: stack,
    [APP_FILE]: app,
    'cdktf.json': cdktfJson,
    [DECLARED_FILE]: JSON.stringify(declaredOnly.sort(), null, 2) + '\n',
    [BACKEND_FILE]: JSON.stringify(state, null, 2) + '\n',
  };
}
