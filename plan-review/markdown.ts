/**
 * The merge-request note: gate verdict and headline table first, then the riskiest changes, then the
 * attribute diffs per stack in collapsed sections, then drift. Everything after the headline may be
 * shed to fit the note limit (see note-budget.ts). Every value shown has been masked (mask.ts) and
 * passes the secret filter once more here.
 */
import { DiffEntry, PathStep, forcesReplacement, formatPath } from './attribute-diff';
import { blastRadiusPieces } from './blast-radius';
import { Headline, addHeadlines, describeReason, emptyHeadline, isEmptyHeadline } from './classify';
import { DriftReview } from './drift';
import { SENSITIVE, SecretCollector } from './mask';
import { Piece, fitToLimit } from './note-budget';
import { GateResult } from './policy-gate';
import { compareRisk, needsAttention } from './risk';
import { OutputReview, ResourceReview, SHOWN_VALUE_CHARS, StackReview } from './stack-review';

export const DEFAULT_NOTE_LIMIT = 1_000_000;

export interface NoteOptions {
  /** GitLab refuses notes above 1,000,000 characters. */
  noteLimit: number;
  /** Identifies this reviewer's note among the merge request's notes (see gitlab-notes.ts). */
  marker: string;
}

/** Backticks, " — **", "**" and the shortest change word ("read"), newlines: the least an entry adds to an address. */
const MIN_ENTRY_OVERHEAD = 15;

/** Shed order: attribute diffs give way first, then one-line entries, then the riskiest-first list. */
const PHASE_DIFF = 1;
const PHASE_ENTRY = 2;
const PHASE_ATTENTION = 3;

export function renderNote(stacks: StackReview[], gate: GateResult, secrets: SecretCollector, opts: NoteOptions): string {
  const r = new NoteRenderer(secrets);
  const [markerPiece, ...rest] = r.pieces(stacks, gate, opts.marker, opts.noteLimit);
  // The catch-all of the second line of defence, over every piece whatever section made it (the
  // marker line is the note's own key, not plan data). Done before fitting, so the limit holds.
  return fitToLimit([markerPiece, ...rest.map((p) => scrubPiece(p, secrets))], opts.noteLimit);
}

function scrubPiece(p: Piece, secrets: SecretCollector): Piece {
  if (p.kind === 'fixed') return { ...p, text: secrets.scrub(p.text) };
  if (p.kind === 'sheddable') return { ...p, versions: p.versions.map((v) => secrets.scrub(v)) };
  return { ...p, render: (n) => secrets.scrub(p.render(n)) };
}

/**
 * Characters that change how text reads without being seen: C0/C1 controls (CR, LF: a new line in an
 * address would end the Markdown construct it sits in), bidirectional overrides and isolates (which
 * reorder what a reviewer sees), zero-width and other invisible characters, line and paragraph
 * separators. Shown as \uXXXX escapes.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/g;

export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function inlineCode(text: string): string {
  text = escapeInvisible(text);
  if (!text.includes('`')) return `\`${text}\``;
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(lang: string, lines: string[]): string {
  const body = lines.map(escapeInvisible).join('\n');
  const runs = body.match(/`{3,}/g) ?? [];
  const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${fence}${lang}\n${body}\n${fence}\n`;
}

/** Top-level attribute names, once each: the comment lines name attributes, not every nested path. */
function attributeNames(paths: PathStep[][]): string {
  return [...new Set(paths.map((p) => formatPath(p.slice(0, 1))))].join(', ');
}

