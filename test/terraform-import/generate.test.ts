/**
 * Code generation from a manifest: import blocks on imported resources, data sources for the landing
 * zone, references instead of literal IDs, literals where the target is skipped, secrets kept out with
 * ignore_changes, and atomic output (a failed run leaves the previous files).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFilesAtomic } from '../../terraform-import/atomic-write';
import { DiscoveredResource, ref } from '../../terraform-import/discovery/model';
import { DECLARED_FILE, generateStack, STACK_FILE } from '../../terraform-import/generate/generate-stack';
import { buildManifest } from '../../terraform-import/manifest/manifest';

const r = (type: string, id: string, name: string, attributes: DiscoveredResource['attributes'], extra: Partial<DiscoveredResource> = {}): DiscoveredResource => ({
  type,
  id,
  importId: id,
  name,
  tags: {},
  attributes,
  ...extra,
});

const resources: DiscoveredResource[] = [
  r('aws_vpc', 'vpc-1', 'core', { cidrBlock: '10.0.0.0/16' }, { tags: { LandingZone: 'true' } }),
  r('aws_security_group', 'sg-1', 'web', { name: 'web', description: 'web', vpcId: ref('vpc-1') }),
  r('aws_security_group', 'sg-9', 'skipped', { name: 'skipped', description: 's', vpcId: ref('vpc-1') }),
  r('aws_vpc_security_group_ingress_rule', 'sgr-1', 'web_from_skipped', { securityGroupId: ref('sg-1'), ipProtocol: 'tcp', fromPort: 443, toPort: 443, referencedSecurityGroupId: ref('sg-9') }),
  r('aws_vpc_security_group_ingress_rule', 'sgr-2', 'web_self', { securityGroupId: ref('sg-1'), ipProtocol: '-1', referencedSecurityGroupId: ref('sg-1') }),
  r('aws_ssm_parameter', '/app/key', 'default', { name: '/app/key', type: 'SecureString', value: 'set-outside-terraform' }, { secretArguments: ['value'] }),
  r('aws_lb_target_group_attachment', 'tg/i-1', 'tg_i_1', { targetGroupArn: 'arn:tg', targetId: 'i-1' }, { declareOnly: 'cannot be imported' }),
];

describe('generate', () => {
  const manifest = buildManifest('eu-central-1', resources, { landingZoneTags: [{ LandingZone: 'true' }] });
  manifest.entries.find((e) => e.id === 'sg-9')!.decision = 'skip';
  const files = generateStack(manifest);
  const code = files[STACK_FILE];

  it('imports each imported resource at its manifest address, and reads the landing zone with a data source', () => {
    expect(code).toContain('const web = new SecurityGroup(this, "web", {');
    expect(code).toContain('web.importFrom("sg-1");');
    expect(code).toContain('const core = new DataAwsVpc(this, "core", { id: "vpc-1" });');
    expect(code).not.toMatch(/new Vpc\(/);
    // deep imports only: never the package root
    expect(code).toContain("import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';");
    expect(code).not.toMatch(/from '@cdktf\/provider-aws'/);
  });

  it('writes references between generated resources (self references too) and literals for skipped targets', () => {
    expect(code).toMatch(/vpcId: core\.id,/);
    expect(code).toMatch(/securityGroupId: web\.id,\n\s+ipProtocol: "-1",\n\s+referencedSecurityGroupId: web\.id,/);
    expect(code).toMatch(/referencedSecurityGroupId: "sg-9",/);
    // a resource is declared before what refers to it
    expect(code.indexOf('const web =')).toBeLessThan(code.indexOf('const webSelf ='));
  });

  it('keeps secrets out: ignore_changes on the value, with the reason', () => {
    expect(code).toMatch(/\/\/ value: secret\. AWS holds the value[^\n]*\n[^\n]*\n\s+lifecycle: \{ ignoreChanges: \["value"\] \},/);
  });

  it('declares target registrations without an import and lists them for verify', () => {
    expect(code).toContain('// Declared, not imported: cannot be imported.');
    expect(code).not.toContain('importFrom("tg/i-1")');
    expect(JSON.parse(files[DECLARED_FILE])).toEqual(['aws_lb_target_group_attachment.tg_i_1']);
  });

  it('joins several attributes of a target where one argument names it by more than one (a task definition as family:revision)', () => {
    const arn = 'arn:aws:ecs:eu-central-1:123456789012:task-definition/web:3';
    const taskRef = ref(arn, 'family', 'web:3', 'aws_ecs_task_definition', '{family}:{revision}');
    const service = r('aws_ecs_service', 'svc', 'svc', { taskDefinition: taskRef });
    const task = r('aws_ecs_task_definition', arn, 'web_3', { family: 'web' });
    const withTask = generateStack(buildManifest('eu-central-1', [task, service], {}))[STACK_FILE];
    // a string attribute for the number too: a revision becomes part of the string as a reference
    expect(withTask).toContain('taskDefinition: `${web3.getStringAttribute("family")}:${web3.getStringAttribute("revision")}`,');
    // the target not generated: the literal, as AWS named it
    expect(generateStack(buildManifest('eu-central-1', [service], {}))[STACK_FILE]).toContain('taskDefinition: "web:3",');
  });

  it('is deterministic', () => {
    expect(generateStack(buildManifest('eu-central-1', [...resources].reverse(), { landingZoneTags: [{ LandingZone: 'true' }] }))[STACK_FILE]).toBe(
      generateStack(buildManifest('eu-central-1', resources, { landingZoneTags: [{ LandingZone: 'true' }] }))[STACK_FILE],
    );
  });

  it('writes all files or none: a failure leaves the previous output', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-generate-'));
    try {
      writeFilesAtomic({ [path.join(dir, 'a.ts')]: 'old a', [path.join(dir, 'b.ts')]: 'old b' });
      // a file where a folder must be: fails for root too
      fs.writeFileSync(path.join(dir, 'blocked'), 'a file');
      expect(() => writeFilesAtomic({ [path.join(dir, 'a.ts')]: 'new a', [path.join(dir, 'blocked', 'c.ts')]: 'new c' })).toThrow(/ENOTDIR|EEXIST/);
      expect(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8')).toBe('old a');
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
