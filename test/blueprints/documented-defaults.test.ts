/**
 * Every optional prop of a blueprint or building block says what happens when it is left out
 * (`@default`, as aws-cdk documents its constructs): a reader of a props interface must not have to read
 * the construct's code to learn which default is the secure one.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
/** blueprints/ and every folder in it: the building blocks and each blueprint, a new one included. */
function blueprintFolders(): string[] {
  const root = path.join(PROJECT_ROOT, 'blueprints');
  const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join('blueprints', e.name));
  return ['blueprints', ...folders];
}

/** `file:line Interface.prop` of every optional member of an exported interface without `@default` in its doc comment. */
function undocumentedDefaults(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const missing: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.questionToken) continue;
      const docs = ts.getJSDocCommentsAndTags(member).map((d) => d.getText()).join('\n');
      if (!/@default\b/.test(docs)) missing.push(`${fileName}:${source.getLineAndCharacterOfPosition(member.getStart()).line + 1} ${node.name.text}.${member.name.getText()}`);
    }
  });
  return missing;
}

describe('documented defaults', () => {
  it('finds an optional prop without @default, and accepts one with it, a required one and a non-exported interface', () => {
    const text = [
      'export interface ShopProps {',
      '  /** Required: needs no default. */',
      '  name: string;',
      '  /** Days kept. @default 30 */',
      '  retentionDays?: number;',
      '  /** Whether to delete on destroy. */',
      '  forceDestroy?: boolean;',
      '  noDoc?: string;',
      '}',
      'interface Internal { loose?: string }',
    ].join('\n');
    expect(undocumentedDefaults('shop.ts', text)).toEqual(['shop.ts:7 ShopProps.forceDestroy', 'shop.ts:8 ShopProps.noDoc']);
  });

  it('holds for every blueprint and building block', () => {
    const files = blueprintFolders().flatMap((folder) =>
      fs
        .readdirSync(path.join(PROJECT_ROOT, folder))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(folder, f)),
    );
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => undocumentedDefaults(f, fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8')))).toEqual([]);
  });
});