/** [full, compact, ''] steps down twice, [full, ''] once, and a piece shed before rendering never. */
function entryPhases(versions: string[]): number[] {
  return versions.length === 3 ? [0, PHASE_DIFF, PHASE_ENTRY] : versions.length === 2 ? [0, PHASE_ENTRY] : [0];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function replaceCell(h: Headline): string {
  const parts: string[] = [];
  if (h.replaceCreateBeforeDestroy) parts.push(`${h.replaceCreateBeforeDestroy} create-before-destroy`);
  if (h.replaceDestroyFirst) parts.push(`${h.replaceDestroyFirst} destroy-first`);
  if (h.replaceCreateThenForget) parts.push(`${h.replaceCreateThenForget} create-then-forget`);
  return parts.length ? `${h.replace} (${parts.join(', ')})` : `${h.replace}`;
}

function headlineRow(label: string, h: Headline): string {
  return `| ${label} | ${h.create} | ${h.update} | ${replaceCell(h)} | ${h.delete} | ${h.import} | ${h.move} | ${h.forget} | ${h.read} |\n`;
}

export function headlineSentence(h: Headline): string {
  if (isEmptyHeadline(h)) return 'no changes';
  const parts: [number, string][] = [
    [h.create, 'to create'],
    [h.update, 'to update'],
    [h.replace, 'to replace'],
    [h.delete, 'to destroy'],
    [h.import, 'to import'],
    [h.move, 'to move'],
    [h.forget, 'to forget'],
    [h.read, 'to read'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** What the sections of one note share while they append their pieces. */
interface NoteState {
  stacks: StackReview[];
  /** Every visible change of every stack, riskiest first. */
  all: ResourceReview[];
  out: Piece[];
  /** Entries the budget is sure to shed: not rendered at all. */
  unrenderable: Set<ResourceReview>;
  fixed(text: string): void;
  /** The shedding rank of a change's entry (higher keeps longer). */
  keepOf(r: ResourceReview): number;
  /** A rank below every change, for sections shed before any change entry. */
  nextKeep(): number;
}

class NoteRenderer {
  constructor(private readonly secrets: SecretCollector) {}

  /** A name from the plan (address, import id, output name, path), hidden whole if it holds a secret. */
  private name(text: string): string {
    return this.secrets.contains(text) ? SENSITIVE : text;
  }

  private code(text: string): string {
    return inlineCode(this.name(text));
  }

  private value(text: string | undefined): string {
    if (text === undefined) return '';
    const safe = this.secrets.redact(text);
    return safe.length > SHOWN_VALUE_CHARS ? `${safe.slice(0, SHOWN_VALUE_CHARS)}… (${safe.length}${safe.length >= 2000 ? '+' : ''} chars)` : safe;
  }

  private diffLines(entries: DiffEntry[], replacePaths: PathStep[][] = []): string[] {
    const lines: string[] = [];
    for (const e of entries) {
      const path = this.name(formatPath(e.path, e.jsonFrom));
      const tail = forcesReplacement(e, replacePaths) ? '  # forces replacement' : '';
      if (e.op !== 'add') lines.push(`- ${path} = ${this.value(e.before)}${e.op === 'remove' ? tail : ''}`);
      if (e.op !== 'remove') lines.push(`+ ${path} = ${this.value(e.after)}${tail}`);
    }
    return lines;
  }

  private describeChange(r: ResourceReview): string {
    const c = r.classification;
    let what: string;
    switch (c.kind) {
      case 'create':
        what = 'create';
        break;
      case 'update':
        what = 'update in place';
        break;
      case 'replace':
        what =
          c.replaceOrder === 'create-before-destroy'
            ? 'replace, create before destroy'
            : c.replaceOrder === 'destroy-before-create'
              ? 'replace, destroy first'
              : 'replace, create new and forget old';
        break;
      case 'delete':
        what = r.deposed ? `destroy deposed object ${this.code(r.deposed)}` : 'destroy';
        break;
      case 'forget':
        what = 'forget (the object stays, Terraform stops managing it)';
        break;
      case 'read':
        what = 'read during apply';
        break;
      case 'no-op':
        what = '';
        break;
    }
    const riders: string[] = [];
    if (c.imported) riders.push(r.importId !== undefined ? `import id ${this.code(r.importId)}` : 'import');
    if (c.moved && r.previousAddress) riders.push(`move from ${this.code(r.previousAddress)}`);
    return [...riders, what].filter((s) => s).join(', then ');
  }

  private resourceTitle(r: ResourceReview, withStack: boolean): string {
    const where = withStack ? `${inlineCode(r.stack)} · ` : '';
    return `${where}${this.code(r.address)} — **${this.describeChange(r)}**`;
  }

  private resourceFacts(r: ResourceReview): string[] {
    const facts: string[] = [];
    if (r.replacePaths.length) facts.push(`forced by ${r.replacePaths.map((p) => this.code(formatPath(p))).join(', ')}`);
    const reason = describeReason(r.actionReason);
    if (reason && r.classification.kind !== 'create' && r.classification.kind !== 'update') facts.push(`because ${reason}`);
    // Protection only matters to a change that destroys or lets go of the object.
    if (r.classification.destroys || r.classification.kind === 'forget') {
      for (const p of r.protection) facts.push(`protected: ${p.reason} (rule ${inlineCode(p.rule)})`);
    }
    if (r.generatedConfig) facts.push('configuration generated by Terraform');
    return facts;
  }

  private resourceBlock(r: ResourceReview): string[] {
    const facts = this.resourceFacts(r);
    const head = `${this.resourceTitle(r, false)}${facts.length ? `<br>${facts.join(' · ')}` : ''}\n`;
    const diff = r.diff;
    const lines = diff ? this.diffLines(diff.entries, r.replacePaths) : [];
    if (diff && diff.knownAfterApply.length) lines.push(`# known after apply: ${this.name(attributeNames(diff.knownAfterApply))}`);
    if (diff && diff.notSetOnNew.length) lines.push(`# not set on the new object: ${this.name(attributeNames(diff.notSetOnNew))}`);
    if (diff && diff.jsonNoise.length) lines.push(`# JSON reformatted only (no change): ${diff.jsonNoise.map((p) => this.name(formatPath(p))).join(', ')}`);
    const full = lines.length ? `${head}${codeBlock('diff', lines)}\n` : `${head}\n`;
    const compact = `${head.trimEnd()}${r.diff || r.detailDropped ? ' · _attribute diff left out: note size limit_' : ''}\n\n`;
    return full === compact ? [full, ''] : [full, compact, ''];
  }

  private attentionItem(r: ResourceReview, n: number): string {
    const icon = r.risk === 'critical' ? ':no_entry:' : r.risk === 'high' ? ':warning:' : ':small_orange_diamond:';
    const facts = this.resourceFacts(r);
    const label = r.risk === 'critical' ? '**protected** ' : r.risk === 'high' ? '**stateful** ' : '';
    return `${n}. ${icon} ${label}${this.resourceTitle(r, true)}${facts.map((f) => `\n   - ${f}`).join('')}\n`;
  }

  /**
   * The note, section by section. A section is a method that appends pieces to `n.out`: fixed text
   * that always stays, or sheddable pieces with shorter versions and a rank (see note-budget.ts).
   * Every piece is scrubbed for secrets and fitted to the limit by renderNote, whichever section made
   * it; a new section (a diagram, say) only needs its place in this list.
   */
  pieces(stacks: StackReview[], gate: GateResult, marker: string, noteLimit: number): Piece[] {
    const n = this.noteState(stacks, noteLimit);
    n.fixed(`<!-- ${marker} -->\n`);
    this.summarySection(n, gate);
    this.attentionSection(n);
    this.stackSections(n);
    this.driftSection(n);
    this.footer(n);
    return n.out;
  }

  private noteState(stacks: StackReview[], noteLimit: number): NoteState {
    const out: Piece[] = [];
    const all = stacks.flatMap((s) => s.resources).sort(compareRisk);
    // Noise is ranked below everything else, so it is the first detail to go.
    const ranked = [...all.filter((r) => !r.noise), ...all.filter((r) => r.noise)];
    const keepOf = new Map(ranked.map((r, i) => [r, -i]));
    let nextKeep = -ranked.length;
    // An entry is at least its address and the change in words. Once the entries ranked above one
    // need more than the whole note even at that size, the budget is sure to shed it: such entries
    // are not rendered at all (a plan of 40,000 changes fills a note with a fraction of them).
    const unrenderable = new Set<ResourceReview>();
    let atLeast = 0;
    for (const r of ranked) {
      atLeast += r.address.length + MIN_ENTRY_OVERHEAD;
      if (atLeast > noteLimit) unrenderable.add(r);
    }
    return {
      stacks,
      all,
      out,
      unrenderable,
      fixed: (text) => out.push({ kind: 'fixed', text }),
      keepOf: (r) => keepOf.get(r) ?? 0,
      nextKeep: () => nextKeep--,
    };
  }

  /** Title, gate verdict, headline table and warnings: never shed. */
  private summarySection(n: NoteState, gate: GateResult): void {
    const { stacks, fixed } = n;
    fixed('### Terraform plan review\n\n');
    fixed(this.gateLine(gate));
    fixed('| Stack | Create | Update | Replace | Delete | Import | Move | Forget | Read |\n| :-- | --: | --: | :-- | --: | --: | --: | --: | --: |\n');
    for (const s of stacks) fixed(headlineRow(inlineCode(s.stack), s.headline));
    if (stacks.length > 1) fixed(headlineRow('**All stacks**', stacks.map((s) => s.headline).reduce(addHeadlines, emptyHeadline())));
    fixed('\n');
    for (const s of stacks) for (const w of s.warnings) fixed(`> :warning: ${inlineCode(s.stack)}: ${w}\n\n`);
  }

  private attentionSection(n: NoteState): void {
    const { out, fixed } = n;
    const attention = n.all.filter(needsAttention);
    if (!attention.length) return;
    fixed('#### Destroys, replacements and forgets, riskiest first\n\n');
    attention.forEach((r, i) => {
      out.push({ kind: 'sheddable', versions: [this.attentionItem(r, i + 1), ''], phases: [0, PHASE_ATTENTION], keep: -i, group: 'attention' });
    });
    out.push({
      kind: 'notice',
      group: 'attention',
      render: (k) =>
        k === 0
          ? ''
          : k === attention.length
            ? `_${plural(k, 'entry', 'entries')} left out to fit the note size limit._\n`
            : `\n_…and ${plural(k, 'more entry', 'more entries')}, left out to fit the note size limit._\n`,
    });
    fixed('\n');
  }

  private stackSections(n: NoteState): void {
    const { out, fixed, unrenderable } = n;
    const entry = (r: ResourceReview): string[] => (unrenderable.has(r) ? [''] : this.resourceBlock(r));
    fixed('#### Changes by stack\n\n');
    for (const s of n.stacks) {
      const group = `stack:${s.stack}`;
      fixed(`<details><summary><b>${s.stack}</b>: ${headlineSentence(s.headline)}</summary>\n\n`);
      const main = s.resources.filter((r) => !r.noise);
      const noise = s.resources.filter((r) => r.noise);
      if (main.length === 0 && noise.length === 0 && s.outputs.length === 0) fixed('No resource changes.\n\n');
      for (const r of main) {
        const versions = entry(r);
        out.push({ kind: 'sheddable', versions, phases: entryPhases(versions), keep: n.keepOf(r), group });
      }
      if (noise.length) {
        // When none of the noise can be shown, its (empty) section is left out too; the count stays.
        const shown = noise.some((r) => !unrenderable.has(r));
        if (shown) fixed(`<details><summary>Noise: ${plural(noise.length, 'change')} to tags or JSON formatting only</summary>\n\n`);
        for (const r of noise) {
          const versions = entry(r);
          out.push({ kind: 'sheddable', versions, phases: entryPhases(versions), keep: n.keepOf(r), group });
        }
        if (shown) fixed('</details>\n\n');
      }
      if (s.outputs.length) {
        const text = `**Outputs**\n${codeBlock('diff', this.outputLines(s.outputs))}\n`;
        out.push({ kind: 'sheddable', versions: [text, ''], phases: [0, PHASE_ENTRY], keep: n.nextKeep(), group });
      }
      if (s.deferred.length) {
        fixed(`**Deferred to a later plan:** ${s.deferred.map((d) => `${this.code(d.address)} (${d.reason.replace(/_/g, ' ')})`).join(', ')}\n\n`);
      }
      out.push(...blastRadiusPieces(s, PHASE_DIFF));
      out.push({ kind: 'notice', group, render: (k) => (k ? `_${plural(k, 'more entry', 'more entries')} left out to fit the note size limit; the full plan is in the job's artifacts._\n\n` : '') });
      fixed('</details>\n\n');
    }
  }

  private driftSection(n: NoteState): void {
    const drift = n.stacks.flatMap((s) => s.drift);
    if (drift.length || n.stacks.some((s) => s.driftDetailDropped)) this.driftPieces(drift, n.stacks, n.out, n.nextKeep);
  }

  private footer(n: NoteState): void {
    const versions = [...new Set(n.stacks.map((s) => s.terraformVersion).filter((v): v is string => !!v))].sort();
    const formats = [...new Set(n.stacks.map((s) => s.formatVersion))].sort();
    n.fixed(`<sub>plan-review · ${versions.length ? `Terraform ${versions.join(', ')} · ` : ''}plan format ${formats.join(', ')}</sub>\n`);
  }

  private gateLine(gate: GateResult): string {
    const label = `~"${gate.overrideLabel}"`;
    const count = plural(gate.violations.length, 'protected resource');
    switch (gate.status) {
      case 'passed':
        return ':white_check_mark: **Policy gate passed:** no protected resource is destroyed or replaced.\n\n';
      case 'blocked':
        return `:no_entry: **Policy gate failed:** ${count} would be destroyed or replaced (marked below). If that is intended, add the label ${label} to the merge request and run the pipeline again.\n\n`;
      case 'overridden':
        return `:warning: **Policy gate overridden** by the label ${label}: ${count} will be destroyed or replaced (marked below).\n\n`;
    }
  }

  private outputLines(outputs: OutputReview[]): string[] {
    const lines: string[] = [];
    for (const o of outputs) {
      const name = this.name(o.name);
      if (o.before !== undefined && o.kind !== 'create') lines.push(`- ${name} = ${this.value(o.before)}`);
      if (o.after !== undefined) lines.push(`+ ${name} = ${this.value(o.after)}`);
    }
    return lines;
  }

  private driftPieces(drift: DriftReview[], stacks: StackReview[], out: Piece[], nextKeep: () => number): void {
    const relevant = drift.filter((d) => d.kind === 'delete' || d.relevant.length > 0);
    const other = drift.filter((d) => d.kind === 'update' && d.otherAttributes.length > 0);
    const fixed = (text: string) => out.push({ kind: 'fixed', text });
    fixed('#### Changed outside Terraform\n\n');
    if (relevant.length) {
      fixed(`<details><summary>${plural(relevant.length, 'object')} changed outside Terraform in ways that affect this plan</summary>\n\n`);
      for (const d of relevant) {
        const head = `${inlineCode(d.stack)} · ${this.code(d.address)} — **${d.kind === 'delete' ? 'deleted outside Terraform' : 'changed outside Terraform'}**\n`;
        const full = d.relevant.length ? `${head}${codeBlock('diff', this.diffLines(d.relevant))}\n` : `${head}\n`;
        const compact = `${head.trimEnd()}${d.relevant.length ? ' · _diff left out: note size limit_' : ''}\n\n`;
        const versions = full === compact ? [full, ''] : [full, compact, ''];
        out.push({ kind: 'sheddable', versions, phases: entryPhases(versions), keep: nextKeep(), group: 'drift' });
      }
      out.push({ kind: 'notice', group: 'drift', render: (n) => (n ? `_${plural(n, 'more entry', 'more entries')} left out to fit the note size limit._\n\n` : '') });
      fixed('</details>\n\n');
    }
    if (other.length) {
      const list = other.map((d) => `${inlineCode(d.stack)} · ${this.code(d.address)} (${d.otherAttributes.map((a) => this.code(a)).join(', ')})`).join(', ');
      const text = `${plural(other.length, 'object')} also drifted in attributes that do not affect this plan: ${list}.\n\n`;
      const short = `${plural(other.length, 'object')} also drifted in attributes that do not affect this plan.\n\n`;
      out.push({ kind: 'sheddable', versions: [text, short], phases: [0, PHASE_ENTRY], keep: nextKeep() });
    }
    if (stacks.some((s) => s.driftDetailDropped)) fixed('_Some drift details were left out: the plan is larger than the note can show._\n\n');
  }
}
