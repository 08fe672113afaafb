/**
 * A Mermaid flowchart as data, and its text. Every label passes through `mermaidLabel`, so a name
 * with quotes, brackets or pipes (they come from user config) cannot end a label early or start
 * Mermaid syntax: anything outside a small safe set is written as a Mermaid entity code (`#35;`).
 */

export type NodeShape = 'box' | 'rounded' | 'database' | 'stadium';

export interface FlowNode {
  id: string;
  /** Lines of plain text; escaped when rendered. */
  lines: string[];
  shape?: NodeShape;
  /** A `classDef` name from `Flowchart.classes`. */
  className?: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  dotted?: boolean;
}

export interface Subgraph {
  id: string;
  title: string;
  nodes: string[];
  subgraphs: Subgraph[];
}

export interface Flowchart {
  direction: 'LR' | 'TB';
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Nodes not listed in any subgraph are drawn at the top level. */
  subgraphs: Subgraph[];
  classes?: Record<string, string>;
}

const SAFE = /[A-Za-z0-9 .,:/_+=@*-]/;

/** Text as it can stand inside a quoted Mermaid label. */
export function mermaidLabel(text: string): string {
  return [...text].map((ch) => (SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}

const SHAPES: Record<NodeShape, [string, string]> = {
  box: ['[', ']'],
  rounded: ['(', ')'],
  database: ['[(', ')]'],
  stadium: ['([', '])'],
};

function nodeText(node: FlowNode): string {
  const [open, close] = SHAPES[node.shape ?? 'box'];
  return `${node.id}${open}"${node.lines.map(mermaidLabel).join('<br/>')}"${close}`;
}

export function renderFlowchart(chart: Flowchart): string {
  const byId = new Map(chart.nodes.map((n) => [n.id, n]));
  const placed = new Set<string>();
  const out = [`flowchart ${chart.direction}`];
  const emitSubgraph = (sg: Subgraph, indent: string) => {
    out.push(`${indent}subgraph ${sg.id}["${mermaidLabel(sg.title)}"]`);
    for (const inner of sg.subgraphs) emitSubgraph(inner, `${indent}  `);
    for (const id of sg.nodes) {
      const node = byId.get(id);
      if (!node) throw new Error(`subgraph ${sg.id} lists unknown node ${id}`);
      placed.add(id);
      out.push(`${indent}  ${nodeText(node)}`);
    }
    out.push(`${indent}end`);
  };
  for (const sg of chart.subgraphs) emitSubgraph(sg, '  ');
  for (const node of chart.nodes) if (!placed.has(node.id)) out.push(`  ${nodeText(node)}`);
  for (const e of chart.edges) out.push(`  ${e.from} ${e.dotted ? '-.->' : '-->'} ${e.to}`);
  for (const [name, style] of Object.entries(chart.classes ?? {})) {
    const members = chart.nodes.filter((n) => n.className === name).map((n) => n.id);
    if (members.length) out.push(`  classDef ${name} ${style}`, `  class ${members.join(',')} ${name}`);
  }
  return `${out.join('\n')}\n`;
}
