/**
 * The manifest decides per resource and survives re-runs: landing-zone resources are referenced
 * (or skipped when no data source can read them), AWS-managed and already-managed ones skipped, the
 * user's changed decisions and every name kept, names unique and valid Terraform identifiers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiscoveredResource, ref } from '../../terraform-import/discovery/model';
import { readStateFile } from '../../terraform-import/manifest/decision-inputs';
import { buildManifest, formatManifest, ManifestError, readManifest, writeManifest } from '../../terraform-import/manifest/manifest';
import { identifierFrom } from '../../terraform-import/manifest/names';

const resource = (type: string, id: string, name: string, extra: Partial<DiscoveredResource> = {}): DiscoveredResource => ({ type, id, importId: id, name, tags: {}, attributes: {}, ...extra });

const vpc = resource('aws_vpc', 'vpc-1', 'core', { tags: { LandingZone: 'true' } });
const defaultVpc = resource('aws_vpc', 'vpc-0', 'vpc-0', { skipReason: 'AWS-managed: the default VPC' });
const igw = resource('aws_internet_gateway', 'igw-1', 'core', { tags: { LandingZone: 'true' }, attributes: { vpcId: ref('vpc-1') } });
const sg = resource('aws_security_group', 'sg-1', 'web', { attributes: { vpcId: ref('vpc-1') } });
const sg2 = resource('aws_security_group', 'sg-2', 'web');
const managed = resource('aws_instance', 'i-1', 'app-1');

describe('import manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-manifest-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decides reference for landing-zone resources with a data source, skip for those without, AWS-managed and state-managed ones', () => {
    const m = buildManifest('eu-central-1', [vpc, defaultVpc, igw, sg, managed], {
      landingZoneTags: [{ LandingZone: 'true' }],
      managed: [{ type: 'aws_instance', ids: new Set(['i-1']), where: 'app.tfstate' }],
    });
    const by = (id: string) => m.entries.find((e) => e.id === id)!;
    expect([by('vpc-1').decision, by('vpc-1').address]).toEqual(['reference', 'data.aws_vpc.core_vpc']);
    expect([by('igw-1').decision, by('igw-1').reason]).toEqual(['skip', 'owned by the landing zone (tag LandingZone=true): no data source for this type']);
    expect([by('vpc-0').decision, by('vpc-0').reason]).toEqual(['skip', 'AWS-managed: the default VPC']);
    expect([by('i-1').decision, by('i-1').reason]).toEqual(['skip', 'already in Terraform state app.tfstate']);
    expect([by('sg-1').decision, by('sg-1').address]).toEqual(['import', 'aws_security_group.web']);
  });

  it('gives unique names across the stack, valid identifiers, the same ones again on a re-run', () => {
    const m = buildManifest('eu-central-1', [vpc, igw, sg, sg2], {});
    // in type order; a clash takes the type as suffix, then a number
    expect(m.entries.map((e) => e.name)).toEqual(['core', 'web', 'web_security_group', 'core_vpc']);
    const three = buildManifest('eu-central-1', [sg, sg2, resource('aws_security_group', 'sg-3', 'web')], {});
    expect(three.entries.map((e) => e.name)).toEqual(['web', 'web_security_group', 'web_2']);
    expect(identifierFrom('9-Front End/Prod')).toBe('r_9_front_end_prod');
    expect(identifierFrom('LegacyApp')).toBe('legacy_app');
    const again = buildManifest('eu-central-1', [sg2, sg, igw, vpc], {}, m);
    expect(again.entries.map((e) => e.name)).toEqual(m.entries.map((e) => e.name));
  });

  it('keeps a decision the user changed, and the names, through write, read and a new discover', () => {
    const file = path.join(dir, 'm.yaml');
    const first = buildManifest('eu-central-1', [sg, sg2], {});
    first.entries[1].decision = 'skip';
    first.entries[1].reason = 'retired next week';
    first.entries[0].name = 'frontend';
    writeManifest(file, first);
    const merged = buildManifest('eu-central-1', [sg, sg2, managed], {}, readManifest(file));
    expect(merged.entries.map((e) => [e.id, e.name, e.decision, e.reason])).toEqual([
      ['i-1', 'app_1', 'import', 'discovered, not managed by Terraform'],
      ['sg-1', 'frontend', 'import', 'discovered, not managed by Terraform'],
      ['sg-2', 'web_security_group', 'skip', 'retired next week'],
    ]);
    expect(formatManifest(merged)).toBe(formatManifest(buildManifest('eu-central-1', [managed, sg2, sg], {}, readManifest(file))));
  });

  it('reports every problem of a hand-edited manifest with file and key path', () => {
    const file = path.join(dir, 'bad.yaml');
    writeManifest(file, buildManifest('eu-central-1', [sg, sg2], {}));
    const text = fs.readFileSync(file, 'utf8').replace('decision: import', 'decision: adopt').replace('name: web_security_group', 'name: Web-2');
    fs.writeFileSync(file, text);
    expect(() => readManifest(file)).toThrow(ManifestError);
    expect(() => readManifest(file)).toThrow(`${file}: resources[0].decision: expected import, reference or skip, found "adopt"\n${file}: resources[1].name: expected a Terraform name (lower-case letters, digits, _), found "Web-2"`);
  });

  it('reads IDs from a .tfstate and from terraform show -json', () => {
    const tfstate = path.join(dir, 's.tfstate');
    fs.writeFileSync(tfstate, JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_instance', name: 'a', instances: [{ attributes: { id: 'i-1', arn: 'arn:i-1' } }] }, { mode: 'data', type: 'aws_vpc', name: 'v', instances: [{ attributes: { id: 'vpc-1' } }] }] }));
    expect(readStateFile(tfstate).map((m) => [m.type, [...m.ids]])).toEqual([['aws_instance', ['i-1', 'arn:i-1']]]);
    const shown = path.join(dir, 'show.json');
    fs.writeFileSync(shown, JSON.stringify({ values: { root_module: { resources: [], child_modules: [{ resources: [{ mode: 'managed', type: 'aws_s3_bucket', values: { id: 'b', bucket: 'b' } }] }] } } }));
    expect(readStateFile(shown).map((m) => [m.type, [...m.ids]])).toEqual([['aws_s3_bucket', ['b']]]);
    fs.writeFileSync(shown, '{"nothing": true}');
    expect(() => readStateFile(shown)).toThrow(/not a Terraform state: expected "resources"/);
  });
});
